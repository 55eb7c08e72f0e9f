import { MINUTE_MS } from '../store/keys';
import type { ForecastStore, UploadedByDay } from './forecast-store';
import { INTERVAL_MINUTES, INTERVAL_MS, localDay, sameIntervalLastWeek } from './intervals';

/**
 * Where an interval's forecast comes from: an upload for its day and channel; else the actual arrivals of the
 * same interval on the same weekday last week; `none` when last week has no data for that channel and day
 * at all (Peakwatch was not running, or the buckets expired) — a missing forecast, not a forecast of 0.
 */
import type { ForecastSource } from '../../shared/readiness';

export type { ForecastSource };

export interface ForecastCell {
  /** Expected arrivals in the interval; null when missing. */
  forecast: number | null;
  source: ForecastSource;
}

export interface ResolveInput {
  channels: readonly string[];
  /** Interval starts, epoch ms. */
  starts: readonly number[];
  timeZone: string;
  now: number;
  uploaded: UploadedByDay;
  /** Arrivals of channel `channelIndex` in the minute starting at `minuteStart`; null when not recorded. */
  minuteArrivals(minuteStart: number, channelIndex: number): number | null;
}

/**
 * Last week's intervals whose buckets must be read for `starts`: those of a day and channel with no upload,
 * once they have ended (an interval of last week still running, or in the future, has no forecast to give).
 */
export function lastWeekMinutes(starts: readonly number[], channels: readonly string[], timeZone: string, now: number, uploaded: UploadedByDay): number[] {
  const minutes = new Set<number>();
  for (const start of starts) {
    const day = uploaded.get(localDay(start, timeZone));
    if (channels.every((ch) => day?.has(ch))) continue;
    const lw = sameIntervalLastWeek(start, timeZone);
    if (lw + INTERVAL_MS > now) continue;
    for (let k = 0; k < INTERVAL_MINUTES; k++) minutes.add(lw + k * MINUTE_MS);
  }
  return [...minutes];
}

/** The forecast of each channel for each start (pure: the reads are done by the caller). */
export function resolveForecast(input: ResolveInput): Map<string, ForecastCell[]> {
  const { channels, starts, timeZone, now, uploaded } = input;
  const out = new Map<string, ForecastCell[]>();
  channels.forEach((ch, ci) => {
    const cells: ForecastCell[] = [];
    // Per day: did last week record anything at all for this channel?
    const recorded = new Map<string, boolean>();
    const sums = starts.map((start) => {
      const lw = sameIntervalLastWeek(start, timeZone);
      if (lw + INTERVAL_MS > now) return null;
      let sum = 0;
      let any = false;
      for (let k = 0; k < INTERVAL_MINUTES; k++) {
        const v = input.minuteArrivals(lw + k * MINUTE_MS, ci);
        if (v !== null) { any = true; sum += v; }
      }
      const day = localDay(start, timeZone);
      recorded.set(day, (recorded.get(day) ?? false) || any);
      return sum;
    });
    starts.forEach((start, i) => {
      const day = localDay(start, timeZone);
      const up = uploaded.get(day)?.get(ch);
      if (up) cells.push({ forecast: up.intervals[String(start)] ?? null, source: 'uploaded' });
      else if (!recorded.get(day)) cells.push({ forecast: null, source: 'none' });
      else cells.push({ forecast: sums[i] ?? null, source: 'last-week' });
    });
    out.set(ch, cells);
  });
  return out;
}

/** Reads what the forecast of `starts` needs (two round trips: uploads, then last week's minutes) and resolves it. */
export async function loadForecast(fs: ForecastStore, channels: readonly string[], starts: readonly number[], timeZone: string, now: number): Promise<{ cells: Map<string, ForecastCell[]>; uploaded: UploadedByDay }> {
  const days = [...new Set(starts.map((s) => localDay(s, timeZone)))];
  const uploaded = await fs.read(days);
  const minutes = lastWeekMinutes(starts, channels, timeZone, now, uploaded);
  const values = await fs.minuteArrivals(minutes, channels);
  const byMinute = new Map(minutes.map((m, i) => [m, values[i]!]));
  const cells = resolveForecast({
    channels, starts, timeZone, now, uploaded,
    minuteArrivals: (m, ci) => byMinute.get(m)?.[ci] ?? null,
  });
  return { cells, uploaded };
}
