import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NO_VALUE, ageSeconds, clockTime, count, duration, hourTicks, longDate, percent, targetPercent, threshold,
} from '../../client/src/model/format';

describe('wall formatting', () => {
  it('shows null, NaN and infinity as a dash', () => {
    expect(percent(null)).toBe(NO_VALUE);
    expect(count(null)).toBe(NO_VALUE);
    expect(duration(null)).toBe(NO_VALUE);
    expect(percent(Number.NaN)).toBe('—');
    expect(duration(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('writes fractions as percentages with the digits asked for', () => {
    expect(percent(0.784)).toBe('78%');
    expect(percent(0.0425, 1)).toBe('4.3%');
    expect(percent(1)).toBe('100%');
    expect(percent(0)).toBe('0%');
  });

  it('writes targets without a needless digit', () => {
    expect(targetPercent(0.05)).toBe('5%');
    expect(targetPercent(0.052)).toBe('5.2%');
    expect(targetPercent(0.8)).toBe('80%');
  });

  it('writes durations in at most two units', () => {
    expect(duration(0)).toBe('0s');
    expect(duration(45.9)).toBe('45s');
    expect(duration(60)).toBe('1m 00s');
    expect(duration(205)).toBe('3m 25s');
    expect(duration(3_599)).toBe('59m 59s');
    expect(duration(3_600)).toBe('1h 00m');
    expect(duration(18_720)).toBe('5h 12m');
    expect(duration(86_400 * 2 + 4 * 3_600)).toBe('2d 04h');
    expect(duration(86_400 * 120 + 5)).toBe('120d');
  });

  it('reads a negative age (a screen clock behind the server) as zero', () => {
    expect(duration(-3)).toBe('0s');
    expect(ageSeconds(10_000, 9_000)).toBe(0);
    expect(ageSeconds(null, 9_000)).toBeNull();
    expect(ageSeconds(1_000, 206_000)).toBe(205);
  });

  it('keeps every duration under a year within 7 characters, so it fits its tile', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 365 * 86_400, noNaN: true }), (s) => {
      expect(duration(s).length).toBeLessThanOrEqual(7);
    }));
  });

  it('writes thresholds the way targets are spoken', () => {
    expect(threshold(120)).toBe('2m');
    expect(threshold(20)).toBe('20s');
    expect(threshold(86_400)).toBe('24h');
    expect(threshold(90)).toBe('90s');
    expect(threshold(5_400)).toBe('90m');
  });

  it('groups thousands', () => {
    expect(count(12_345)).toBe('12,345');
    expect(count(7)).toBe('7');
  });

  it('shows clock and date in the time zone of the snapshot', () => {
    const t = Date.parse('2026-11-27T23:30:05Z');
    expect(clockTime(t, 'UTC')).toBe('23:30:05');
    expect(clockTime(t, 'Europe/Berlin')).toBe('00:30:05');
    expect(clockTime(t, 'Asia/Kolkata')).toBe('05:00:05');
    expect(longDate(t, 'UTC')).toBe('Fri 27 Nov 2026');
    expect(longDate(t, 'Europe/Berlin')).toBe('Sat 28 Nov 2026');
  });

  it('falls back to the screen time zone rather than failing on an unknown one', () => {
    expect(clockTime(0, 'Not/AZone')).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it('puts time-axis ticks on whole local hours, also in half-hour zones', () => {
    const from = Date.parse('2026-11-27T08:10:00Z');
    const to = from + 4 * 3_600_000;
    expect(hourTicks(from, to, 'UTC').map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['09:00', '10:00', '11:00', '12:00']);
    expect(hourTicks(from, to, 'Asia/Kolkata').map((t) => clockTime(t, 'Asia/Kolkata').slice(0, 5))).toEqual(['14:00', '15:00', '16:00', '17:00']);
  });
});
