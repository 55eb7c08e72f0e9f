import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { CONTACT_EVENT_TYPES, EVENT_TYPES, type EventCheck, checkEvent, eventSchema } from '../../shared/events';

const NOW = Date.UTC(2026, 10, 27, 10, 15, 0); // 2026-11-27T10:15:00Z
const MIN = 60_000;
const DAY = 86_400_000;
const ctx = { channels: new Set<string>(DEFAULT_CHANNELS), now: NOW };

const check = (raw: unknown, c: { channels: ReadonlySet<string>; now: number } = ctx) => checkEvent(raw, c);

function ok(r: EventCheck) {
  if (!r.ok) throw new Error(`expected the event to be accepted, got: ${r.error}`);
  return r.event;
}
function error(r: EventCheck): string {
  if (r.ok) throw new Error(`expected the event to be rejected, got: ${JSON.stringify(r.event)}`);
  return r.error;
}

const contact = (over: Record<string, unknown> = {}) => ({
  id: 'evt-1', type: 'contact.queued', at: NOW - MIN, channel: 'chat', contactId: 'c-1', ...over,
});
const orders = (over: Record<string, unknown> = {}) => ({ id: 'evt-o', type: 'orders.placed', at: NOW - MIN, count: 12, ...over });
const csatEv = (over: Record<string, unknown> = {}) => ({ id: 'evt-c', type: 'csat.submitted', at: NOW - MIN, channel: 'chat', score: 4, ...over });
const agent = (over: Record<string, unknown> = {}) => ({
  id: 'evt-a', type: 'agent.status', at: NOW - MIN, channel: 'voice', agentId: 'agent-7', status: 'available', ...over,
});
const without = (o: Record<string, unknown>, key: string) => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};

describe('checkEvent: each event type is accepted', () => {
  it.each(CONTACT_EVENT_TYPES)('%s with id, at, channel and contactId is accepted', (type) => {
    const e = ok(check(contact({ type })));
    expect(e).toEqual({ id: 'evt-1', type, at: NOW - MIN, channel: 'chat', contactId: 'c-1' });
  });

  it('a contact event keeps its optional queue and reason', () => {
    const e = ok(check(contact({ queue: 'de-DE', reason: 'where-is-my-order' })));
    expect(e).toMatchObject({ queue: 'de-DE', reason: 'where-is-my-order' });
  });

  it('orders.placed needs no channel and keeps its count', () => {
    const e = ok(check(orders()));
    expect(e).toEqual({ id: 'evt-o', type: 'orders.placed', at: NOW - MIN, count: 12 });
  });

  it('csat.submitted is accepted with and without a contactId', () => {
    expect(ok(check(csatEv()))).toEqual({ id: 'evt-c', type: 'csat.submitted', at: NOW - MIN, channel: 'chat', score: 4 });
    expect(ok(check(csatEv({ contactId: 'c-9', reason: 'refund' })))).toMatchObject({ contactId: 'c-9', reason: 'refund' });
  });

  it.each([1, 2, 3, 4, 5])('csat score %i is accepted', (score) => {
    expect(ok(check(csatEv({ score })))).toMatchObject({ score });
  });

  it.each(['available', 'busy', 'away', 'offline'])('agent.status "%s" is accepted', (status) => {
    expect(ok(check(agent({ status })))).toEqual({
      id: 'evt-a', type: 'agent.status', at: NOW - MIN, channel: 'voice', agentId: 'agent-7', status,
    });
  });

  it('every configured channel is accepted', () => {
    for (const channel of DEFAULT_CHANNELS) expect(ok(check(contact({ channel }))).channel).toBe(channel);
  });

  it('a custom configured channel is accepted', () => {
    const custom = { channels: new Set(['chat', 'whatsapp']), now: NOW };
    expect(ok(check(contact({ channel: 'whatsapp' }), custom)).channel).toBe('whatsapp');
  });

  it('an id of exactly 128 characters is accepted', () => {
    expect(ok(check(contact({ id: 'x'.repeat(128) }))).id).toHaveLength(128);
  });
});

describe('checkEvent: `at` is normalised to epoch milliseconds', () => {
  it('epoch milliseconds are kept as they are', () => {
    expect(ok(check(contact({ at: NOW - 1234 }))).at).toBe(NOW - 1234);
  });

  it('an ISO-8601 time in UTC (Z) becomes epoch ms', () => {
    expect(ok(check(contact({ at: '2026-11-27T10:00:00Z' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('an ISO-8601 time with a positive offset becomes the same instant in epoch ms', () => {
    expect(ok(check(contact({ at: '2026-11-27T11:00:00+01:00' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('an ISO-8601 time with a negative offset becomes the same instant in epoch ms', () => {
    expect(ok(check(contact({ at: '2026-11-27T05:00:00-05:00' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('an ISO-8601 time with a half-hour offset (+05:30) becomes the same instant', () => {
    expect(ok(check(contact({ at: '2026-11-27T15:30:00+05:30' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('an ISO-8601 time with an offset without colon (+0100) becomes the same instant', () => {
    expect(ok(check(contact({ at: '2026-11-27T11:00:00+0100' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('milliseconds of an ISO-8601 time are kept', () => {
    expect(ok(check(contact({ at: '2026-11-27T10:00:00.250Z' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0, 250));
  });

  it('an ISO-8601 time without seconds is accepted', () => {
    expect(ok(check(contact({ at: '2026-11-27T10:05Z' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 5, 0));
  });

  it('ISO and epoch forms of one instant give the same event time', () => {
    const iso = ok(check(contact({ at: '2026-11-27T09:14:59.999Z' }))).at;
    const ms = ok(check(contact({ at: Date.UTC(2026, 10, 27, 9, 14, 59, 999) }))).at;
    expect(iso).toBe(ms);
  });

  it('eventSchema alone also returns `at` as a number', () => {
    const parsed = eventSchema.parse(contact({ at: '2026-11-27T10:00:00+01:00' }));
    expect(parsed.at).toBe(Date.UTC(2026, 10, 27, 9, 0, 0));
    expect(typeof parsed.at).toBe('number');
  });
});

describe('checkEvent: `at` format is checked', () => {
  it('an ISO-8601 time without a zone is rejected (it would be ambiguous)', () => {
    expect(error(check(contact({ at: '2026-11-27T10:00:00' })))).toMatch(/^at: /);
  });

  it('a date without a time is rejected', () => {
    expect(error(check(contact({ at: '2026-11-27' })))).toMatch(/^at: /);
  });

  it('free text is rejected, naming at', () => {
    expect(error(check(contact({ at: 'yesterday' })))).toMatch(/^at: /);
  });

  it('epoch ms as a string is rejected', () => {
    expect(error(check(contact({ at: String(NOW) })))).toMatch(/^at: /);
  });

  it('fractional epoch milliseconds are rejected', () => {
    expect(error(check(contact({ at: NOW - 0.5 })))).toMatch(/^at: /);
  });

  it('a boolean is rejected, naming at', () => {
    expect(error(check(contact({ at: true })))).toMatch(/^at: /);
  });

  it('a missing at is rejected, naming at', () => {
    expect(error(check(without(contact(), 'at')))).toMatch(/^at: /);
  });

  it('an ISO-shaped time with an impossible hour is rejected', () => {
    expect(error(check(contact({ at: '2026-11-27T25:00:00Z' })))).toMatch(/^at: /);
  });

  it('a calendar date that does not exist (31 November) is rejected, not rolled over to 1 December', () => {
    // Within the accepted time range (now is 2 December), so only the calendar check can reject it.
    const dec2 = { channels: ctx.channels, now: Date.UTC(2026, 11, 2, 12, 0, 0) };
    expect(error(check(contact({ at: '2026-11-31T10:00:00Z' }), dec2))).toMatch(/^at: /);
  });
});

describe('checkEvent: `at` must be within 7 days back and 5 minutes ahead', () => {
  it('exactly 5 minutes in the future is accepted', () => {
    expect(ok(check(contact({ at: NOW + 5 * MIN }))).at).toBe(NOW + 5 * MIN);
  });

  it('more than 5 minutes in the future is rejected, naming at', () => {
    const msg = error(check(contact({ at: NOW + 5 * MIN + 1 })));
    expect(msg).toMatch(/^at: /);
    expect(msg).toMatch(/future/);
  });

  it('an ISO time 6 minutes ahead is rejected', () => {
    expect(error(check(contact({ at: '2026-11-27T10:21:00Z' })))).toMatch(/future/);
  });

  it('exactly 7 days old is accepted', () => {
    expect(ok(check(contact({ at: NOW - 7 * DAY }))).at).toBe(NOW - 7 * DAY);
  });

  it('older than 7 days is rejected, naming at', () => {
    const msg = error(check(contact({ at: NOW - 7 * DAY - 1 })));
    expect(msg).toMatch(/^at: /);
    expect(msg).toMatch(/7 days/);
  });

  it('the time limits apply to orders.placed too', () => {
    expect(error(check(orders({ at: NOW + 6 * MIN })))).toMatch(/^at: /);
    expect(error(check(orders({ at: NOW - 8 * DAY })))).toMatch(/^at: /);
  });

  it('the limits follow the clock passed in, not the real clock', () => {
    const at = Date.UTC(2020, 0, 1);
    expect(ok(check(contact({ at }), { channels: ctx.channels, now: at + MIN })).at).toBe(at);
    expect(error(check(contact({ at }), ctx))).toMatch(/7 days/);
  });
});

describe('checkEvent: `type`', () => {
  it('an unknown type is rejected with a message listing every type', () => {
    const msg = error(check(contact({ type: 'contact.transferred' })));
    expect(msg).toMatch(/type/);
    for (const t of EVENT_TYPES) expect(msg).toContain(t);
  });

  it('a missing type is rejected with a message listing the types', () => {
    const msg = error(check(without(contact(), 'type')));
    expect(msg).toMatch(/type/);
    for (const t of EVENT_TYPES) expect(msg).toContain(t);
  });

  it('a non-string type is rejected, naming type', () => {
    expect(error(check(contact({ type: 7 })))).toMatch(/type/);
  });

  it('the type is case-sensitive', () => {
    expect(error(check(contact({ type: 'Contact.Queued' })))).toMatch(/type/);
  });
});

describe('checkEvent: `id`', () => {
  it('a missing id is rejected, naming id', () => {
    expect(error(check(without(contact(), 'id')))).toMatch(/^id: /);
  });

  it('a numeric id is rejected, naming id', () => {
    expect(error(check(contact({ id: 42 })))).toMatch(/^id: /);
  });

  it('an empty id is rejected, naming id', () => {
    expect(error(check(contact({ id: '' })))).toMatch(/^id: /);
  });

  it('an id over 128 characters is rejected, naming id', () => {
    const msg = error(check(contact({ id: 'x'.repeat(129) })));
    expect(msg).toMatch(/^id: /);
    expect(msg).toContain('128');
  });

  it('the id rules apply to every type', () => {
    expect(error(check(orders({ id: 'x'.repeat(129) })))).toMatch(/^id: /);
    expect(error(check(without(csatEv(), 'id')))).toMatch(/^id: /);
    expect(error(check(agent({ id: '' })))).toMatch(/^id: /);
  });
});

describe('checkEvent: `channel`', () => {
  it('an unknown channel is rejected, naming the channel', () => {
    const msg = error(check(contact({ channel: 'fax' })));
    expect(msg).toMatch(/^channel: /);
    expect(msg).toContain('"fax"');
  });

  it('a channel not in the configured set is rejected even if it is a default one', () => {
    const onlyChat = { channels: new Set(['chat']), now: NOW };
    expect(error(check(contact({ channel: 'voice' }), onlyChat))).toContain('"voice"');
  });

  it('channels are case-sensitive', () => {
    expect(error(check(contact({ channel: 'Chat' })))).toContain('"Chat"');
  });

  it('a missing channel on a contact event is rejected, naming channel', () => {
    expect(error(check(without(contact(), 'channel')))).toMatch(/^channel: /);
  });

  it('a numeric channel is rejected, naming channel', () => {
    expect(error(check(contact({ channel: 3 })))).toMatch(/^channel: /);
  });

  it('csat.submitted requires a known channel', () => {
    expect(error(check(without(csatEv(), 'channel')))).toMatch(/^channel: /);
    expect(error(check(csatEv({ channel: 'pigeon' })))).toContain('"pigeon"');
  });

  it('agent.status requires a known channel', () => {
    expect(error(check(without(agent(), 'channel')))).toMatch(/^channel: /);
    expect(error(check(agent({ channel: 'pigeon' })))).toContain('"pigeon"');
  });
});

describe('checkEvent: contact event fields', () => {
  it('a missing contactId is rejected, naming contactId', () => {
    for (const type of CONTACT_EVENT_TYPES) {
      expect(error(check(without(contact({ type }), 'contactId')))).toMatch(/^contactId: /);
    }
  });

  it('a numeric contactId is rejected, naming contactId', () => {
    expect(error(check(contact({ contactId: 17 })))).toMatch(/^contactId: /);
  });

  it('an empty contactId is rejected, naming contactId', () => {
    expect(error(check(contact({ contactId: '' })))).toMatch(/^contactId: /);
  });

  it('a contactId over 128 characters is rejected, naming contactId', () => {
    expect(error(check(contact({ contactId: 'c'.repeat(129) })))).toMatch(/^contactId: /);
  });

  it('a queue containing "|" is rejected, naming queue', () => {
    expect(error(check(contact({ queue: 'de|fr' })))).toMatch(/^queue: /);
  });

  it('a queue containing a control character is rejected, naming queue', () => {
    expect(error(check(contact({ queue: 'de\nfr' })))).toMatch(/^queue: /);
  });

  it('a numeric queue is rejected, naming queue', () => {
    expect(error(check(contact({ queue: 5 })))).toMatch(/^queue: /);
  });

  it('a reason containing "|" is rejected, naming reason', () => {
    expect(error(check(contact({ reason: 'refund|late' })))).toMatch(/^reason: /);
  });

  it('an empty reason is rejected, naming reason', () => {
    expect(error(check(contact({ reason: '' })))).toMatch(/reason: /);
  });

  it('several bad fields are all named in one message', () => {
    const msg = error(check({ id: 'e', type: 'contact.answered', at: NOW }));
    expect(msg).toContain('channel');
    expect(msg).toContain('contactId');
  });
});

describe('checkEvent: orders.placed count', () => {
  it.each([
    ['0', 0],
    ['negative', -3],
    ['non-integer', 2.5],
    ['a string', '12'],
  ])('a count that is %s is rejected, naming count', (_name, count) => {
    expect(error(check(orders({ count })))).toMatch(/^count: /);
  });

  it('a missing count is rejected, naming count', () => {
    expect(error(check(without(orders(), 'count')))).toMatch(/^count: /);
  });

  it('a count of 1 is accepted', () => {
    expect(ok(check(orders({ count: 1 })))).toMatchObject({ count: 1 });
  });
});

describe('checkEvent: csat.submitted score', () => {
  it.each([
    ['0', 0],
    ['6', 6],
    ['2.5', 2.5],
    ['-1', -1],
    ['"4" (a string)', '4'],
  ])('a score of %s is rejected, naming score', (_name, score) => {
    expect(error(check(csatEv({ score })))).toMatch(/^score: /);
  });

  it('a missing score is rejected, naming score', () => {
    expect(error(check(without(csatEv(), 'score')))).toMatch(/^score: /);
  });
});

describe('checkEvent: agent.status fields', () => {
  it('an unknown status is rejected, naming status and listing the statuses', () => {
    const msg = error(check(agent({ status: 'lunch' })));
    expect(msg).toMatch(/^status: /);
    for (const s of ['available', 'busy', 'away', 'offline']) expect(msg).toContain(s);
  });

  it('a missing status is rejected, naming status', () => {
    expect(error(check(without(agent(), 'status')))).toMatch(/^status: /);
  });

  it('a missing agentId is rejected, naming agentId', () => {
    expect(error(check(without(agent(), 'agentId')))).toMatch(/^agentId: /);
  });

  it('a numeric agentId is rejected, naming agentId', () => {
    expect(error(check(agent({ agentId: 7 })))).toMatch(/^agentId: /);
  });
});

describe('checkEvent: non-object events', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an array', [contact()]],
    ['an empty array', []],
    ['a string', 'contact.queued'],
    ['a number', 42],
    ['a boolean', true],
  ])('%s is rejected as not an object', (_name, raw) => {
    expect(error(check(raw))).toMatch(/object/);
  });

  it('an empty object is rejected', () => {
    expect(error(check({}))).toMatch(/type/);
  });
});
