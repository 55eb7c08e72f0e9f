/** When the readiness page refetches: on a timer, and after pushes that changed something, throttled. Pure. */
import type { Snapshot } from '@shared/snapshot';

/** Readiness is refetched this often, pushes or not (the intervals and the 60-minute window move with time). */
export const READINESS_REFRESH_MS = 30_000;
/** …and after a push that changed the figures, but no more often than this. */
export const MIN_REFETCH_GAP_MS = 5_000;

/**
 * True when a pushed snapshot changed what readiness is computed from: channels, totals, targets or
 * annotations. The 5 s heartbeat's `update` that carries only a new `at` does not count.
 */
export function changedFigures(prev: Snapshot | null, next: Snapshot | null): boolean {
  if (!next) return false;
  if (!prev) return true;
  return prev.channels !== next.channels || prev.totals !== next.totals || prev.targets !== next.targets || prev.annotations !== next.annotations;
}

/** Milliseconds to wait before the next fetch may start: 0 when the last one began at least `gap` ago. */
export function refetchDelay(lastStartedAt: number | null, now: number, gap = MIN_REFETCH_GAP_MS): number {
  return lastStartedAt === null ? 0 : Math.max(0, lastStartedAt + gap - now);
}
