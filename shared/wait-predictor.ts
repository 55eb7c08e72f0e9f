/**
 * Peakwatch's wait predictor: how long the contact at a given place in the queue will wait for an answer,
 * from what the store knows now (pure; chosen and calibrated by `npm run bench:ewt`, docs/BENCHMARKS.md).
 *
 * A queue-length predictor with the current capacity and abandonment, after Ibrahim and Whitt's comparisons
 * of delay predictors in many-server queues (the queue-length-based predictor is the most accurate when the
 * capacity is known; with abandonment, those ahead leave too):
 *
 * - capacity μ = agents staffed now (available + busy) × concurrency / AHT, contacts per second: it follows a
 *   staffing change at once, where an answer rate measured over the last minutes lags behind it;
 * - abandonment θ per waiting contact and second, from the abandons of the recent window and the queue now;
 * - the contact at place k waits until k places free up: while j contacts are ahead, one leaves at rate
 *   μ + j·θ, so the wait is a sum of k exponential stages: mean Σ 1/(μ + jθ), variance Σ 1/(μ + jθ)²;
 * - while an agent is available, contacts in the first places are being picked up already: the wait is then
 *   at least the recent time to answer of the contacts that did not queue (`pickupSeconds`).
 *
 * The 80 % range is the 10th-90th percentile of a gamma law with that mean and variance (Wilson-Hilferty),
 * widened by factors measured in the benchmark so that it holds 80 % of the realized waits.
 */

/** What the predictor reads; every figure is the channel's (agents are counted per channel). */
export interface WaitInputs {
  /** 1-based place among the contacts waiting for the channel's agents (a contact arriving now: waiting + 1). */
  position: number;
  /** Contacts waiting in the channel now. */
  waiting: number;
  agentsAvailable: number;
  agentsBusy: number;
  /** Contacts one agent handles at once. */
  concurrency: number;
  /** Recent mean handle time per contact, seconds (a fallback when nothing was resolved recently). */
  ahtSeconds: number;
  /** Contacts abandoned in the recent window, and its length in seconds. */
  abandonedRecent: number;
  recentSeconds: number;
}

export interface WaitEstimate {
  ewtSeconds: number;
  /** Holds 80 % of realized waits in the benchmark. */
  ewtRange: [number, number];
}

/** The predictor's measured constants (calibrated by `npm run bench:ewt`; docs/BENCHMARKS.md records the run). */
export const WAIT_CALIBRATION = {
  /** Minutes of history the rates use. */
  recentMinutes: 15,
  /** Seconds from an agent taking a contact to the first answer, when no queue is in the way. */
  pickupSeconds: 15,
  /** Multiplies the 10th and 90th percentiles of the model's law, so that the range holds 80 % of waits. */
  rangeLow: 0.75,
  rangeHigh: 1.3,
  /** Abandonment rate per waiting contact is capped (a burst of abandons on a short queue is not a trend). */
  maxAbandonPerSecond: 1 / 60,
} as const;

/** Seconds, rounded up to whole seconds; the range never below 0 nor above the estimate's bounds. */
const whole = (s: number) => Math.max(0, Math.round(s));

/** The p-quantile (z: its standard normal quantile) of a gamma law with this mean and variance (Wilson-Hilferty). */
export function gammaQuantile(mean: number, variance: number, z: number): number {
  if (mean <= 0) return 0;
  if (variance <= 0) return mean;
  const shape = (mean * mean) / variance;
  const c = 1 / (9 * shape);
  return mean * Math.max(0, 1 - c + z * Math.sqrt(c)) ** 3;
}

const Z90 = 1.2815515655446004;

/** The expected wait of the contact at `position`, and its 80 % range; null when no agent is staffed (no answer to expect). */
export function predictWait(i: WaitInputs): WaitEstimate | null {
  if (!(i.position >= 1) || !(i.ahtSeconds > 0) || !(i.concurrency >= 1)) {
    throw new RangeError('position must be ≥ 1, ahtSeconds > 0 and concurrency ≥ 1');
  }
  const slots = (Math.max(0, i.agentsAvailable) + Math.max(0, i.agentsBusy)) * i.concurrency;
  if (slots === 0) return null;
  const c = WAIT_CALIBRATION;
  const mu = slots / i.ahtSeconds;
  const ahead = Math.max(1, i.waiting);
  const theta = i.recentSeconds > 0 ? Math.min(c.maxAbandonPerSecond, i.abandonedRecent / i.recentSeconds / ahead) : 0;
  let mean = 0;
  let variance = 0;
  for (let j = 0; j < i.position; j++) {
    const rate = mu + j * theta;
    mean += 1 / rate;
    variance += 1 / (rate * rate);
  }
  if (i.agentsAvailable > 0) mean = Math.max(mean, c.pickupSeconds);
  const lo = gammaQuantile(mean, variance, -Z90) * c.rangeLow;
  const hi = gammaQuantile(mean, variance, Z90) * c.rangeHigh;
  const ewt = whole(mean);
  return { ewtSeconds: ewt, ewtRange: [Math.min(ewt, whole(lo)), Math.max(ewt, whole(hi))] };
}
