import { expect, it } from 'vitest';
import { type DayRecord, addDay, emptySum, periodFigures } from '../../shared/history';
import { defaultTargets } from '../../shared/targets';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { daysOnTarget, monthRows, reasonsByIntensity, reviewRanges } from '../../client/src/model/review';
import { parseHistoryCsv } from '../../server/history/csv';
import { demoHistoryCsv } from '../../scripts/sim/history';

const targets = defaultTargets([...DEFAULT_CHANNELS]);

it('reads 13 months and the 12 before them, the current ISO week and the 7 before, and the same weekdays 364 days earlier', () => {
  expect(reviewRanges('2026-12-02')).toEqual({
    months: { from: '2024-12-01', to: '2026-12-02' },
    peak: { from: '2026-10-12', to: '2026-12-02' },
    lastYear: { from: '2025-10-13', to: '2025-12-03' },
  });
  expect(reviewRanges('2027-01-15').months.from).toBe('2025-01-01');
});

it('the generated demo history tells the notes\' story: last year\'s bad peak, this year\'s good one', () => {
  const csv = demoHistoryCsv({ today: '2026-12-02', channels: DEFAULT_CHANNELS, seed: 3 });
  const parsed = parseHistoryCsv(csv, { channels: new Set(DEFAULT_CHANNELS), firstKept: '2023-01-01', today: '2026-12-02', now: 0 });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems[0]));
  const sum = (from: string, to: string) => {
    const s = emptySum();
    for (const r of parsed.records) if (r.day >= from && r.day <= to) addDay(s, r as DayRecord);
    return periodFigures(from, 'x', s);
  };
  const then = sum('2025-11-01', '2025-11-30');
  const now = sum('2026-11-01', '2026-11-30');
  expect(then.totals.contactRate).toBeCloseTo(0.065, 2);
  expect(then.totals.csat).toBeCloseTo(0.42, 1);
  expect(then.channels.chat!.serviceLevel).toBeLessThan(0.03);
  expect(now.totals.contactRate).toBeCloseTo(0.042, 2);
  expect(now.totals.csat).toBeGreaterThanOrEqual(0.65);
  expect(now.totals.csat).toBeLessThan(0.7);
  expect(now.channels.chat!.serviceLevel).toBeGreaterThan(0.82);
  expect(now.channels.chat!.serviceLevel).toBeLessThan(0.92);
  const rows = monthRows({ step: 'month', from: '2025-11-01', to: '2026-11-30', periods: [then, now].map((p, i) => ({ ...p, label: ['2025-11', '2026-11'][i]! })) }, targets);
  // November 2026 beside November 2025; November 2025 itself has no year before it.
  expect(rows.map((r) => [r.now.label, r.then?.label ?? null])).toEqual([['2025-11', null], ['2026-11', '2025-11']]);
  const { now: n, then: t } = rows[1]!;
  expect([t!.contactRate.level, t!.csat.level, t!.chatSl.level]).toEqual(['breach', 'breach', 'breach']);
  expect([n.contactRate.level, n.csat.level, n.chatSl.level]).toEqual(['ok', expect.not.stringMatching('breach'), expect.not.stringMatching('breach')]);
});

it('counts days on the service-level target per channel, and ranks reasons by intensity over summed orders', () => {
  const day = (sl: number | null, reasons: Record<string, number>, orders: number) => {
    const s = emptySum();
    const answered = 100;
    addDay(s, { day: 'd', source: 'live', at: 0, orders, reasons, channels: sl === null ? {} : { chat: { answered, answeredInTarget: sl * answered } } });
    return periodFigures('d', 'd', s);
  };
  const reply = { step: 'day' as const, from: 'a', to: 'b', periods: [day(0.85, { wismo: 30 }, 1000), day(0.5, { wismo: 10, refund: 20 }, 3000), day(null, {}, 0)] };
  expect(daysOnTarget(reply, targets).find((d) => d.channel === 'chat')).toEqual({ channel: 'chat', onTarget: 1, days: 2 });
  expect(reasonsByIntensity(reply)).toEqual([{ reason: 'wismo', count: 40, intensity: 0.01 }, { reason: 'refund', count: 20, intensity: 0.005 }]);
});
