import type { Snapshot } from '../../shared/snapshot';
import type { ChannelStore } from '../store/channel-store';
import { MINUTE_MS, minuteOf } from '../store/keys';
import { type ForecastSource, loadForecast } from './forecast';
import { type ForecastRow, groupByDay } from './forecast-parse';
import type { ForecastStore } from './forecast-store';
import { INTERVAL_MINUTES, INTERVAL_MS, type DayIntervals, dayOf, intervalOf, namedDay } from './intervals';
import { type Readiness, buildReadiness } from './readiness';

export interface ReadinessDeps {
  forecasts: ForecastStore;
  channels: readonly string[];
  timeZone: string;
  snapshot: () => Promise<Snapshot>;
  /** The minutes each channel was closed or unstaffed during its hours today; none: not counted (zero). */
  channelStore?: ChannelStore;
}

/**
 * Arrivals per channel in each interval of `starts` up to `now` (the running interval so far), from minute
 * buckets: up to 1,440 HMGETs for a whole day, pipelined in one round trip.
 */
async function actualArrivals(fs: ForecastStore, channels: readonly string[], starts: readonly number[], now: number): Promise<Map<string, number[]>> {
  const begun = starts.filter((s) => s <= now);
  const minutes: number[] = [];
  const last = minuteOf(now) * MINUTE_MS;
  for (const s of begun) for (let k = 0; k < INTERVAL_MINUTES && s + k * MINUTE_MS <= last; k++) minutes.push(s + k * MINUTE_MS);
  const values = await fs.minuteArrivals(minutes, channels);
  const out = new Map(channels.map((ch) => [ch, begun.map(() => 0)]));
  // `starts` are consecutive intervals, so a minute's interval is its offset from the first.
  minutes.forEach((m, i) => {
    const iv = Math.floor((m - starts[0]!) / INTERVAL_MS);
    channels.forEach((ch, ci) => { out.get(ch)![iv]! += values[i]![ci] ?? 0; });
  });
  return out;
}

/** `GET /api/v1/readiness`: the snapshot, today's arrivals and the forecast, three round trips after the snapshot's. */
export async function computeReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const snapshot = await deps.snapshot();
  const now = snapshot.at;
  const day = dayOf(now, deps.timeZone);
  const nextStart = intervalOf(now) + INTERVAL_MS;
  const [actual, forecast, minutes] = await Promise.all([
    actualArrivals(deps.forecasts, deps.channels, day.starts, now),
    loadForecast(deps.forecasts, deps.channels, [...day.starts, nextStart], deps.timeZone, now),
    deps.channelStore?.minutesOfDay(now),
  ]);
  return buildReadiness({ snapshot, day, actual, forecast: forecast.cells, nextStart, minutes });
}

export interface DayForecast {
  day: string;
  timeZone: string;
  intervalMinutes: number;
  channels: Record<string, { source: ForecastSource; uploadedAt: number | null; intervals: { start: number; forecast: number | null }[] }>;
}

/** The forecast of a day as readiness uses it: uploaded, else last week's actuals. */
export async function dayForecast(deps: Pick<ReadinessDeps, 'forecasts' | 'channels' | 'timeZone'>, day: DayIntervals, now: number): Promise<DayForecast> {
  const { cells, uploaded } = await loadForecast(deps.forecasts, deps.channels, day.starts, deps.timeZone, now);
  const channels: DayForecast['channels'] = {};
  for (const ch of deps.channels) {
    const c = cells.get(ch)!;
    channels[ch] = {
      source: c[0]?.source ?? 'none',
      uploadedAt: uploaded.get(day.day)?.get(ch)?.uploadedAt ?? null,
      intervals: day.starts.map((start, i) => ({ start, forecast: c[i]?.forecast ?? null })),
    };
  }
  return { day: day.day, timeZone: deps.timeZone, intervalMinutes: INTERVAL_MINUTES, channels };
}

/** Stores validated rows; returns, per day, the intervals stored for each channel. */
export async function saveForecast(fs: ForecastStore, rows: readonly ForecastRow[], timeZone: string, now: number): Promise<Record<string, Record<string, number>>> {
  const groups = groupByDay(rows, timeZone);
  const ends = new Map([...groups.keys()].map((d) => [d, namedDay(d, timeZone)!.end]));
  await fs.save(groups, ends, now);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([d, byCh]) =>
    [d, Object.fromEntries([...byCh].map(([ch, r]) => [ch, r.length]))]));
}
