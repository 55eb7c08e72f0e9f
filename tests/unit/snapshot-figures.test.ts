import { describe, expect, it } from 'vitest';
import { reasonShares, windowFigures } from '../../server/metrics/snapshot';

const sums = (o: Record<string, number>) => new Map(Object.entries(o));
/** The reasons when today began with the last 60 minutes (today's sums are the 60 minutes'). */
const shares = (current: Map<string, number>, previous: Map<string, number>, limit?: number) => reasonShares(current, previous, current, limit);

describe('windowFigures', () => {
  const s = sums({
    'chat|arr': 40,
    'chat|ans': 30,
    'chat|ait': 24,
    'chat|abn': 6,
    'chat|abs': 2,
    'chat|wms': 30 * 45_000, // mean wait 45 s
    'chat|res': 20,
    'chat|hn': 16,
    'chat|hms': 16 * 300_000, // mean handle 300 s
    'chat|csn': 20,
    'chat|csp': 13,
    // another channel and a queue of chat, which must not leak into chat's figures
    'voice|arr': 999,
    'voice|ans': 999,
    'voice|wms': 1,
    'chat|de|arr': 7,
    'chat|de|ans': 5,
    'chat|de|ait': 5,
    'chat|de|wms': 5 * 10_000,
    orders: 1_000,
    'r|refund': 3,
  });

  it('copies the counts of the channel', () => {
    expect(windowFigures(s, 'chat|')).toMatchObject({
      arrivals: 40, answered: 30, abandoned: 6, resolved: 20, answeredInTarget: 24, shortAbandoned: 2, csatResponses: 20,
    });
  });

  it('service level is ait / (ans + abn − abs)', () => {
    expect(windowFigures(s, 'chat|').serviceLevel).toBeCloseTo(24 / (30 + 6 - 2), 12);
  });

  it('asa is the wait sum in ms over answered, in seconds', () => {
    expect(windowFigures(s, 'chat|').asa).toBe(45);
  });

  it('abandon rate is abn / (ans + abn)', () => {
    expect(windowFigures(s, 'chat|').abandonRate).toBeCloseTo(6 / 36, 12);
  });

  it('aht divides the handle sum by handled contacts (hn), not by resolved (res), in seconds', () => {
    expect(windowFigures(s, 'chat|').aht).toBe(300);
  });

  it('csat is positive responses over responses', () => {
    expect(windowFigures(s, 'chat|').csat).toBe(0.65);
  });

  it('a queue prefix reads only that queue\'s fields', () => {
    const q = windowFigures(s, 'chat|de|');
    expect(q).toMatchObject({ arrivals: 7, answered: 5, answeredInTarget: 5, abandoned: 0, resolved: 0, shortAbandoned: 0, csatResponses: 0 });
    expect(q.asa).toBe(10);
    expect(q.serviceLevel).toBe(1);
    expect(q.abandonRate).toBe(0);
    expect(q.aht).toBeNull();
    expect(q.csat).toBeNull();
  });

  it('another channel\'s figures are its own', () => {
    const v = windowFigures(s, 'voice|');
    expect(v.arrivals).toBe(999);
    expect(v.answered).toBe(999);
    expect(v.asa).toBeCloseTo(1 / 999 / 1000, 15);
  });

  it('an empty window has zero counts and null ratios', () => {
    expect(windowFigures(new Map(), 'chat|')).toEqual({
      arrivals: 0, answered: 0, abandoned: 0, resolved: 0, answeredInTarget: 0, shortAbandoned: 0,
      serviceLevel: null, asa: null, abandonRate: null, aht: null, csat: null, csatResponses: 0,
      ces: null, cesMean: null, cesResponses: 0, nps: null, npsResponses: 0,
      repeats: 0, customerArrivals: 0, repeatRate: null,
    });
  });

  it('the repeat rate is repeats over the arrivals that carried a customerId', () => {
    expect(windowFigures(sums({ 'chat|arr': 10, 'chat|arc': 8, 'chat|rpt': 2 }), 'chat|')).toMatchObject({ repeats: 2, customerArrivals: 8, repeatRate: 0.25 });
  });

  it('a channel with only arrivals has null ratios', () => {
    const f = windowFigures(sums({ 'email|arr': 3 }), 'email|');
    expect(f.arrivals).toBe(3);
    expect([f.serviceLevel, f.asa, f.abandonRate, f.aht, f.csat]).toEqual([null, null, null, null, null]);
  });

  it('a window of short abandons only has a null service level but an abandon rate of 1', () => {
    const f = windowFigures(sums({ 'chat|abn': 3, 'chat|abs': 3 }), 'chat|');
    expect(f.serviceLevel).toBeNull();
    expect(f.abandonRate).toBe(1);
  });
});

describe('reasonShares', () => {
  it('lists reasons by count, highest first, with their share of all reasons', () => {
    const r = shares(sums({ 'r|refund': 2, 'r|where-is-my-order': 6, 'r|damaged': 2 }), new Map());
    expect(r.map((x) => x.reason)).toEqual(['where-is-my-order', 'damaged', 'refund']);
    expect(r.map((x) => x.count)).toEqual([6, 2, 2]);
    expect(r.map((x) => x.share)).toEqual([0.6, 0.2, 0.2]);
  });

  it('breaks ties by name', () => {
    const r = shares(sums({ 'r|charlie': 3, 'r|alpha': 3, 'r|bravo': 3, 'r|delta': 5 }), new Map());
    expect(r.map((x) => x.reason)).toEqual(['delta', 'alpha', 'bravo', 'charlie']);
  });

  it('the tie order does not depend on insertion order', () => {
    const a = shares(sums({ 'r|b': 1, 'r|a': 1, 'r|c': 1 }), new Map()).map((x) => x.reason);
    const b = shares(sums({ 'r|c': 1, 'r|a': 1, 'r|b': 1 }), new Map()).map((x) => x.reason);
    expect(a).toEqual(['a', 'b', 'c']);
    expect(b).toEqual(a);
  });

  it('keeps the top 10 and computes shares over all reasons, not just the top 10', () => {
    const cur: Record<string, number> = {};
    for (let i = 1; i <= 12; i++) cur[`r|reason-${String(i).padStart(2, '0')}`] = i; // total 78
    const r = shares(sums(cur), new Map());
    expect(r).toHaveLength(10);
    expect(r[0]).toMatchObject({ reason: 'reason-12', count: 12 });
    expect(r[0]!.share).toBeCloseTo(12 / 78, 12);
    expect(r[9]).toMatchObject({ reason: 'reason-03', count: 3 });
    expect(r.map((x) => x.reason)).not.toContain('reason-02');
    expect(r.map((x) => x.reason)).not.toContain('reason-01');
    expect(r.reduce((a, x) => a + x.share, 0)).toBeCloseTo(75 / 78, 12);
  });

  it('a tie at the 10th place is cut by name', () => {
    const cur: Record<string, number> = {};
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) cur[`r|${n}`] = 5;
    cur['r|z-tied'] = 1;
    cur['r|y-tied'] = 1;
    const r = shares(sums(cur), new Map());
    expect(r).toHaveLength(10);
    expect(r[9]!.reason).toBe('y-tied');
  });

  it('ignores fields that are not reasons and reasons with a zero count', () => {
    const r = shares(sums({ 'chat|arr': 100, orders: 50, 'r|refund': 1, 'r|gone': 0, 'chat|r|x': 9 }), new Map());
    expect(r).toEqual([{ reason: 'refund', count: 1, share: 1, previousCount: 0, previousShare: null, change: null, todayCount: 1, intensity: { '60m': 1 / 50, today: 1 / 50 }, previousIntensity: null }]);
  });

  it('is empty when the window has no reasons', () => {
    expect(shares(sums({ 'chat|arr': 4 }), sums({ 'r|refund': 3 }))).toEqual([]);
  });

  it('previousShare and change are null when the previous window had no reasons', () => {
    const r = shares(sums({ 'r|refund': 1, 'r|late': 3 }), sums({ 'chat|arr': 10, 'r|refund': 0 }));
    for (const x of r) {
      expect(x.previousShare).toBeNull();
      expect(x.change).toBeNull();
      expect(x.previousCount).toBe(0);
    }
  });

  it('change is share − previousShare', () => {
    const r = shares(sums({ 'r|late': 6, 'r|refund': 2, 'r|damaged': 2 }), sums({ 'r|late': 2, 'r|refund': 6, 'r|damaged': 2 }));
    const by = Object.fromEntries(r.map((x) => [x.reason, x]));
    expect(by.late).toMatchObject({ count: 6, share: 0.6, previousCount: 2, previousShare: 0.2 });
    expect(by.late!.change).toBeCloseTo(0.4, 12);
    expect(by.refund).toMatchObject({ count: 2, share: 0.2, previousCount: 6, previousShare: 0.6 });
    expect(by.refund!.change).toBeCloseTo(-0.4, 12);
    expect(by.damaged!.change).toBeCloseTo(0, 12);
  });

  it('a reason new in this window has previousShare 0 and change equal to its share when the previous window had other reasons', () => {
    const r = shares(sums({ 'r|spike': 3, 'r|refund': 1 }), sums({ 'r|refund': 5 }));
    const spike = r.find((x) => x.reason === 'spike')!;
    expect(spike).toMatchObject({ count: 3, share: 0.75, previousCount: 0, previousShare: 0, change: 0.75 });
    const refund = r.find((x) => x.reason === 'refund')!;
    expect(refund).toMatchObject({ share: 0.25, previousCount: 5, previousShare: 1, change: -0.75 });
  });

  it('previous shares are over all previous reasons, including ones gone from this window', () => {
    const r = shares(sums({ 'r|refund': 4 }), sums({ 'r|refund': 1, 'r|old': 3 }));
    expect(r).toEqual([{ reason: 'refund', count: 4, share: 1, previousCount: 1, previousShare: 0.25, change: 0.75, todayCount: 4, intensity: { '60m': null, today: null }, previousIntensity: null }]);
  });

  it('intensity is the reason\'s contacts per order in each window, today from its own counts and orders', () => {
    const r = reasonShares(
      sums({ 'r|wismo': 6, 'r|refund': 2, orders: 400 }),
      new Map(),
      sums({ 'r|wismo': 30, 'r|refund': 2, 'r|damaged': 9, orders: 5_000 }),
    );
    expect(r.map((x) => [x.reason, x.count, x.todayCount, x.intensity])).toEqual([
      ['wismo', 6, 30, { '60m': 6 / 400, today: 30 / 5_000 }],
      ['refund', 2, 2, { '60m': 2 / 400, today: 2 / 5_000 }],
    ]);
    // A reason of today missing from the last 60 minutes is not listed (the list is the 60 minutes' top reasons).
    expect(r.map((x) => x.reason)).not.toContain('damaged');
  });

  it('previousIntensity is the reason\'s contacts per order of the 60 minutes before', () => {
    const r = reasonShares(sums({ 'r|wismo': 6, orders: 400 }), sums({ 'r|wismo': 2, 'r|refund': 5, orders: 100 }), sums({ 'r|wismo': 6, orders: 400 }));
    expect(r.map((x) => [x.reason, x.previousCount, x.previousIntensity])).toEqual([['wismo', 2, 2 / 100]]);
    expect(reasonShares(sums({ 'r|wismo': 6, orders: 400 }), sums({ 'r|wismo': 2 }), new Map())[0]!.previousIntensity).toBeNull();
  });

  it('intensity is null in a window without orders, and todayCount 0 for a reason not seen since midnight', () => {
    const [late] = reasonShares(sums({ 'r|late': 3, orders: 0 }), new Map(), sums({ orders: 70 }));
    expect(late).toMatchObject({ count: 3, todayCount: 0, intensity: { '60m': null, today: 0 } });
  });

  it('honours a custom limit', () => {
    const r = shares(sums({ 'r|a': 3, 'r|b': 2, 'r|c': 1 }), new Map(), 2);
    expect(r.map((x) => x.reason)).toEqual(['a', 'b']);
  });
});
