import { WINDOW_MINUTES, type WindowName } from '../../shared/channels';
import { startOfDay } from '../../shared/time';
import { hourOf, minuteOf } from '../store/keys';

/** Buckets to read for a window: minute indexes and whole-hour indexes. */
export interface BucketPlan {
  minutes: number[];
  hours: number[];
}

export interface WindowPlan {
  windows: Record<WindowName, BucketPlan>;
  /** The 60 minutes before the 60m window (for the reasons' change). */
  previous60: BucketPlan;
  todayStart: number;
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/**
 * Which buckets make up each window at `now`. Sliding windows are whole minute buckets, the current
 * (partial) minute included: `15m` is the 15 buckets ending with the current one. `today` runs from midnight
 * in `tz`: minute buckets up to the first whole hour, hour roll-ups, then minute buckets of the current hour,
 * so it costs at most 24 hour reads plus the minutes of the current hour (and of a half-hour zone's first hour).
 */
export function planWindows(now: number, tz: string): WindowPlan {
  const m = minuteOf(now);
  const todayStart = startOfDay(now, tz);
  const s = minuteOf(todayStart);
  const firstHour = Math.ceil(s / 60);
  const currentHour = hourOf(now);
  const today: BucketPlan = firstHour >= currentHour
    ? { minutes: range(s, m), hours: [] }
    : { minutes: [...range(s, firstHour * 60 - 1), ...range(currentHour * 60, m)], hours: range(firstHour, currentHour - 1) };
  const sliding = (n: number): BucketPlan => ({ minutes: range(m - n + 1, m), hours: [] });
  return {
    windows: { '15m': sliding(WINDOW_MINUTES['15m']), '60m': sliding(WINDOW_MINUTES['60m']), today },
    previous60: { minutes: range(m - 119, m - 60), hours: [] },
    todayStart,
  };
}
