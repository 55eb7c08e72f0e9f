import { describe, expect, it } from 'vitest';
import type { ConnectorConfig } from '../../server/connectors/connector';
import { ZENDESK_REPLAY_WINDOW_MS, zendesk } from '../../server/connectors/sources/zendesk';
import { zendeskDialect, zendeskHeaders } from '../../scripts/sim/dialects/zendesk';
import { NOW, ctxOf, dayThrough, fixture, receive, receiveSample, requestOf } from '../helpers/connector-sources';

const config: ConnectorConfig = { name: 'zd-eu', type: 'zendesk', secret: 'zendesk-signing-secret' };
const PATH = '/api/v1/connectors/zd-eu';

function signed(file: string, opts: { now?: number; secret?: string } = {}) {
  const body = JSON.stringify(fixture('zendesk', file));
  return requestOf(body, zendeskHeaders(opts.secret ?? config.secret, body, opts.now ?? NOW), PATH);
}

function translateFixture(file: string, cfg = config) {
  return receive(zendesk, signed(file), ctxOf(cfg));
}

describe('zendesk signature', () => {
  it('matches an HMAC computed independently (openssl) for a known secret, timestamp and body', () => {
    const body = '{"type":"zen:event-type:ticket.created","id":"01HNDTR4M9X2QG7K5V8W3BZC6Y"}';
    const timestamp = '2024-04-17T17:18:10Z';
    const req = requestOf(body, {
      'X-Zendesk-Webhook-Signature': 'lsaAX9CYr2+e5/OSRt7kcXyVXweCwxrg+FnHvrcAOSQ=',
      'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
    }, PATH);
    const ctx = ctxOf({ ...config, secret: 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==' }, Date.parse(timestamp) + 1_000);
    expect(zendesk.verify(req, ctx)).toEqual({ ok: true });
  });

  it('accepts a request signed with the secret', () => {
    expect(zendesk.verify(signed('ticket-created.json'), ctxOf(config))).toEqual({ ok: true });
  });

  it('refuses a request signed with another secret', () => {
    const v = zendesk.verify(signed('ticket-created.json', { secret: 'other' }), ctxOf(config));
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/does not match/) });
  });

  it('refuses a request without the signature or without the timestamp, naming the missing header', () => {
    const req = signed('ticket-created.json');
    const noSig = { ...req, headers: { ...req.headers, 'x-zendesk-webhook-signature': undefined } };
    const noTs = { ...req, headers: { ...req.headers, 'x-zendesk-webhook-signature-timestamp': undefined } };
    expect(zendesk.verify(noSig, ctxOf(config))).toEqual({ ok: false, reason: 'missing X-Zendesk-Webhook-Signature header' });
    expect(zendesk.verify(noTs, ctxOf(config))).toEqual({ ok: false, reason: 'missing X-Zendesk-Webhook-Signature-Timestamp header' });
  });

  it('refuses a correctly signed request whose timestamp is more than 5 minutes old or ahead', () => {
    const edge = ZENDESK_REPLAY_WINDOW_MS;
    expect(zendesk.verify(signed('ticket-created.json', { now: NOW - edge + 1_000 }), ctxOf(config)).ok).toBe(true);
    for (const skew of [-edge - 1_000, edge + 1_000]) {
      const v = zendesk.verify(signed('ticket-created.json', { now: NOW + skew }), ctxOf(config));
      expect(v).toEqual({ ok: false, reason: expect.stringMatching(/^stale timestamp/) });
    }
  });

  it('refuses a body changed after signing', () => {
    const req = signed('ticket-created.json');
    const changed = { ...req, rawBody: Buffer.from(req.rawBody.toString().replace('35436', '35437')) };
    expect(zendesk.verify(changed, ctxOf(config)).ok).toBe(false);
  });

  it('refuses a truncated or non-base64 signature without throwing (lengths differ, no comparison made)', () => {
    const req = signed('ticket-created.json');
    const sig = req.headers['x-zendesk-webhook-signature']!;
    for (const bad of [sig.slice(0, 20), 'not base64 at all!', `${sig}AAAA`]) {
      expect(zendesk.verify({ ...req, headers: { ...req.headers, 'x-zendesk-webhook-signature': bad } }, ctxOf(config)).ok).toBe(false);
    }
  });
});

describe('zendesk translation', () => {
  it('turns a created ticket into a queued contact: ticket id, via channel, group as queue, first tag as reason, requester as customer', () => {
    const t = translateFixture('ticket-created.json');
    expect(t).toEqual({
      ignored: [],
      events: [{
        id: 'zd-eu:35436:queued', type: 'contact.queued', at: Date.parse('2024-04-17T17:18:10Z'), channel: 'email',
        contactId: 'zd-eu:35436', queue: '98738', reason: 'where-is-my-order', customerId: 'zd-eu:20978392',
      }],
    });
  });

  it('counts a public comment by staff as the answer, not one by the requester nor a private note', () => {
    expect(translateFixture('comment-added-agent.json').events).toEqual([{
      id: 'zd-eu:5158:answered', type: 'contact.answered', at: Date.parse('2025-01-08T14:25:30.123Z'), channel: 'email',
      contactId: 'zd-eu:5158', queue: '98738', reason: 'login-problem',
    }]);
    expect(translateFixture('comment-added-requester.json')).toEqual({ events: [], ignored: [expect.stringMatching(/requester/)] });
    expect(translateFixture('comment-added-private.json')).toEqual({ events: [], ignored: [expect.stringMatching(/private/)] });
  });

  it('resolves on a change to solved (upper-case status, tags as a string), and ignores other statuses', () => {
    expect(translateFixture('status-changed-solved.json').events).toEqual([{
      id: 'zd-eu:5158:resolved', type: 'contact.resolved', at: Date.parse('2025-01-08T16:45:20.987Z'), channel: 'email',
      contactId: 'zd-eu:5158', queue: '98738', reason: 'login-problem',
    }]);
    expect(translateFixture('status-changed-pending.json')).toEqual({ events: [], ignored: [expect.stringMatching(/pending is not solved/)] });
  });

  it('every answer of a ticket makes the same id, so only the first one counts', () => {
    const first = translateFixture('comment-added-agent.json').events[0]!;
    const again = receive(zendesk, signed('comment-added-agent.json'), ctxOf(config)).events[0]!;
    expect(again.id).toBe(first.id);
  });

  it('maps an agent going online on the support channel to available on email', () => {
    expect(translateFixture('agent-state-changed.json').events).toEqual([{
      id: 'zd-eu:01GX79ST1QX01C889XV42S2J5T:status', type: 'agent.status', at: Date.parse('2023-04-05T23:30:58.642Z'),
      channel: 'email', agentId: 'zd-eu:10011', status: 'available',
    }]);
  });

  it('ignores event types that mean nothing to Peakwatch, saying which', () => {
    expect(translateFixture('ticket-priority-changed.json')).toEqual({
      events: [], ignored: ['zen:event-type:ticket.priority_changed: not a ticket lifecycle or agent status event'],
    });
  });

  it('lets the connector maps override the default channel, queue and status', () => {
    const cfg: ConnectorConfig = {
      ...config, channels: { web: 'chat', support: 'chat' }, queues: { '98738': 'uk-returns' }, statuses: { online: 'busy' },
    };
    expect(translateFixture('ticket-created.json', cfg).events[0]).toMatchObject({ channel: 'chat', queue: 'uk-returns' });
    expect(translateFixture('agent-state-changed.json', cfg).events[0]).toMatchObject({ channel: 'chat', status: 'busy' });
  });

  it('refuses a body that is not a Zendesk event with an input error', () => {
    const bad = requestOf('[1,2]', {}, PATH);
    expect(() => zendesk.parse(bad)).toThrow(/not a Zendesk event/);
    expect(() => zendesk.parse(requestOf('{', {}, PATH))).toThrow(/not valid JSON/);
  });

  it('offers a sample that it accepts itself', () => {
    expect(receiveSample(zendesk, config, PATH, (body) => zendeskHeaders(config.secret, body, NOW)).events).toHaveLength(1);
  });
});

describe('zendesk dialect round trip', () => {
  it('gives back the day it encoded, without abandons, the busy agent, csat and orders (Zendesk has none)', () => {
    const { got, want, unsent, ignored } = dayThrough(zendeskDialect, zendesk, config);
    expect(got).toEqual(want);
    expect(unsent.map((e) => e.type).sort()).toEqual([...Array(5).fill('contact.abandoned'), 'agent.status', 'csat.submitted', 'orders.placed'].sort());
    expect(ignored).toEqual([]);
  });
});
