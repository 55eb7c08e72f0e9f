import { describe, expect, it } from 'vitest';
import type { AlertMetric } from '../../shared/alerts';
import type { WindowName } from '../../shared/channels';
import {
  REASON_SPIKE_MIN_COUNT, REASON_SPIKE_MIN_SHARE, REASON_SPIKE_NEW, largestReasonSpike, reasonSpike, ruleValues,
} from '../../server/alerts/rule-value';
import { step } from '../../server/alerts/state-machine';
import { makeRule } from '../helpers/alert-run';
import { SNAP_AT, makeSnapshot, reason } from '../helpers/snapshot-factory';

const live = (metric: AlertMetric, channel = 'chat') => makeRule({ metric, channel, window: undefined, op: '>', threshold: 0 });
const windowed = (metric: AlertMetric, window: WindowName, channel = 'chat') => makeRule({ metric, channel, window, op: '<', threshold: 0 });

describe('rule values: channels', () => {
  const snap = makeSnapshot({
    channels: {
      chat: { windows: { '15m': { serviceLevel: 0.62 }, '60m': { serviceLevel: 0.71 } } },
      voice: { windows: { '15m': { serviceLevel: 0.93 } } },
      email: { windows: { '15m': { serviceLevel: null } } },
    },
  });

  it('"*" gives one value per channel of the snapshot, in its order', () => {
    expect(ruleValues(windowed('serviceLevel', '15m', '*'), snap, SNAP_AT)).toEqual([
      { channel: 'chat', value: 0.62 }, { channel: 'voice', value: 0.93 }, { channel: 'email', value: null },
    ]);
  });

  it('a named channel gives that channel only, from the rule\'s window', () => {
    expect(ruleValues(windowed('serviceLevel', '60m'), snap, SNAP_AT)).toEqual([{ channel: 'chat', value: 0.71 }]);
  });

  it('a channel missing from the snapshot is no data', () => {
    expect(ruleValues(live('waiting', 'social'), snap, SNAP_AT)).toEqual([{ channel: 'social', value: null }]);
  });

  it('a windowed rule without a window has no data rather than a guessed window', () => {
    expect(ruleValues(makeRule({ window: undefined }), snap, SNAP_AT)).toEqual([{ channel: 'chat', value: null }]);
  });

  it('reads each windowed metric from its own field', () => {
    const s = makeSnapshot({ channels: { chat: { windows: { today: { asa: 41, abandonRate: 0.07, aht: 512, csat: 0.58 } } } } });
    const v = (m: AlertMetric) => ruleValues(windowed(m, 'today'), s, SNAP_AT)[0]!.value;
    expect([v('asa'), v('abandonRate'), v('aht'), v('csat')]).toEqual([41, 0.07, 512, 0.58]);
  });

  it('a channel\'s contact rate is its own arrivals over all orders in the window, none without orders', () => {
    const s = makeSnapshot({ channels: { chat: { windows: { '60m': { arrivals: 260 } } } }, totals: { '60m': { orders: 5_200 } } });
    expect(ruleValues(windowed('contactRate', '60m'), s, SNAP_AT)[0]!.value).toBeCloseTo(0.05, 10);
    const noOrders = makeSnapshot({ channels: { chat: {} }, totals: { '60m': { orders: 0 } } });
    expect(ruleValues(windowed('contactRate', '60m'), noOrders, SNAP_AT)[0]!.value).toBeNull();
  });

  it('reads live gauges, and ages in seconds against the clock it is given', () => {
    const s = makeSnapshot({ channels: { chat: { waiting: 12, open: 40, oldestWaitingSince: SNAP_AT - 90_000, oldestOpenSince: SNAP_AT - 3_600_000 } } });
    const v = (m: AlertMetric, now = SNAP_AT) => ruleValues(live(m), s, now)[0]!.value;
    expect(v('waiting')).toBe(12);
    expect(v('open')).toBe(40);
    expect(v('oldestWaitSeconds')).toBe(90);
    expect(v('oldestWaitSeconds', SNAP_AT + 30_000)).toBe(120);
    expect(v('oldestOpenSeconds')).toBe(3_600);
  });

  it('an age with nothing waiting or open is 0, never negative', () => {
    const s = makeSnapshot({ channels: { chat: { oldestWaitingSince: null, oldestOpenSince: SNAP_AT + 5_000 } } });
    expect(ruleValues(live('oldestWaitSeconds'), s, SNAP_AT)[0]!.value).toBe(0);
    expect(ruleValues(live('oldestOpenSeconds'), s, SNAP_AT)[0]!.value).toBe(0);
  });

  it('agents available counts only while someone waits: with nobody waiting the rule is satisfied (not a breach, and it clears)', () => {
    const s = makeSnapshot({ channels: { chat: { waiting: 0, agents: { available: 0 } }, voice: { waiting: 4, agents: { available: 0 } }, email: { waiting: 2, agents: { available: 5 } } } });
    expect(ruleValues(live('agentsAvailable', '*'), s, SNAP_AT)).toEqual([
      { channel: 'chat', value: 0, satisfied: true }, { channel: 'voice', value: 0 }, { channel: 'email', value: 5 },
    ]);
    expect(ruleValues(live('agentsAvailable', 'total'), s, SNAP_AT)).toEqual([{ channel: 'total', value: 5 }]);
    const idle = makeSnapshot({ channels: { chat: { waiting: 0, agents: { available: 0 } }, voice: { waiting: 0, agents: { available: 0 } } } });
    expect(ruleValues(live('agentsAvailable', 'total'), idle, SNAP_AT)).toEqual([{ channel: 'total', value: 0, satisfied: true }]);
  });

  it('evaluates "*" channels independently: one fires, the others stay quiet', () => {
    const rule = makeRule({ id: 'backlog', metric: 'open', channel: '*', window: undefined, op: '>', threshold: 500, for: 0 });
    const s = makeSnapshot({ channels: { chat: { open: 800 }, voice: { open: 20 }, email: { open: 499 } } });
    const results = ruleValues(rule, s, SNAP_AT).map(({ channel, value }) => step(null, rule, channel, value, SNAP_AT));
    expect(results.map((r) => [r.alert.id, r.alert.state])).toEqual([
      ['backlog:chat', 'firing'], ['backlog:voice', 'inactive'], ['backlog:email', 'inactive'],
    ]);
    expect(results.flatMap((r) => r.notifications).map((n) => n.alert.channel)).toEqual(['chat']);
  });
});

describe('rule values: across channels ("total")', () => {
  it('contact rate and CSAT come from the totals of the window', () => {
    const s = makeSnapshot({ totals: { '60m': { contactRate: 0.061, csat: 0.58 }, '15m': { contactRate: 0.04, csat: 0.9 } } });
    expect(ruleValues(windowed('contactRate', '60m', 'total'), s, SNAP_AT)).toEqual([{ channel: 'total', value: 0.061 }]);
    expect(ruleValues(windowed('csat', '60m', 'total'), s, SNAP_AT)).toEqual([{ channel: 'total', value: 0.58 }]);
  });

  it('sums live gauges, takes the oldest age, and recomputes service level from the counts', () => {
    const s = makeSnapshot({
      channels: {
        chat: { waiting: 3, oldestWaitingSince: SNAP_AT - 30_000, windows: { '15m': { answeredInTarget: 40, answered: 50, abandoned: 10, shortAbandoned: 0, asa: 20 } } },
        voice: { waiting: 5, oldestWaitingSince: SNAP_AT - 200_000, windows: { '15m': { answeredInTarget: 80, answered: 90, abandoned: 10, shortAbandoned: 10, asa: 10 } } },
      },
    });
    const v = (rule: ReturnType<typeof makeRule>) => ruleValues({ ...rule, channel: 'total' }, s, SNAP_AT)[0]!.value;
    expect(v(live('waiting'))).toBe(8);
    expect(v(live('oldestWaitSeconds'))).toBe(200);
    expect(v(windowed('serviceLevel', '15m'))).toBeCloseTo(120 / 150, 10); // (40+80) / (60 + 100 − 10)
    expect(v(windowed('abandonRate', '15m'))).toBeCloseTo(20 / 160, 10);
    expect(v(windowed('asa', '15m'))).toBeCloseTo((20 * 50 + 10 * 90) / 140, 10);
    expect(v(windowed('aht', '15m'))).toBeNull();
  });

  it('a reason spike is only defined across channels', () => {
    const s = makeSnapshot({ reasons: [reason('damaged', 0.3, 0.1)] });
    expect(ruleValues(makeRule({ metric: 'reasonSpike', channel: 'total', window: undefined, op: '>', threshold: 2 }), s, SNAP_AT)[0]!.value).toBeCloseTo(3, 10);
    expect(ruleValues(makeRule({ metric: 'reasonSpike', channel: 'chat', window: undefined, op: '>', threshold: 2 }), s, SNAP_AT)[0]!.value).toBeNull();
  });
});

describe('reason spike math', () => {
  it('is the largest share ratio against the hour before', () => {
    expect(reasonSpike([reason('where-is-my-order', 0.4, 0.25), reason('damaged', 0.24, 0.08), reason('refund', 0.2, 0.3)])).toBeCloseTo(3, 10);
    expect(largestReasonSpike([reason('where-is-my-order', 0.4, 0.25), reason('damaged', 0.24, 0.08)])?.reason).toBe('damaged');
  });

  it('ignores reasons below the share floor, however much they jumped', () => {
    expect(REASON_SPIKE_MIN_SHARE).toBe(0.1);
    expect(reasonSpike([reason('tiny', 0.09, 0.001), reason('steady', 0.5, 0.5)])).toBe(1);
  });

  it('ignores a reason with fewer than the minimum count of contacts (one tagged contact at night is not a spike)', () => {
    expect(REASON_SPIKE_MIN_COUNT).toBe(10);
    const few = (count: number) => ({ ...reason('night', 1, null), count });
    expect(reasonSpike([few(1)])).toBe(0);
    expect(reasonSpike([few(9)])).toBe(0);
    expect(reasonSpike([few(10)])).toBe(REASON_SPIKE_NEW);
  });

  it('counts a reason exactly at the floor', () => {
    expect(reasonSpike([reason('edge', 0.1, 0.04)])).toBeCloseTo(2.5, 10);
  });

  it('a reason with no share before (none, or no tagged contacts at all) is a new spike: a large finite number', () => {
    expect(reasonSpike([reason('new', 0.2, 0)])).toBe(REASON_SPIKE_NEW);
    expect(reasonSpike([reason('new', 0.2, null)])).toBe(REASON_SPIKE_NEW);
    expect(Number.isFinite(REASON_SPIKE_NEW)).toBe(true);
    expect(JSON.parse(JSON.stringify({ v: reasonSpike([reason('new', 0.2, null)]) })).v).toBe(REASON_SPIKE_NEW);
  });

  it('is 0 when no reason qualifies, so a spike alert can resolve', () => {
    expect(reasonSpike([])).toBe(0);
    expect(reasonSpike([reason('tiny', 0.05, null)])).toBe(0);
  });

  it('a share that fell is a ratio below 1, not a spike', () => {
    expect(reasonSpike([reason('calming', 0.3, 0.6)])).toBeCloseTo(0.5, 10);
  });
});

describe('reason spike on intensity (basis "intensity"): contacts per order now against the hour before', () => {
  // 10,000 orders in each hour: where-is-my-order 400 → 800 contacts (share 40 % → 40 %: all reasons doubled).
  const doubled = reason('where-is-my-order', 0.4, 0.4, { count: 800, intensity: { '60m': 0.08, today: 0.08 }, previousIntensity: 0.04 });
  // Orders tripled with the contacts: the same contacts per order, while its share tripled.
  const withOrders = reason('damaged', 0.3, 0.1, { intensity: { '60m': 0.01, today: 0.01 }, previousIntensity: 0.01 });

  it('is the largest intensity ratio, where the share basis sees nothing', () => {
    expect(reasonSpike([doubled], 'intensity')).toBeCloseTo(2, 10);
    expect(reasonSpike([doubled], 'share')).toBeCloseTo(1, 10);
    expect(reasonSpike([withOrders], 'intensity')).toBeCloseTo(1, 10);
    expect(reasonSpike([withOrders])).toBeCloseTo(3, 10); // the default basis is share
    expect(largestReasonSpike([doubled, withOrders], 'intensity')?.reason).toBe('where-is-my-order');
  });

  it('keeps the share and count floors: the same reasons qualify on either basis', () => {
    const minor = reason('tiny', 0.05, 0.05, { intensity: { '60m': 0.05, today: 0.05 }, previousIntensity: 0.001 });
    const few = reason('night', 0.5, 0.5, { count: 9, intensity: { '60m': 0.05, today: 0.05 }, previousIntensity: 0.001 });
    expect(reasonSpike([minor, few], 'intensity')).toBe(0);
  });

  it('a reason with orders but no contacts before is new; without orders now or before it cannot be compared', () => {
    expect(reasonSpike([reason('new', 0.2, 0, { previousIntensity: 0 })], 'intensity')).toBe(REASON_SPIKE_NEW);
    expect(reasonSpike([reason('quiet', 0.2, 0.1, { previousIntensity: null })], 'intensity')).toBe(0);
    expect(reasonSpike([reason('quiet', 0.2, 0.1, { intensity: { '60m': null, today: null }, previousIntensity: 0.01 })], 'intensity')).toBe(0);
  });

  it('a rule\'s basis picks the value; a rule without one watches the share', () => {
    const s = makeSnapshot({ reasons: [doubled, withOrders] });
    const spike = (basis?: 'share' | 'intensity') => ruleValues(makeRule({ metric: 'reasonSpike', channel: 'total', window: undefined, op: '>', threshold: 1.5, ...(basis ? { basis } : {}) }), s, SNAP_AT)[0]!.value;
    expect(spike('intensity')).toBeCloseTo(2, 10);
    expect(spike('share')).toBeCloseTo(3, 10);
    expect(spike()).toBeCloseTo(3, 10);
  });
});
