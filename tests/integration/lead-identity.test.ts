import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connect } from '../helpers/redis';
import { LEAD_TOKENS, TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid } from '../helpers/events';

/** Who did what: acks, silences and notes record the name of the token that made them, never a name the body gives. */

let redis: Redis;
const servers: TestServer[] = [];
beforeAll(() => { redis = connect(); });
afterAll(async () => { for (const s of servers) await s.close(); redis.disconnect(); });

async function api(s: TestServer, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

/** A server with one firing alert, `chat-queue:chat` (more than one chat contact waiting). */
async function firing(): Promise<TestServer> {
  const s = await startTestServer(redis, { now: Date.now(), alerting: { intervalMs: 100, leaseMs: 1500 } });
  servers.push(s);
  const rule = { id: 'chat-queue', metric: 'waiting', channel: 'chat', op: '>', threshold: 1, for: 0, clearFor: 0, severity: 'critical', routes: ['*'] };
  expect((await api(s, 'PUT', '/rules', TOKENS.admin, [rule])).status).toBe(200);
  s.clock.set(Date.now());
  await s.post([1, 2].map(() => ({ id: eid(), type: 'contact.queued', at: Date.now() - 1000, channel: 'chat', contactId: eid('c') })));
  for (let i = 0; i < 100; i++) {
    if ((await api(s, 'GET', '/alerts', TOKENS.viewer)).body.active.some((a: { state: string }) => a.state === 'firing')) return s;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('the alert did not fire');
}

describe('named lead tokens', () => {
  it('whoami names the token: a named lead by its name, an unnamed token by its role', async () => {
    const s = await startTestServer(redis, { now: Date.now() });
    servers.push(s);
    expect((await api(s, 'GET', '/whoami', LEAD_TOKENS.sam)).body).toEqual({ role: 'lead', name: 'sam' });
    expect((await api(s, 'GET', '/whoami', TOKENS.lead)).body).toEqual({ role: 'lead', name: 'lead' });
    expect((await api(s, 'GET', '/whoami', TOKENS.admin)).body).toEqual({ role: 'admin', name: 'admin' });
    expect((await api(s, 'GET', '/whoami', TOKENS.viewer)).body).toEqual({ role: 'viewer', name: 'viewer' });
  });

  it('acks, silences and notes record the token\'s name; a body naming someone else is refused and changes nothing', async () => {
    const s = await firing();
    const id = 'chat-queue:chat';
    const forged = await api(s, 'POST', `/alerts/${id}/ack`, LEAD_TOKENS.sam, { note: 'on it', by: 'Head of Support (CEO)' });
    expect(forged.status).toBe(400);
    expect(forged.body.error).toMatch(/^by: is recorded from your token/);
    expect((await api(s, 'POST', '/silences', LEAD_TOKENS.sam, { alertId: id, minutes: 15, reason: 'r', by: 'CEO' })).body.error).toMatch(/^by:/);
    expect((await api(s, 'POST', '/annotations', LEAD_TOKENS.sam, { text: 'x', start: Date.now(), by: 'CEO' })).body.error).toMatch(/^by:/);
    expect((await api(s, 'GET', '/alerts', TOKENS.viewer)).body.active[0]).toMatchObject({ ackedBy: null });

    expect((await api(s, 'POST', `/alerts/${id}/ack`, LEAD_TOKENS.sam, { note: 'moving agents' })).body).toMatchObject({ ackedBy: 'sam' });
    expect((await api(s, 'POST', '/silences', LEAD_TOKENS.ana, { alertId: id, minutes: 15, reason: 'known outage' })).status).toBe(200);
    expect((await api(s, 'POST', `/alerts/${id}/ack`, TOKENS.admin, { note: 'admin too' })).body).toMatchObject({ ackedBy: 'admin' });
    expect((await api(s, 'POST', `/alerts/${id}/ack`, TOKENS.lead, {})).body).toMatchObject({ ackedBy: 'lead' });
    const note = await api(s, 'POST', '/annotations', LEAD_TOKENS.ana, { text: 'carrier delay', start: Date.now() });
    expect(note.body).toMatchObject({ by: 'ana' });
    const history = (await api(s, 'GET', '/alerts', TOKENS.viewer)).body.history as { kind: string; by?: string }[];
    expect(history.filter((t) => t.kind === 'acked').map((t) => t.by).sort()).toEqual(['admin', 'lead', 'sam']);
    expect(history.find((t) => t.kind === 'silenced')).toMatchObject({ by: 'ana', reason: 'known outage' });
  });
});

describe('text that could read as something else', () => {
  const RLO = '\u202e';
  it('notes, reasons and annotation texts with bidirectional or control characters are a 400 naming the field', async () => {
    const s = await firing();
    const id = 'chat-queue:chat';
    for (const [body, field] of [[{ note: `ok ${RLO}kcatta` }, 'note'], [{ note: 'two\nlines' }, 'note'], [{ note: 'bell\u0007' }, 'note'], [{ note: 'c1\u0085' }, 'note']] as const) {
      const r = await api(s, 'POST', `/alerts/${id}/ack`, LEAD_TOKENS.sam, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatch(new RegExp(`^${field}: must not contain control characters or bidirectional controls`));
    }
    for (const ch of ['\u2066', '\u200f', '\u061c', '\u202a']) {
      const r = await api(s, 'POST', '/silences', LEAD_TOKENS.sam, { alertId: id, minutes: 15, reason: `known ${ch}outage` });
      expect(r.body.error).toMatch(/^reason: must not contain/);
    }
    const a = await api(s, 'POST', '/annotations', LEAD_TOKENS.sam, { text: `delay ${RLO}XXX`, start: Date.now() });
    expect(a.status).toBe(400);
    expect(a.body.error).toMatch(/^text: must not contain/);
    expect((await api(s, 'GET', '/alerts', TOKENS.viewer)).body.active[0]).toMatchObject({ ackedBy: null, silencedUntil: null });
    expect((await api(s, 'POST', `/alerts/${id}/ack`, LEAD_TOKENS.sam, { note: 'émoji ✓ and عربى are fine' })).status).toBe(200);
  });

  it('events with them in queue, reason, contactId or agentId are rejected one by one, naming the field', async () => {
    const s = await startTestServer(redis, { now: Date.now() });
    servers.push(s);
    const at = Date.now();
    const queued = (over: object) => ({ id: eid(), type: 'contact.queued', at, channel: 'chat', contactId: eid('c'), ...over });
    const r = await s.post([
      queued({ queue: `vip${'\u202e'}` }),
      queued({ reason: 'refund\u2069' }),
      queued({ contactId: 'c\u200e1' }),
      { id: eid(), type: 'agent.status', at, channel: 'chat', agentId: 'a\u001b[31m', status: 'available' },
      { id: eid(), type: 'csat.submitted', at, channel: 'chat', score: 5, contactId: 'x\u009b' },
      queued({ queue: 'billing', reason: 'refund' }),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected.map((x: { index: number; error: string }) => [x.index, x.error.split(':')[0]])).toEqual([
      [0, 'queue'], [1, 'reason'], [2, 'contactId'], [3, 'agentId'], [4, 'contactId'],
    ]);
    expect(r.body.rejected[0].error).toMatch(/must not contain control characters or bidirectional controls/);
  });
});
