/**
 * Bounded cardinality: a channel keeps at most `PEAKWATCH_MAX_QUEUES` queue names and the tenant at most
 * `PEAKWATCH_MAX_REASONS` reasons, counting the names used within the bucket retention. An event beyond the limit
 * is applied with its queue (or reason) folded into OTHER_NAME, so channel totals stay exact; the folds are
 * counted and shown (snapshot `cardinality`, `/metrics`, the leads' and settings pages).
 */

/** The one name every queue or reason beyond the limit is folded into. */
export const OTHER_NAME = '(other)';

/** `PEAKWATCH_MAX_QUEUES`: distinct queues per channel. */
export const MAX_QUEUES = { default: 200, min: 1, max: 10_000 } as const;
/** `PEAKWATCH_MAX_REASONS`: distinct reasons per tenant. */
export const MAX_REASONS = { default: 500, min: 1, max: 10_000 } as const;

/** Names of one registry (a channel's queues, or the tenant's reasons) against its limit. */
export interface NameFold {
  /** Distinct names used within the retention, OTHER_NAME not counted. */
  names: number;
  limit: number;
  /** Events applied with their name folded into OTHER_NAME, ever (a counter). */
  folded: number;
  /** When the last one was (the server's clock, epoch ms); null when none ever was. */
  lastFoldedAt: number | null;
}

/** The snapshot's `cardinality`: queues per channel, reasons of the tenant. */
export interface Cardinality {
  queues: Record<string, NameFold>;
  reasons: NameFold;
}

/** Registries that fold now or did: what the leads' and settings pages list (empty when all is well). */
export function foldsToShow(c: Cardinality | undefined): { what: string; fold: NameFold }[] {
  if (!c) return [];
  const all = [
    ...Object.entries(c.queues).map(([channel, fold]) => ({ what: `${channel} queues`, fold })),
    { what: 'reasons', fold: c.reasons },
  ];
  return all.filter(({ fold }) => fold.folded > 0 || fold.names >= fold.limit);
}
