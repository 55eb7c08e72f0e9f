import { expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { addDay, addDays, dayBounds, daysBetween, emptySum, isDay, periodFigures, periodOf, periodsBetween } from '../../shared/history';

it('a local day lasts 23 or 25 hours across a DST change', () => {
  const hours = (day: string) => { const b = dayBounds(day, 'Europe/Berlin'); return (b.end - b.start) / 3_600_000; };
  expect([hours('2026-03-28'), hours('2026-03-29'), hours('2026-10-25'), hours('2026-10-26')]).toEqual([24, 23, 25, 24]);
  expect(dayBounds('2026-10-25', 'Europe/Berlin').start).toBe(Date.parse('2026-10-24T22:00:00Z'));
});

it('periods: ISO weeks (Monday first, week 53 of 2026 runs into 2027) and calendar months', () => {
  expect(periodOf('2027-01-03', 'week')).toEqual({ start: '2026-12-28', label: '2026-W53' });
  expect(periodOf('2027-01-04', 'week')).toEqual({ start: '2027-01-04', label: '2027-W01' });
  expect(periodOf('2025-12-29', 'week')).toEqual({ start: '2025-12-29', label: '2026-W01' });
  expect(periodOf('2026-02-28', 'month')).toEqual({ start: '2026-02-01', label: '2026-02' });
  expect([isDay('2026-02-29'), isDay('2028-02-29'), isDay('2026-1-01')]).toEqual([false, true, false]);
});

it('ASA counts only the days that know their waits', () => {
  const sum = emptySum();
  addDay(sum, { day: '2026-11-01', source: 'live', at: 0, orders: 0, reasons: {}, channels: { chat: { answered: 10, waitMs: 100_000 } } });
  addDay(sum, { day: '2026-11-02', source: 'import', at: 0, orders: 0, reasons: {}, channels: { chat: { answered: 90 } } });
  expect(periodFigures('2026-11-01', '2026-11', sum).channels.chat!.asa).toBe(10);
});

it('ISO weeks and day arithmetic agree with luxon on every day of four years', () => {
  let day = '2025-01-01';
  for (let i = 0; i < 4 * 366; i++, day = addDays(day, 1)) {
    const d = DateTime.fromISO(day, { zone: 'utc' });
    expect(periodOf(day, 'week')).toEqual({ start: d.startOf('week').toISODate(), label: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}` });
    expect(daysBetween('2025-01-01', day)).toBe(i);
  }
});

it('lists the periods of a range as its days fall into them, for every step', () => {
  for (const [from, to] of [['2025-12-27', '2027-01-05'], ['2026-02-28', '2026-03-01'], ['2026-03-04', '2026-03-04']] as [string, string][]) {
    for (const step of ['day', 'week', 'month'] as const) {
      const byDay: { start: string; label: string }[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const p = periodOf(d, step);
        if (byDay.at(-1)?.start !== p.start) byDay.push(p);
      }
      expect(periodsBetween(from, to, step), `${from} ${to} ${step}`).toEqual(byDay);
    }
  }
});
