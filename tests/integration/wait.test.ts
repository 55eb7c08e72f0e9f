import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaitReply } from '../../shared/wait';
import { TOKENS, WIDGET_KEY, startTestServer, type TestServer } from '../helpers/app';
import { eid, ev } from '../helpers/events';
import { connect, testStore } from '../helpers/redis';
import type { PeakEvent } from '../../shared/events';
import { readWaitPlace } from '../../server/store/wait-store';

let redis: Redis;
let srv: TestServer;
const NOW = Date.parse('2026-11-27T12:00:00Z');
const at = (s: number) => new Date(NOW - 3_600_000 + s * 1000).toISOString();

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW });
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

async function wait(s: TestServer, query: string, key: string | null = WIDGET_KEY): Promise<{ status: number; body: WaitReply }> {
  const res = await fetch(`${s.url}/api/v1/wait?${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.status, body: await res.json() };
}

const posted = async (s: TestServer, events: unknown[]) => expect((await s.post(events)).status).toBe(200);

describe('GET /api/v1/wait: the place in the queue', () => {
  it('ranks a contact by queued time in its queue and in the channel, ties broken by contact id', async () => {
    const s = await startTestServer(redis, { now: NOW });
    try {
      await posted(s, [
        ev.queued('w-a', at(10), 'chat', { queue: 'de' }),
        ev.queued('w-b', at(20), 'chat', { queue: 'uk' }),
        ev.queued('w-c', at(20), 'chat', { queue: 'de' }),
        ev.queued('w-d', at(30), 'chat'),
        ev.queued('w-e', at(5), 'voice'),
      ]);
      expect((await wait(s, 'channel=chat&queue=de&contactId=w-c')).body).toMatchObject({ position: 2, waiting: 2, queue: 'de' });
      // Channel-wide: w-a (10), then w-b and w-c at 20 s ordered by id, then w-d.
      const places = await Promise.all(['w-a', 'w-b', 'w-c', 'w-d'].map(async (c) => (await wait(s, `channel=chat&contactId=${c}`)).body.position));
      expect(places).toEqual([1, 2, 3, 4]);
      expect((await wait(s, 'channel=chat&queue=uk&contactId=w-b')).body.position).toBe(1);
      // Not waiting in that queue, or on another channel: null.
      expect((await wait(s, 'channel=chat&queue=uk&contactId=w-a')).body.position).toBeNull();
      expect((await wait(s, 'channel=chat&contactId=w-e')).body.position).toBeNull();
      // Without a contact: the estimate of one arriving now, at the back.
      expect((await wait(s, 'channel=chat')).body).toMatchObject({ position: 5, waiting: 4 });
      expect((await wait(s, 'channel=chat&queue=fr')).body).toMatchObject({ position: 1, waiting: 0 });
    } finally {
      await s.close();
    }
  });

  it('is null once the contact is answered or abandoned, and those behind move up', async () => {
    const s = await startTestServer(redis, { now: NOW });
    try {
      await posted(s, [ev.queued('x-1', at(1)), ev.queued('x-2', at(2)), ev.queued('x-3', at(3))]);
      expect((await wait(s, 'channel=chat&contactId=x-3')).body.position).toBe(3);
      await posted(s, [ev.answered('x-1', at(40))]);
      expect((await wait(s, 'channel=chat&contactId=x-1')).body).toMatchObject({ position: null, ewtSeconds: null, ewtRange: null });
      expect((await wait(s, 'channel=chat&contactId=x-3')).body.position).toBe(2);
      await posted(s, [ev.abandoned('x-2', at(50))]);
      expect((await wait(s, 'channel=chat&contactId=x-2')).body.position).toBeNull();
      expect((await wait(s, 'channel=chat&contactId=x-3')).body.position).toBe(1);
      expect((await wait(s, 'channel=chat&contactId=nobody')).body.position).toBeNull();
    } finally {
      await s.close();
    }
  });

  it('is exact whatever the order the events arrive in (queued, answered, abandoned; shuffled)', async () => {
    const contact = fc.record({ t: fc.integer({ min: 0, max: 30 }), queue: fc.constantFrom('', 'de', 'uk'), end: fc.constantFrom('none', 'answered', 'abandoned') });
    await fc.assert(fc.asyncProperty(fc.array(contact, { minLength: 1, maxLength: 12 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), async (contacts, order) => {
      const store = testStore(redis, () => NOW);
      {
        const tag = eid('p');
        const cs = contacts.map((c, i) => ({ ...c, id: `${tag}-${String(i).padStart(2, '0')}` }));
        const x = (c: (typeof cs)[number]) => (c.queue ? { queue: c.queue } : {});
        const events = cs.flatMap((c) => [
          ev.queued(c.id, at(c.t), 'chat', x(c)),
          ...(c.end === 'answered' ? [ev.answered(c.id, at(c.t + 60), 'chat', x(c))] : []),
          ...(c.end === 'abandoned' ? [ev.abandoned(c.id, at(c.t + 60), 'chat', x(c))] : []),
        ]);
        const shuffled = events.map((e) => [order.next().value, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
        // In two batches, so some answers land before their contact is queued.
        await store.applyEvents(shuffled.slice(0, Math.ceil(shuffled.length / 2)) as PeakEvent[]);
        await store.applyEvents(shuffled.slice(Math.ceil(shuffled.length / 2)) as PeakEvent[]);
        const waiting = cs.filter((c) => c.end === 'none').sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
        for (const c of cs) {
          const want = c.end === 'none' ? waiting.indexOf(c) + 1 : null;
          const place = await readWaitPlace(store, 'chat', undefined, c.id);
          expect(place).toMatchObject({ waiting: waiting.length, position: want, channelWaiting: waiting.length, channelPosition: want });
          expect(place.oldestWaitingSince).toBe(waiting.length ? Date.parse(at(waiting[0]!.t)) : null);
          const inQueue = waiting.filter((w) => w.queue === c.queue);
          const queued = await readWaitPlace(store, 'chat', c.queue, c.id);
          expect(queued).toMatchObject({ waiting: inQueue.length, position: c.end === 'none' ? inQueue.indexOf(c) + 1 : null, channelPosition: want });
        }
      }
    }), { numRuns: 60 });
  });
});

describe('GET /api/v1/wait: state and estimate', () => {
  it('is unstaffed without agents available or busy, open with them, closed when a lead closed the channel', async () => {
    const s = await startTestServer(redis, { now: NOW });
    try {
      await posted(s, [ev.queued('s-1', at(1)), ev.agent('ag-1', 'away', at(0))]);
      expect((await wait(s, 'channel=chat&contactId=s-1')).body).toMatchObject({ state: 'unstaffed', agentsStaffed: 0, ewtSeconds: null, position: 1 });
      await posted(s, [ev.agent('ag-1', 'busy', at(2)), ev.agent('ag-2', 'available', at(2))]);
      const open = (await wait(s, 'channel=chat&contactId=s-1')).body;
      expect(open).toMatchObject({ state: 'open', agentsAvailable: 1, agentsStaffed: 2, reopensAt: null });
      expect(open.ewtSeconds).toBeGreaterThan(0);
      expect(open.ewtRange![0]).toBeLessThanOrEqual(open.ewtSeconds!);
      expect(open.ewtRange![1]).toBeGreaterThanOrEqual(open.ewtSeconds!);
      const close = await fetch(`${s.url}/api/v1/channels`, {
        method: 'PUT', headers: { authorization: `Bearer ${TOKENS.lead}`, 'content-type': 'application/json' },
        body: JSON.stringify({ chat: { closed: true, closedReason: 'carrier outage' } }),
      });
      expect(close.status).toBe(200);
      expect((await wait(s, 'channel=chat&contactId=s-1')).body).toMatchObject({ state: 'closed', ewtSeconds: null });
    } finally {
      await s.close();
    }
  });

  it('tells nothing else of the snapshot: exactly the documented fields', async () => {
    const { body } = await wait(srv, 'channel=chat');
    expect(Object.keys(body).sort()).toEqual(['agentsAvailable', 'agentsStaffed', 'at', 'channel', 'ewtRange', 'ewtSeconds', 'position', 'queue', 'reopensAt', 'state', 'waiting'].sort());
    expect(body.at).toBe(NOW);
  });

  it('refuses an unknown channel or a bad query with a 400 naming it', async () => {
    expect(await wait(srv, 'channel=fax')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/channel/) } });
    expect(await wait(srv, 'channel=chat&contactId=')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/contactId/) } });
  });
});
