/**
 * Metric formulas (defined for users in docs/METRICS.md), pure and shared by server and client.
 * Inputs are counts and sums of milliseconds; outputs are fractions 0-1 or seconds, `null` when undefined.
 */

// Whether an answer is in target (wait ≤ T) and an abandon short (wait ≤ S) is decided once, when the wait is
// known, by the ingest script (server/store/lua/contact-1.lua); tests/integration/thresholds.test.ts checks it.

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** `answeredInTarget / (answered + abandoned − shortAbandoned)`; null when the denominator is 0. */
export function serviceLevel(c: { answeredInTarget: number; answered: number; abandoned: number; shortAbandoned: number }): number | null {
  return ratio(c.answeredInTarget, c.answered + c.abandoned - c.shortAbandoned);
}

/** Average speed of answer in seconds: mean wait of answered contacts. */
export function asa(waitSumMs: number, answered: number): number | null {
  const v = ratio(waitSumMs, answered);
  return v === null ? null : v / 1000;
}

/** `abandoned / (answered + abandoned)`. */
export function abandonRate(abandoned: number, answered: number): number | null {
  return ratio(abandoned, answered + abandoned);
}

/** Average handle time in seconds: mean `resolvedAt − answeredAt` over resolved contacts that were answered. */
export function aht(handleSumMs: number, handled: number): number | null {
  const v = ratio(handleSumMs, handled);
  return v === null ? null : v / 1000;
}

/** Share of CSAT responses scoring 4 or 5. */
export function csat(positive: number, responses: number): number | null {
  return ratio(positive, responses);
}

/** Share of CES responses scoring 5-7 ("easy"). */
export function ces(easy: number, responses: number): number | null {
  return ratio(easy, responses);
}

/** Mean CES score, 1-7. */
export function cesMean(scoreSum: number, responses: number): number | null {
  return ratio(scoreSum, responses);
}

/** Net promoter score: `100 × (promoters 9-10 − detractors 0-6) / responses`, −100 to 100. */
export function nps(promoters: number, detractors: number, responses: number): number | null {
  const v = ratio(promoters - detractors, responses);
  return v === null ? null : 100 * v;
}

/** Contacts per order: the contact rate (all arrivals), and a reason's intensity (its contacts). */
export function contactRate(arrivals: number, orders: number): number | null {
  return ratio(arrivals, orders);
}

/** Share of the arrivals with a customer id that were repeats (the customer had another contact within the window before). */
export function repeatRate(repeats: number, customerArrivals: number): number | null {
  return ratio(repeats, customerArrivals);
}

/**
 * `PEAKWATCH_REPEAT_WINDOW_H`: a contact is a repeat when the same customer had another contact queued at most
 * this many hours before it (exactly that long before counts).
 */
export const REPEAT_WINDOW_H = { default: 168, min: 1, max: 720 } as const;

/** Reason shares: count / all reason-tagged contacts in the window. */
export function shares(counts: Record<string, number>): Record<string, number> {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, total > 0 ? v / total : 0]));
}
