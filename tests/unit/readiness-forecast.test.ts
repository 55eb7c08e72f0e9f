import { describe, expect, it } from 'vitest';
import { lastWeekMinutes, resolveForecast } from '../../server/readiness/forecast';
import type { UploadedByDay } from '../../server/readiness/forecast-store';
import { INTERVAL_MS, dayOf, localDay, namedDay, sameIntervalLastWeek } from '../../server/readiness/intervals';

const at = (iso: string) => Date.parse(iso);
const WEEK = 7 * 86_400_000;
/** Friday 2027-11-26 10:07 UTC. */
const NOW = at('2027-11-26T10:07:00Z');

describe('the intervals of a day', () => {
  it('a UTC day has 96 quarter hours from midnight', () => {
    const d = dayOf(NOW, 'UTC');
    expect(d.day).toBe('2027-11-26');
    expect(d.starts).toHaveLength(96);
    expect(d.starts[0]).toBe(at('2027-11-26T00:00:00Z'));
    expect(d.starts[95]).toBe(at('2027-11-26T23:45:00Z'));
  });

  it('a day when the clocks go back has 100 intervals, forward 92', () => {
    expect(namedDay('2027-10-31', 'Europe/Berlin')!.starts).toHaveLength(100);
    expect(namedDay('2027-03-28', 'Europe/Berlin')!.starts).toHaveLength(92);
  });

  it('a half-hour zone still starts its intervals on quarter hours', () => {
    const d = dayOf(NOW, 'Asia/Kolkata');
    expect(d.start).toBe(at('2027-11-25T18:30:00Z'));
    expect(d.starts.every((s) => s % INTERVAL_MS === 0)).toBe(true);
  });

  it('refuses what is not a calendar date', () => {
    expect(namedDay('2027-02-30', 'UTC')).toBeNull();
    expect(namedDay('26.11.2027', 'UTC')).toBeNull();
  });

  it('last week is the same local time, even across a daylight-saving change', () => {
    expect(sameIntervalLastWeek(at('2027-11-26T09:00:00Z'), 'UTC')).toBe(at('2027-11-19T09:00:00Z'));
    // Monday 1 November 09:00 CET (08:00Z) ← Monday 25 October 09:00 CEST (07:00Z): 7 days and 1 hour apart.
    expect(sameIntervalLastWeek(at('2027-11-01T08:00:00Z'), 'Europe/Berlin')).toBe(at('2027-10-25T07:00:00Z'));
    expect(localDay(at('2027-11-26T23:30:00Z'), 'Europe/Berlin')).toBe('2027-11-27');
  });
});

describe('the forecast of an interval', () => {
  const starts = [at('2027-11-26T09:00:00Z'), at('2027-11-26T09:15:00Z'), at('2027-11-26T09:30:00Z')];
  /** Last week's minute buckets: chat had 2 arrivals a minute from 09:00 to 09:14 and 1 in 09:20; voice nothing recorded. */
  const minuteArrivals = (m: number, ci: number) => {
    if (ci !== 0) return null;
    if (m >= at('2027-11-19T09:00:00Z') && m < at('2027-11-19T09:15:00Z')) return 2;
    if (m === at('2027-11-19T09:20:00Z')) return 1;
    if (m === at('2027-11-19T09:40:00Z')) return 0; // a field that went back to 0 is still a record
    return null;
  };

  it('without an upload is last week\'s arrivals in the same interval; a quiet interval is 0, not missing', () => {
    const f = resolveForecast({ channels: ['chat', 'voice'], starts, timeZone: 'UTC', now: NOW, uploaded: new Map(), minuteArrivals });
    expect(f.get('chat')).toEqual([
      { forecast: 30, source: 'last-week' }, { forecast: 1, source: 'last-week' }, { forecast: 0, source: 'last-week' },
    ]);
  });

  it('is missing when last week recorded nothing at all for the channel that day', () => {
    const f = resolveForecast({ channels: ['chat', 'voice'], starts, timeZone: 'UTC', now: NOW, uploaded: new Map(), minuteArrivals });
    expect(f.get('voice')!.every((c) => c.forecast === null && c.source === 'none')).toBe(true);
  });

  it('an upload for the day and channel wins; its missing intervals are missing, other channels keep last week', () => {
    const uploaded: UploadedByDay = new Map([['2027-11-26', new Map([['voice', { uploadedAt: NOW, intervals: { [String(starts[0])]: 12, [String(starts[2])]: 0 } }]])]]);
    const f = resolveForecast({ channels: ['chat', 'voice'], starts, timeZone: 'UTC', now: NOW, uploaded, minuteArrivals });
    expect(f.get('voice')).toEqual([
      { forecast: 12, source: 'uploaded' }, { forecast: null, source: 'uploaded' }, { forecast: 0, source: 'uploaded' },
    ]);
    expect(f.get('chat')![0]).toEqual({ forecast: 30, source: 'last-week' });
  });

  it('an interval whose week-ago twin has not ended yet has no last-week forecast', () => {
    const future = [at('2027-12-03T10:00:00Z')]; // a week ago is 2027-11-26 10:00-10:15, still running at 10:07
    const f = resolveForecast({ channels: ['chat'], starts: future, timeZone: 'UTC', now: NOW, uploaded: new Map(), minuteArrivals: () => 5 });
    expect(f.get('chat')).toEqual([{ forecast: null, source: 'none' }]);
    expect(lastWeekMinutes(future, ['chat'], 'UTC', NOW, new Map())).toEqual([]);
  });

  it('reads last week\'s minutes only where some channel has no upload', () => {
    const all: UploadedByDay = new Map([['2027-11-26', new Map([['chat', { uploadedAt: NOW, intervals: {} }]])]]);
    expect(lastWeekMinutes(starts, ['chat'], 'UTC', NOW, all)).toEqual([]);
    const minutes = lastWeekMinutes(starts, ['chat', 'voice'], 'UTC', NOW, all);
    expect(minutes).toHaveLength(45);
    expect(minutes[0]).toBe(starts[0]! - WEEK);
  });
});
