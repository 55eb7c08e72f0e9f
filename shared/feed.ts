/**
 * Whether events still arrive: a dead integration must not look like a calm day. The snapshot carries when the
 * server last applied an event (overall and per channel) and after how long a silence the wall says so; the
 * `eventSilence` alert metric measures the same silence. Pure: the caller passes the clock (the server's).
 */

/** `PEAKWATCH_SILENCE_AFTER_S`: seconds without an applied event after which the wall shows NO EVENTS. */
export const SILENCE_AFTER_S = { default: 600, min: 60, max: 86_400 } as const;

/** Minutes of silence at `now` (epoch ms) since `since`; a time ahead of `now` (another instance's clock) is 0. */
export const minutesSince = (since: number, now: number): number => Math.max(0, now - since) / 60_000;

/**
 * The `eventSilence` value: minutes since the last applied event. When none ever arrived, the silence counts
 * from `watchingSince` (when the first server started on this Redis); null when neither is known.
 */
export function silenceMinutes(lastEventAt: number | null, watchingSince: number | null, now: number): number | null {
  const since = lastEventAt ?? watchingSince;
  return since === null ? null : minutesSince(since, now);
}

/**
 * How a feed reads at `now`: `flowing`, `silent` (nothing for more than `afterSeconds`), or `never` (no event
 * was ever applied). The wall shows NO EVENTS for both of the last two.
 */
export type FeedState = 'flowing' | 'silent' | 'never';

export function feedState(lastEventAt: number | null, afterSeconds: number, now: number): FeedState {
  if (lastEventAt === null) return 'never';
  return now - lastEventAt > afterSeconds * 1000 ? 'silent' : 'flowing';
}
