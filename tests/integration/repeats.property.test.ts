import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { PeakEvent } from '../../shared/events';
import { connect } from '../helpers/redis';
import { parsed } from '../helpers/retract';
import { referenceCounters, repeatCounters, repeatStore } from '../helpers/repeats';

const NOW = Date.parse('2026-11-27T12:00:30Z');
const W = 3_600_000;
let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

const CONTACTS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
/** Each contact belongs to one customer (or has none): c1-c3 Ann, c4-c6 Bob, c7 Cy, c8 none. */
const customerOf = (cid: string) => ({ c1: 'ann@example.com', c2: 'ann@example.com', c3: 'ann@example.com', c4: 'bob', c5: 'bob', c6: 'bob', c7: 'cy' } as Record<string, string>)[cid];

// Times on a coarse grid, so that ties, gaps of exactly the window and gaps just over it all occur.
const at = fc.integer({ min: 0, max: 11 }).map((k) => NOW - 3 * W + k * (W / 4)).chain((t) => fc.constantFrom(t, t, t + 1));
const contactEvent = fc.record({
  type: fc.constantFrom('contact.queued', 'contact.queued', 'contact.answered'),
  at,
  channel: fc.constantFrom('chat', 'voice', 'email'),
  contactId: fc.constantFrom(...CONTACTS),
  queue: fc.option(fc.constantFrom('de', 'fr'), { nil: undefined }),
  withCustomer: fc.boolean(),
}).map(({ withCustomer, ...r }) => ({ ...r, ...(withCustomer && customerOf(r.contactId) ? { customerId: customerOf(r.contactId) } : {}) }));

const eventSet = fc.array(contactEvent, { minLength: 6, maxLength: 30 })
  .map((raws) => parsed(raws.map((r, i) => ({ ...r, id: `ev-${i}` })), NOW));

/** Steps: the events permuted, some sent again, in batches; retractions of some ids, once or twice, anywhere. */
const plan = eventSet.chain((events) => fc.tuple(
  fc.constant(events),
  fc.shuffledSubarray(events.map((_, i) => i), { minLength: events.length, maxLength: events.length }),
  fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 8 }),
  fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }),
  fc.subarray(events.map((e) => e.id)),
  fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
));

describe('repeat contacts: order does not matter', () => {
  it('any order, batching, re-delivery and retraction of a set of contacts gives the reference model\'s repeats per channel, queue and minute', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async ([events, order, again, sizes, retracted, places]) => {
        const sequence = [...order, ...again].map((i) => events[i]!);
        const steps: ({ apply: PeakEvent[] } | { retract: string[] })[] = [];
        for (let i = 0, s = 0; i < sequence.length; s++) {
          const n = sizes[s % sizes.length]!;
          steps.push({ apply: sequence.slice(i, i + n) });
          i += n;
        }
        if (retracted.length) for (const p of places) steps.splice(p % (steps.length + 1), 0, { retract: retracted });
        const store = repeatStore(redis, NOW, W);
        for (const step of steps) {
          if ('apply' in step) await store.applyEvents(step.apply);
          else await store.retractEvents(step.retract);
        }
        const gone = new Set(retracted);
        expect(await repeatCounters(redis, store)).toEqual(referenceCounters(events.filter((e) => !gone.has(e.id)), W));
      }),
      { numRuns: 120 },
    );
  });

  it('the property is not vacuous: the generated sets have repeats and non-repeats', () => {
    const sample = fc.sample(eventSet, { numRuns: 40, seed: 7 });
    const totals = sample.map((events) => Object.entries(referenceCounters(events, W)));
    expect(totals.filter((t) => t.some(([k]) => k.endsWith('|rpt'))).length).toBeGreaterThan(10);
    expect(totals.filter((t) => t.some(([k]) => k.endsWith('|arc'))).length).toBeGreaterThan(30);
  });
});
