/**
 * Peakwatch's wait predictor: how long the contact at a given place in the queue will wait for an answer,
 * from what the store knows now (pure; chosen and calibrated by `npm run bench:ewt`, docs/BENCHMARKS.md).
 *
 * Two views of the same queue, after Ibrahim and Whitt's comparisons of delay predictors in many-server
 * queues, blended with a weight measured in the benchmark:
 *
 * - queue length with the current capacity and abandonment (their QL predictor with abandonment): capacity
 *   μ = agents staffed now (available + busy) × concurrency / AHT, contacts per second, so it follows a
 *   staffing change at once; θ, the abandonment rate per waiting contact, from the recent abandons and the
 *   queue now. While j contacts are ahead, one leaves at rate μ + jθ: the wait of place k is a sum of k
 *   exponential stages, mean Σ 1/(μ + jθ), variance Σ 1/(μ + jθ)². A place an available agent can take at
 *   once waits only for the pickup: the recent average speed of answer, capped;
 * - the delay history (their head-of-line predictor): how long the head of the line has waited so far,
 *   scaled to the share of the queue ahead of the place (place / (waiting + 1)). It sees what the staffing
 *   counts miss: agents that are busy but about to leave, contacts that abandon, a slow pickup.
 *
 * The 80 % range is the 10th-90th percentile of a gamma law with the blend's mean and the queue-length
 * view's coefficient of variation (Wilson-Hilferty), widened by factors measured in the benchmark so that it
 * holds 80 % of the realized waits.
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
  /** Average speed of answer in the recent window, seconds; null when nothing was answered. */
  asaSeconds: number | null;
  /** How long the longest-waiting contact of the channel has waited so far, seconds (0 when none waits). */
  holSeconds: number;
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
  /** Weight of the queue-length view in the blend (the head-of-line view has the rest). */
  queueWeight: 0.4,
  /** Abandonment rate per waiting contact: recent abandons per second ÷ contacts waiting now, times this. */
  abandonFactor: 2,
  /** Cap of that rate, per second (a burst of abandons on a short queue is not a trend). */
  maxAbandonPerSecond: 1 / 30,
  /** Pickup assumed when nothing was answered recently, and the cap of the recent ASA used as the pickup, seconds. */
  pickupSeconds: 10,
  maxPickupSeconds: 60,
  /** Multiply the 10th and 90th percentiles of the model's law, so that the range holds 80 % of waits. */
  rangeLow: 1.06,
  rangeHigh: 0.83,
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
  const theta = i.recentSeconds > 0
    ? Math.min(c.maxAbandonPerSecond, (c.abandonFactor * i.abandonedRecent) / i.recentSeconds / Math.max(1, i.waiting))
    : 0;
  const pickup = Math.min(c.maxPickupSeconds, i.asaSeconds ?? c.pickupSeconds);
  const free = Math.max(0, i.agentsAvailable);
  let ql = 0;
  let variance = 0;
  if (i.position <= free) {
    ql = pickup;
    variance = pickup * pickup;
  } else {
    for (let j = 0; j < i.position - free; j++) {
      const rate = mu + j * theta;
      ql += 1 / rate;
      variance += 1 / (rate * rate);
    }
  }
  const hol = (Math.max(0, i.holSeconds) * i.position) / (Math.max(0, i.waiting) + 1);
  const mean = c.queueWeight * ql + (1 - c.queueWeight) * hol;
  const cv2 = ql > 0 ? variance / (ql * ql) : 1;
  const lo = gammaQuantile(mean, cv2 * mean * mean, -Z90) * c.rangeLow;
  // At least a pickup above the estimate: short waits vary by about a pickup whatever the queue.
  const hi = Math.max(gammaQuantile(mean, cv2 * mean * mean, Z90), mean + pickup) * c.rangeHigh;
  const ewt = whole(mean);
  return { ewtSeconds: ewt, ewtRange: [Math.min(ewt, whole(lo)), Math.max(ewt, whole(hi))] };
}
