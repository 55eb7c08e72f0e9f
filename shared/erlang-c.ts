/**
 * Erlang C staffing for peak readiness, pure and shared by server and client.
 *
 * `A = λ·AHT` is the offered load in Erlangs; `N` agents. Factorials and powers of A overflow long before a
 * peak's loads (A^N/N! at A = 1,000), so everything goes through the Erlang B recurrence
 * `B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1))`, which stays in [0, 1], and `C = N·B / (N − A·(1 − B))`.
 * Times are seconds, fractions 0-1.
 */

/** How many agents above A the search for the required N may try before giving up (never reached in practice). */
const SEARCH_LIMIT = (a: number) => Math.ceil(a + 50 * Math.sqrt(a) + 1_000);

function check(name: string, v: number, integer = false): void {
  if (!Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw new RangeError(`${name} must be a finite ${integer ? 'whole number' : 'number'} ≥ 0, got ${v}`);
  }
}

/** Offered load in Erlangs: `λ·AHT / concurrency` (a chat agent handling 3 at once divides the handle time by 3). */
export function offeredLoad(arrivalsPerSecond: number, ahtSeconds: number, concurrency = 1): number {
  check('arrivalsPerSecond', arrivalsPerSecond);
  check('ahtSeconds', ahtSeconds);
  if (!(concurrency >= 1)) throw new RangeError(`concurrency must be ≥ 1, got ${concurrency}`);
  return (arrivalsPerSecond * ahtSeconds) / concurrency;
}

/** Erlang B: the share of contacts blocked with `n` servers and no queue, by the stable recurrence. */
export function erlangB(n: number, a: number): number {
  check('n', n, true);
  check('a', a);
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/** C from B for the same N and A, valid for N > A. */
const cOfB = (n: number, a: number, b: number) => (n * b) / (n - a * (1 - b));

/**
 * Erlang C: the probability that a contact has to wait. 0 without load; 1 when `n ≤ a` (the queue grows
 * without bound, everyone waits).
 */
export function erlangC(n: number, a: number): number {
  check('n', n, true);
  check('a', a);
  if (a === 0) return 0;
  if (n <= a) return 1;
  return Math.min(1, Math.max(0, cOfB(n, a, erlangB(n, a))));
}

function slOfC(c: number, n: number, a: number, thresholdSeconds: number, ahtSeconds: number): number {
  if (a === 0) return 1;
  if (n <= a) return 0;
  // AHT 0 with load cannot happen through offeredLoad (A would be 0); answer the limit rather than NaN.
  const decay = ahtSeconds > 0 ? Math.exp((-(n - a) * thresholdSeconds) / ahtSeconds) : 0;
  return Math.min(1, Math.max(0, 1 - c * decay));
}

/**
 * Service level with `n` agents: `1 − C(N,A)·e^{−(N−A)·T/AHT}`, the share answered within `thresholdSeconds`.
 * 1 without load; 0 when `n ≤ a`. `ahtSeconds` is the handle time the load was computed with (for chat, already
 * divided by the concurrency).
 */
export function serviceLevel(n: number, a: number, thresholdSeconds: number, ahtSeconds: number): number {
  check('thresholdSeconds', thresholdSeconds);
  check('ahtSeconds', ahtSeconds);
  return slOfC(erlangC(n, a), n, a, thresholdSeconds, ahtSeconds);
}

/** Average speed of answer in seconds: `C·AHT / (N − A)`; 0 without load, Infinity when `n ≤ a`. */
export function asa(n: number, a: number, ahtSeconds: number): number {
  check('ahtSeconds', ahtSeconds);
  if (a === 0) return 0;
  if (n <= a) return Number.POSITIVE_INFINITY;
  return (erlangC(n, a) * ahtSeconds) / (n - a);
}

/** Occupancy `A/N`: the share of agents' time spent handling. 0 with no load; Infinity with load and no agents. */
export function occupancy(n: number, a: number): number {
  check('n', n, true);
  check('a', a);
  if (a === 0) return 0;
  return n === 0 ? Number.POSITIVE_INFINITY : a / n;
}

/**
 * The least whole N > A with `serviceLevel(N) ≥ target`; 0 without load (λ = 0 or AHT = 0). B is carried from
 * one N to the next, so the search costs O(N) in all, even at A = 1,000.
 */
export function agentsRequired(a: number, thresholdSeconds: number, ahtSeconds: number, target: number): number {
  check('a', a);
  check('thresholdSeconds', thresholdSeconds);
  check('ahtSeconds', ahtSeconds);
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target must be a fraction 0-1, got ${target}`);
  if (a === 0) return 0;
  const limit = SEARCH_LIMIT(a);
  let b = 1;
  for (let n = 1; n <= limit; n++) {
    b = (a * b) / (n + a * b);
    if (n <= a) continue;
    const c = Math.min(1, Math.max(0, cOfB(n, a, b)));
    if (slOfC(c, n, a, thresholdSeconds, ahtSeconds) >= target) return n;
  }
  return limit;
}

/** What a load needs and what N agents give. */
export interface StaffingInput {
  /** λ, contacts per second. */
  arrivalsPerSecond: number;
  ahtSeconds: number;
  /** T of the service level. */
  thresholdSeconds: number;
  /** Service-level target, 0-1. */
  target: number;
  /** Contacts an agent handles at once (chat); the handle time is divided by it. Default 1. */
  concurrency?: number;
}

export interface Staffing {
  /** A, Erlangs (after concurrency). */
  load: number;
  /** Handle time per agent-slot, seconds: AHT / concurrency. */
  effectiveAhtSeconds: number;
  /** Least N reaching the target. */
  agentsRequired: number;
  /** Service level, ASA and occupancy with the required agents. */
  serviceLevel: number;
  asa: number;
  occupancy: number;
}

/** Erlang C staffing of a load at a target, chat's concurrency applied. */
export function staffing(input: StaffingInput): Staffing {
  const concurrency = input.concurrency ?? 1;
  const load = offeredLoad(input.arrivalsPerSecond, input.ahtSeconds, concurrency);
  const effectiveAhtSeconds = input.ahtSeconds / concurrency;
  const n = agentsRequired(load, input.thresholdSeconds, effectiveAhtSeconds, input.target);
  return {
    load,
    effectiveAhtSeconds,
    agentsRequired: n,
    serviceLevel: serviceLevel(n, load, input.thresholdSeconds, effectiveAhtSeconds),
    asa: asa(n, load, effectiveAhtSeconds),
    occupancy: occupancy(n, load),
  };
}
