import { DateTime } from 'luxon';
import { startOfDay } from '../../shared/time';

/** Forecasts and readiness count arrivals per 15-minute interval. */
export const INTERVAL_MINUTES = 15;
export const INTERVAL_MS = INTERVAL_MINUTES * 60_000;

/** A local day `YYYY-MM-DD` (in the configured time zone). */
export const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** The intervals of one local day. */
export interface DayIntervals {
  day: string;
  /** Local midnight that starts the day, epoch ms. */
  start: number;
  /** Local midnight that ends it (the next day's start): 23 or 25 hours later on a daylight-saving change. */
  end: number;
  /** Starts of its 15-minute intervals, epoch ms (92, 96 or 100 of them). */
  starts: number[];
}

/** The local day (`YYYY-MM-DD` in `tz`) that contains `ms`. */
export function localDay(ms: number, tz: string): string {
  return DateTime.fromMillis(ms, { zone: tz }).toISODate()!;
}

/** True when `ms` starts a 15-minute interval (every time zone in use is offset by whole quarter hours). */
export const isIntervalStart = (ms: number) => ms % INTERVAL_MS === 0;

/** Start of the 15-minute interval containing `ms`. */
export const intervalOf = (ms: number) => Math.floor(ms / INTERVAL_MS) * INTERVAL_MS;

function intervalsFrom(start: number, end: number, day: string): DayIntervals {
  const starts: number[] = [];
  for (let t = start; t < end; t += INTERVAL_MS) starts.push(t);
  return { day, start, end, starts };
}

/** The intervals of the local day containing `now`. */
export function dayOf(now: number, tz: string): DayIntervals {
  const start = startOfDay(now, tz);
  const end = DateTime.fromMillis(start, { zone: tz }).plus({ days: 1 }).startOf('day').toMillis();
  return intervalsFrom(start, end, localDay(now, tz));
}

/** The intervals of a named local day, or null when `day` is not a calendar date. */
export function namedDay(day: string, tz: string): DayIntervals | null {
  if (!DAY_FORMAT.test(day)) return null;
  const d = DateTime.fromISO(day, { zone: tz });
  if (!d.isValid) return null;
  const start = d.startOf('day').toMillis();
  return intervalsFrom(start, d.plus({ days: 1 }).startOf('day').toMillis(), day);
}

/**
 * The same interval on the same weekday one week earlier: the same local wall-clock time 7 days back, so a
 * daylight-saving change in between does not shift the comparison by an hour.
 */
export function sameIntervalLastWeek(start: number, tz: string): number {
  return DateTime.fromMillis(start, { zone: tz }).minus({ weeks: 1 }).toMillis();
}
