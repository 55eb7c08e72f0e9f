import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BucketPlan, planWindows } from '../../server/metrics/windows';
import { startOfDay } from '../../shared/time';

const MIN = 60_000;
const HOUR = 3_600_000;
const utc = (iso: string) => {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`bad test date ${iso}`);
  return ms;
};
/** Minute index computed here, independently of the code under test. */
const minuteIndex = (ms: number) => Math.floor(ms / MIN);
const seq = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every minute a plan reads, hour roll-ups expanded to their 60 minutes, in reading order (duplicates kept). */
const expand = (p: BucketPlan) => [...p.minutes, ...p.hours.flatMap((h) => seq(h * 60, h * 60 + 59))];

/** Asserts the plan covers exactly the minutes from..to, each once. */
function expectExactCover(p: BucketPlan, from: number, to: number) {
  const all = expand(p);
  const sorted = [...all].sort((a, b) => a - b);
  expect(new Set(all).size, 'no minute is read twice').toBe(all.length);
  expect(sorted[0], 'first minute').toBe(from);
  expect(sorted[sorted.length - 1], 'last minute').toBe(to);
  expect(sorted, 'no gap').toEqual(seq(from, to));
}

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/St_Johns', // -03:30 / -02:30
  'Asia/Kolkata', // +05:30
  'Asia/Kathmandu', // +05:45
  'Australia/Adelaide', // +09:30 / +10:30
  'Australia/Lord_Howe', // +10:30 / +11:00, a half-hour DST shift
  'Pacific/Chatham', // +12:45 / +13:45
  'Pacific/Kiritimati', // +14:00
  'Pacific/Pago_Pago', // -11:00
];

describe('planWindows: sliding windows', () => {
  const now = utc('2026-11-27T10:15:42.500Z');
  const m = minuteIndex(now);
  const plan = planWindows(now, 'UTC');

  it('15m is the last 15 minute indexes ending with the current minute', () => {
    expect(plan.windows['15m']).toEqual({ minutes: seq(m - 14, m), hours: [] });
  });

  it('60m is the last 60 minute indexes ending with the current minute', () => {
    expect(plan.windows['60m']).toEqual({ minutes: seq(m - 59, m), hours: [] });
  });

  it('the current minute is the one containing now, also at its first and last millisecond', () => {
    const start = utc('2026-11-27T10:15:00.000Z');
    expect(planWindows(start, 'UTC').windows['15m'].minutes.at(-1)).toBe(start / MIN);
    expect(planWindows(start + MIN - 1, 'UTC').windows['15m'].minutes.at(-1)).toBe(start / MIN);
    expect(planWindows(start + MIN, 'UTC').windows['15m'].minutes.at(-1)).toBe(start / MIN + 1);
  });

  it('previous60 is the 60 minutes right before the 60m window', () => {
    expect(plan.previous60).toEqual({ minutes: seq(m - 119, m - 60), hours: [] });
    expect(plan.previous60.minutes.at(-1)! + 1).toBe(plan.windows['60m'].minutes[0]);
  });

  it('sliding windows do not depend on the time zone', () => {
    for (const tz of ZONES) {
      const p = planWindows(now, tz);
      expect(p.windows['15m']).toEqual(plan.windows['15m']);
      expect(p.windows['60m']).toEqual(plan.windows['60m']);
      expect(p.previous60).toEqual(plan.previous60);
    }
  });

  it('sliding windows cross midnight (they are not cut at the start of today)', () => {
    const justAfter = utc('2026-11-27T00:05:00Z');
    const p = planWindows(justAfter, 'UTC');
    expect(p.windows['60m'].minutes[0]).toBe(minuteIndex(justAfter) - 59);
    expect(p.windows['60m'].minutes[0]).toBeLessThan(minuteIndex(p.todayStart));
  });
});

describe('planWindows: today in UTC', () => {
  it('uses hour roll-ups for the whole hours and minutes for the current hour', () => {
    const now = utc('2026-11-27T10:15:30Z');
    const midnightHour = utc('2026-11-27T00:00:00Z') / HOUR;
    const p = planWindows(now, 'UTC');
    expect(p.windows.today.hours).toEqual(seq(midnightHour, midnightHour + 9)); // 00:00..09:00
    expect(p.windows.today.minutes).toEqual(seq(utc('2026-11-27T10:00:00Z') / MIN, minuteIndex(now))); // 10:00..10:15
  });

  it('reports todayStart as UTC midnight', () => {
    expect(planWindows(utc('2026-11-27T10:15:30Z'), 'UTC').todayStart).toBe(utc('2026-11-27T00:00:00Z'));
  });

  it('at a whole hour, the new hour is one minute and the past hours are roll-ups', () => {
    const now = utc('2026-11-27T10:00:00Z');
    const p = planWindows(now, 'UTC');
    expect(p.windows.today.minutes).toEqual([minuteIndex(now)]);
    expect(p.windows.today.hours).toHaveLength(10);
  });

  it('just after midnight, today is only the current minute', () => {
    const now = utc('2026-11-27T00:00:20Z');
    expect(planWindows(now, 'UTC').windows.today).toEqual({ minutes: [minuteIndex(now)], hours: [] });
  });

  it('in the first hour, today is minutes only', () => {
    const now = utc('2026-11-27T00:42:00Z');
    expect(planWindows(now, 'UTC').windows.today).toEqual({ minutes: seq(utc('2026-11-27T00:00:00Z') / MIN, minuteIndex(now)), hours: [] });
  });

  it('one minute before midnight, today is 23 hour roll-ups and 60 minutes', () => {
    const now = utc('2026-11-27T23:59:59.999Z');
    const p = planWindows(now, 'UTC');
    expect(p.windows.today.hours).toHaveLength(23);
    expect(p.windows.today.minutes).toHaveLength(60);
    expectExactCover(p.windows.today, utc('2026-11-27T00:00:00Z') / MIN, minuteIndex(now));
  });
});

describe('planWindows: today in half-hour and 45-minute zones', () => {
  it('Asia/Kolkata: the 30 minutes before the first whole UTC hour are read as minutes', () => {
    // midnight in Kolkata = 18:30 UTC; now = 21:10 UTC = 02:40 IST
    const now = utc('2026-11-27T21:10:00Z');
    const p = planWindows(now, 'Asia/Kolkata');
    const s = utc('2026-11-27T18:30:00Z') / MIN;
    expect(p.todayStart).toBe(utc('2026-11-27T18:30:00Z'));
    expect(p.windows.today.hours).toEqual([utc('2026-11-27T19:00:00Z') / HOUR, utc('2026-11-27T20:00:00Z') / HOUR]);
    expect(p.windows.today.minutes).toEqual([...seq(s, s + 29), ...seq(utc('2026-11-27T21:00:00Z') / MIN, minuteIndex(now))]);
  });

  it('Asia/Kathmandu: the 45 minutes before the first whole UTC hour are read as minutes', () => {
    // midnight in Kathmandu = 18:15 UTC; now = 20:05 UTC = 01:50 NPT
    const now = utc('2026-11-27T20:05:00Z');
    const p = planWindows(now, 'Asia/Kathmandu');
    const s = utc('2026-11-27T18:15:00Z') / MIN;
    expect(p.windows.today.hours).toEqual([utc('2026-11-27T19:00:00Z') / HOUR]);
    expect(p.windows.today.minutes).toEqual([...seq(s, s + 44), ...seq(utc('2026-11-27T20:00:00Z') / MIN, minuteIndex(now))]);
  });

  it('Asia/Kathmandu just after midnight: only the minutes since midnight', () => {
    const now = utc('2026-11-27T18:15:30Z'); // 00:00:30 NPT
    expect(planWindows(now, 'Asia/Kathmandu').windows.today).toEqual({ minutes: [minuteIndex(now)], hours: [] });
  });

  it('Asia/Kathmandu before the first whole UTC hour: minutes since midnight only, no hours', () => {
    const now = utc('2026-11-27T18:50:00Z'); // 00:35 NPT
    expect(planWindows(now, 'Asia/Kathmandu').windows.today).toEqual({ minutes: seq(utc('2026-11-27T18:15:00Z') / MIN, minuteIndex(now)), hours: [] });
  });

  it('Asia/Kathmandu exactly at the first whole UTC hour: the minutes since midnight and that minute, no hours', () => {
    const now = utc('2026-11-27T19:00:00Z');
    expectExactCover(planWindows(now, 'Asia/Kathmandu').windows.today, utc('2026-11-27T18:15:00Z') / MIN, minuteIndex(now));
    expect(planWindows(now, 'Asia/Kathmandu').windows.today.hours).toEqual([]);
  });
});

describe('planWindows: today covers midnight..now exactly', () => {
  const cases: [string, string][] = [
    ['UTC', '2026-11-27T10:15:30Z'],
    ['UTC', '2026-11-27T00:00:00Z'],
    ['Europe/Berlin', '2026-11-27T10:15:30Z'],
    ['Europe/Berlin', '2026-11-26T23:00:00Z'], // Berlin midnight exactly
    ['Europe/Berlin', '2026-03-29T21:59:00Z'], // end of the 23-hour day
    ['Europe/Berlin', '2026-10-25T22:59:59Z'], // end of the 25-hour day
    ['Europe/Berlin', '2026-10-25T01:30:00Z'], // inside the repeated hour
    ['America/New_York', '2026-11-27T03:00:00Z'],
    ['America/New_York', '2026-11-01T23:30:00Z'], // fall-back day evening
    ['Asia/Kolkata', '2026-11-27T18:30:00Z'], // midnight exactly
    ['Asia/Kolkata', '2026-11-27T18:31:00Z'], // just after midnight
    ['Asia/Kolkata', '2026-11-27T18:29:59Z'], // one second before midnight: a full day
    ['Asia/Kolkata', '2026-11-27T12:07:00Z'],
    ['Asia/Kathmandu', '2026-11-27T18:15:00Z'], // midnight exactly
    ['Asia/Kathmandu', '2026-11-27T18:16:59Z'], // just after midnight
    ['Asia/Kathmandu', '2026-11-27T18:14:59Z'], // one second before midnight: a full day
    ['Asia/Kathmandu', '2026-11-27T07:45:00Z'],
    ['Australia/Lord_Howe', '2026-04-05T13:29:00Z'], // end of the 24.5-hour day (DST ends)
    ['Pacific/Chatham', '2026-04-05T11:14:00Z'], // end of a 25-hour day at +12:45
  ];

  it.each(cases)('%s at %s', (tz, iso) => {
    const now = utc(iso);
    const p = planWindows(now, tz);
    expect(p.todayStart).toBe(startOfDay(now, tz));
    expectExactCover(p.windows.today, minuteIndex(p.todayStart), minuteIndex(now));
  });

  it('Europe/Berlin at the end of the 25-hour day reads exactly 25 hours minus a minute, 24 of them as roll-ups', () => {
    const now = utc('2026-10-25T22:59:00Z'); // 23:59 CET
    const p = planWindows(now, 'Europe/Berlin');
    expect(p.todayStart).toBe(utc('2026-10-24T22:00:00Z'));
    expect(expand(p.windows.today)).toHaveLength(25 * 60);
    expect(p.windows.today.hours).toHaveLength(24);
  });

  it('Europe/Berlin at the end of the 23-hour day reads 23 hours', () => {
    const now = utc('2026-03-29T21:59:00Z'); // 23:59 CEST
    const p = planWindows(now, 'Europe/Berlin');
    expect(expand(p.windows.today)).toHaveLength(23 * 60);
  });

  it('holds for any time and zone (property), with at most 24 hour reads and at most 59 + 60 minute reads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('2025-01-01T00:00:00Z'), max: utc('2028-01-01T00:00:00Z') }),
        fc.constantFrom(...ZONES),
        (now, tz) => {
          const p = planWindows(now, tz);
          const s = minuteIndex(startOfDay(now, tz));
          expectExactCover(p.windows.today, s, minuteIndex(now));
          expect(p.windows.today.hours.length).toBeLessThanOrEqual(24);
          expect(p.windows.today.minutes.length).toBeLessThanOrEqual(59 + 60);
          expect(p.windows['15m'].minutes).toEqual(seq(minuteIndex(now) - 14, minuteIndex(now)));
          expect(p.windows['60m'].minutes).toEqual(seq(minuteIndex(now) - 59, minuteIndex(now)));
          expect(p.previous60.minutes).toEqual(seq(minuteIndex(now) - 119, minuteIndex(now) - 60));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('holds for every minute of a whole day in Asia/Kathmandu and Europe/Berlin on its 25-hour day', () => {
    for (const [tz, from] of [['Asia/Kathmandu', '2026-11-26T18:15:00Z'], ['Europe/Berlin', '2026-10-24T22:00:00Z']] as const) {
      const start = utc(from);
      for (let now = start; now < start + 25 * HOUR; now += MIN) {
        const p = planWindows(now, tz);
        expectExactCover(p.windows.today, minuteIndex(p.todayStart), minuteIndex(now));
        expect(p.windows.today.hours.length).toBeLessThanOrEqual(24);
      }
    }
  });

  it('hour roll-ups are whole UTC hours that lie entirely inside today', () => {
    const now = utc('2026-11-27T12:07:00Z');
    for (const tz of ZONES) {
      const p = planWindows(now, tz);
      for (const h of p.windows.today.hours) {
        expect(Number.isInteger(h)).toBe(true);
        expect(h * HOUR).toBeGreaterThanOrEqual(p.todayStart);
        expect((h + 1) * HOUR).toBeLessThanOrEqual(minuteIndex(now) * MIN);
      }
    }
  });
});
