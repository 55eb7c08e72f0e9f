import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { CONTACT_EVENT_TYPES, EVENT_TYPES } from '../../shared/events';
import { MIN, NOW, agent, check, contact, csatEv, error, ok, orders, without } from '../helpers/event-check';

describe('checkEvent: each event type is accepted', () => {
  it.each(CONTACT_EVENT_TYPES)('%s with id, at, channel and contactId is accepted', (type) => {
    const e = ok(check(contact({ type })));
    expect(e).toEqual({ id: 'evt-1', type, at: NOW - MIN, channel: 'chat', contactId: 'c-1' });
  });

  it('a contact event keeps its optional queue and reason', () => {
    const e = ok(check(contact({ queue: 'de-DE', reason: 'where-is-my-order' })));
    expect(e).toMatchObject({ queue: 'de-DE', reason: 'where-is-my-order' });
  });

  it('a contact event keeps its optional customerId, 1-128 characters (the store reads it on contact.queued only)', () => {
    expect(ok(check(contact({ customerId: 'cust-42' })))).toMatchObject({ customerId: 'cust-42' });
    expect(ok(check(contact({ type: 'contact.answered', customerId: 'x'.repeat(128) })))).toMatchObject({ customerId: 'x'.repeat(128) });
    expect(error(check(contact({ customerId: 'x'.repeat(129) })))).toBe('customerId: must be at most 128 characters');
    expect(error(check(contact({ customerId: 'a\nb' })))).toMatch(/^customerId: must not contain control characters/);
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

describe('checkEvent: survey.submitted kind and score', () => {
  const survey = (over: Record<string, unknown>) => ({ ...csatEv(), type: 'survey.submitted', kind: 'nps', score: 9, ...over });

  it.each([['csat', 1], ['csat', 5], ['ces', 1], ['ces', 7], ['nps', 0], ['nps', 10]])('kind %s accepts %i, the ends of its scale', (kind, score) => {
    expect(ok(check(survey({ kind, score })))).toMatchObject({ type: 'survey.submitted', kind, score });
  });

  it.each([['csat', 0, '1-5'], ['csat', 6, '1-5'], ['ces', 0, '1-7'], ['ces', 8, '1-7'], ['nps', -1, '0-10'], ['nps', 11, '0-10'], ['nps', 9.5, '0-10']])(
    'kind %s refuses %d, naming its range', (kind, score, range) => {
      expect(error(check(survey({ kind, score })))).toBe(`score: must be an integer ${range} for kind ${kind}`);
    },
  );

  it('an unknown or missing kind is refused, listing the kinds', () => {
    expect(error(check(survey({ kind: 'effort' })))).toBe('kind: must be one of csat, ces, nps');
    expect(error(check(without(survey({}), 'kind')))).toBe('kind: is required: one of csat, ces, nps');
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
