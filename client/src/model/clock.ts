/**
 * The screen's clock against the server's. A TV's clock can be wrong by minutes (no NTP, a dead RTC battery);
 * ages shown on the wall (oldest wait, backlog age) are measured from the server's timestamps, so they would be
 * wrong by as much. Every snapshot and update carries `at`, the server's time when it was computed, and arrives
 * after it: `at − receivedAt` is at most the true offset (server − screen), closest when the delay is least.
 */

/** Below this the clocks agree: what is left is network and computing delay. */
export const CLOCK_SKEW_MIN_MS = 2_000;
/** Samples kept: the estimate follows a clock that is corrected while the wall runs. */
export const CLOCK_SAMPLES = 20;

export interface ClockEstimate {
  samples: number[];
  /** Add to the screen's clock to get the server's; 0 while they agree within CLOCK_SKEW_MIN_MS. */
  offsetMs: number;
}

export const NO_SKEW: ClockEstimate = { samples: [], offsetMs: 0 };

/** The estimate after a message computed at server time `serverAt` arrived at screen time `receivedAt`. */
export function sampleClock(prev: ClockEstimate, serverAt: number, receivedAt: number): ClockEstimate {
  if (!Number.isFinite(serverAt) || !Number.isFinite(receivedAt)) return prev;
  const samples = [...prev.samples.slice(-(CLOCK_SAMPLES - 1)), serverAt - receivedAt];
  const best = Math.max(...samples);
  return { samples, offsetMs: Math.abs(best) < CLOCK_SKEW_MIN_MS ? 0 : Math.round(best) };
}
