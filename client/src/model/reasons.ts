/** The reasons panel: top contact reasons of the last 60 minutes against the 60 before, and their intensity. Pure. */
import type { ReasonShare } from '@shared/snapshot';
import { NO_VALUE, count, percent, perOrder } from './format';

export interface ReasonRow {
  reason: string;
  count: string;
  share: string;
  previousShare: string;
  /** `+12 pts`, `−3 pts`, `±0 pts`; `—` without a previous hour to compare with. */
  change: string;
  /** `×2.4` when the share at least doubled, `NEW` when the reason was absent the hour before; else null. */
  spike: string | null;
  /** The share as a fraction of the largest share shown (for the bar), 0-1. */
  bar: number;
  /** Contacts with the reason per order, as the contact rate reads: last 60 minutes, and today. */
  intensity60m: string;
  intensityToday: string;
}

/** A share that at least doubled, or a reason that was absent from the previous hour: it stands out. */
export function spikeOf(r: ReasonShare): string | null {
  if (r.previousShare === null || r.share <= 0) return null;
  if (r.previousShare === 0) return 'NEW';
  const ratio = r.share / r.previousShare;
  // Tolerance: 0.2 against 0.1 is a doubling, whatever binary fractions make of it.
  return ratio >= 2 - 1e-9 ? `×${ratio.toFixed(1)}` : null;
}

/** Percentage points: `+12 pts`. */
export function pointsText(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return NO_VALUE;
  const pts = Math.round(change * 100);
  if (pts === 0) return '±0 pts';
  return pts > 0 ? `+${pts} pts` : `−${-pts} pts`;
}

/** The rows in the snapshot's order (largest share first), with the spikes marked. */
export function reasonRows(reasons: readonly ReasonShare[]): ReasonRow[] {
  const top = Math.max(0, ...reasons.map((r) => r.share));
  return reasons.map((r) => ({
    reason: r.reason,
    count: count(r.count),
    share: percent(r.share),
    previousShare: percent(r.previousShare),
    change: pointsText(r.change),
    spike: spikeOf(r),
    bar: top > 0 ? r.share / top : 0,
    intensity60m: perOrder(r.intensity['60m']),
    intensityToday: perOrder(r.intensity.today),
  }));
}
