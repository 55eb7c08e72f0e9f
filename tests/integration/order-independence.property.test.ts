import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { checkEvent, type PeakEvent } from '../../shared/events';
import { defaultTargets } from '../../shared/targets';
import type { Snapshot } from '../../shared/snapshot';
import { computeSnapshot } from '../../server/metrics/snapshot';
import { connect, testStore } from '../helpers/redis';
import { figures, figuresOf } from '../helpers/retract';

const NOW = Date.parse('2026-11-27T12:00:30Z');
const channels = [...DEFAULT_CHANNELS];
const targets = defaultTargets(channels);
let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

const at = fc.integer({ min: NOW - 3 * 3_600_000, max: NOW + 60_000 });
const contactEvent = fc.record({
  type: fc.constantFrom('contact.queued', 'contact.answered', 'contact.abandoned', 'contact.resolved'),
  at,
  channel: fc.constantFrom('chat', 'chat', 'voice', 'email'),
  contactId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
  queue: fc.option(fc.constantFrom('de', 'fr'), { nil: undefined }),
  reason: fc.option(fc.constantFrom('wismo', 'refund', 'payment'), { nil: undefined }),
});
const otherEvent = fc.oneof(
  fc.record({ type: fc.constant('orders.placed'), at, count: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ type: fc.constant('csat.submitted'), at, channel: fc.constantFrom('chat', 'voice'), score: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    type: fc.constant('survey.submitted'), at, channel: fc.constantFrom('chat', 'voice'), kind: fc.constantFrom('ces', 'nps'),
    score: fc.integer({ min: 1, max: 7 }), queue: fc.option(fc.constantFrom('de', 'fr'), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('agent.status'), at: fc.constantFrom(NOW - 60_000, NOW - 120_000, NOW - 30_000),
    channel: fc.constantFrom('chat', 'voice'), agentId: fc.constantFrom('a1', 'a2'),
    status: fc.constantFrom('available', 'busy', 'away', 'offline'),
  }),
);

/** A set of distinct events (unique ids), validated as the API would. */
const eventSet = fc.array(fc.oneof({ weight: 4, arbitrary: contactEvent }, { weight: 1, arbitrary: otherEvent }), { minLength: 1, maxLength: 40 })
  .map((raws) => raws.map((r, i) => {
    const c = checkEvent({ ...r, id: `ev-${i}` }, { channels: new Set(channels), now: NOW });
    if (!c.ok) throw new Error(c.error);
    return c.event;
  }));

/** A delivery plan: the events permuted, some sent again, split into batches of random sizes. */
const delivery = (events: PeakEvent[]) => fc.tuple(
  fc.shuffledSubarray(events.map((_, i) => i), { minLength: events.length, maxLength: events.length }),
  fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 10 }),
  fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 20 }),
).map(([order, again, sizes]) => {
  const sequence = [...order, ...again].map((i) => events[i]!);
  const batches: PeakEvent[][] = [];
  for (let i = 0, s = 0; i < sequence.length; s++) {
    const n = sizes[s % sizes.length]!;
    batches.push(sequence.slice(i, i + n));
    i += n;
  }
  return batches;
});

async function snapshotAfter(batches: PeakEvent[][]) {
  const store = testStore(redis, () => NOW);
  await store.setTargets(targets);
  for (const b of batches) await store.applyEvents(b);
  return computeSnapshot({ store, channels, timeZone: 'Europe/Berlin', clock: () => NOW, targets: async () => targets }, { queues: true });
}

describe('order does not matter', () => {
  it('any permutation, split and re-delivery of a set of events yields the identical snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(eventSet.chain((events) => fc.tuple(fc.constant(events), delivery(events))), async ([events, batches]) => {
        const reference = await snapshotAfter([events]);
        const shuffled = await snapshotAfter(batches);
        // The name registries count every name an event carried (a contact that moved to another channel, or to a
        // smaller queue name, leaves its first one counted), so their sizes may follow the order; no figure does.
        const figures = (s: Snapshot) => ({ ...s, cardinality: undefined });
        expect(figures(shuffled)).toEqual(figures(reference));
        expect(shuffled.cardinality!.reasons.folded + Object.values(shuffled.cardinality!.queues).reduce((a, q) => a + q.folded, 0)).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('retractions interleaved with the events, in any order and any number of times: the figures of the events not retracted', async () => {
    // Some ids retracted (a few never sent at all), each retraction sent once or twice, anywhere in the delivery.
    const plan = eventSet.chain((events) => fc.tuple(
      fc.constant(events),
      delivery(events),
      fc.subarray([...events.map((e) => e.id), 'never-sent-1', 'never-sent-2'], { minLength: 1 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 6 }),
    ));
    await fc.assert(
      fc.asyncProperty(plan, async ([events, batches, retracted, places]) => {
        const steps: ({ apply: PeakEvent[] } | { retract: string[] })[] = batches.map((b) => ({ apply: b }));
        places.forEach(([at, from, twice], i) => {
          const ids = retracted.filter((_, k) => k % places.length === i);
          if (!ids.length) return;
          steps.splice(at % (steps.length + 1), 0, { retract: ids });
          if (twice) steps.splice(from % (steps.length + 1), 0, { retract: ids });
        });
        const store = testStore(redis, () => NOW);
        await store.setTargets(targets);
        for (const step of steps) {
          if ('apply' in step) await store.applyEvents(step.apply);
          else await store.retractEvents(step.retract);
        }
        const gone = new Set(retracted);
        expect(await figures(store, NOW)).toEqual(await figuresOf(redis, events.filter((e) => !gone.has(e.id)), NOW));
      }),
      { numRuns: 80 },
    );
  });

  it('the property is not vacuous: the generated days do move the figures', async () => {
    const sample = fc.sample(eventSet, { numRuns: 20, seed: 42 });
    let nonZero = 0;
    for (const events of sample) {
      const s = await snapshotAfter([events]);
      if (Object.values(s.channels).some((c) => c.windows.today.arrivals > 0 || c.open > 0)) nonZero++;
    }
    expect(nonZero).toBeGreaterThanOrEqual(10);
  });
});
