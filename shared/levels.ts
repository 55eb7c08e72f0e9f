/**
 * The state of a figure against its target — one rule for every screen that shows one (the wall's figures and
 * channel headers, the readiness targets table, the leads' alert cards) and for the readiness API. Pure.
 */
import type { Severity } from './alerts';

/**
 * `ok`, `warn` (close to the target), `breach` (past it), `none` (no data: the figure is null). A figure
 * without a target has no level at all (`null`).
 */
export type Level = 'ok' | 'warn' | 'breach' | 'none';

/** `min`: the figure must stay at or above the target (a floor); `max`: at or below it (a ceiling, an age limit). */
export type TargetDirection = 'min' | 'max';

/** A figure on the right side of its target warns while it is closer to it than this share of the target. */
export const WARN_MARGIN = 0.1;

/** Rounds away float noise (0.8 × 1.1 = 0.8800000000000001) at a boundary. */
const EPS = 1e-9;

/**
 * The level of `value` against `target`:
 * - `none`: no figure (null, or not a finite number);
 * - `breach`: on the wrong side of the target at all (below a floor, above a ceiling) — the same line the
 *   alert rules draw, so no screen calls "fine" what an alert calls a breach; the target itself is not a breach;
 * - `warn`: on the right side but closer to the target than {@link WARN_MARGIN} (10 %) of it, e.g. service level
 *   target 80 %: 80 % up to (not including) 88 %; contact rate ceiling 5.2 %: above 4.68 %; oldest wait limit
 *   120 s: above 108 s — unless the figure is `best`, the best it can be (100 % SL, 0 abandons, age 0): a
 *   margin there can only be kept, not improved;
 * - `ok`: otherwise.
 * `best` defaults to 1 for a floor (fractions) and 0 for a ceiling.
 */
export function targetLevel(value: number | null | undefined, target: number, direction: TargetDirection, best = direction === 'min' ? 1 : 0): Level {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'none';
  if (direction === 'min' ? value < target - EPS : value > target + EPS) return 'breach';
  if (Math.abs(value - best) <= EPS) return 'ok';
  return Math.abs(value - target) < target * WARN_MARGIN - EPS ? 'warn' : 'ok';
}

/** An alert's severity as a level: critical is a breach, a warning warns. */
export function severityLevel(severity: Severity): 'warn' | 'breach' {
  return severity === 'critical' ? 'breach' : 'warn';
}

const RANK: Record<Level, number> = { none: 0, ok: 1, warn: 2, breach: 3 };

/** The most severe of some levels (a channel's overall state); null when none has a level. */
export function worstLevel(levels: readonly (Level | null | undefined)[]): Level | null {
  let worst: Level | null = null;
  for (const l of levels) if (l != null && (worst === null || RANK[l] > RANK[worst])) worst = l;
  return worst;
}
