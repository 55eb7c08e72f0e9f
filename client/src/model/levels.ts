/**
 * State of a figure against its target, for the wall. Pure: no DOM, no clock.
 *
 * `none` is "no data" (the figure is null), shown as "—". A figure without a target has no level at all
 * (`null`), so it is shown without a state.
 */
export type Level = 'ok' | 'warn' | 'breach' | 'none';

/** How a level is written next to its figure: never by colour alone (colour-blind viewers, washed-out TVs). */
export const LEVEL_MARKS: Record<Level, { symbol: string; word: string }> = {
  ok: { symbol: '✓', word: 'OK' },
  warn: { symbol: '●', word: 'WARN' },
  breach: { symbol: '▲', word: 'BREACH' },
  none: { symbol: '—', word: 'NO DATA' },
};

/** A floor (service level, CSAT) warns this many points (as a fraction) above the target. */
export const FLOOR_WARN_POINTS = 0.05;
/** A ceiling (abandon rate, contact rate) warns from this share of the ceiling, e.g. 4.5 % of a 5 % ceiling. */
export const CEILING_WARN_SHARE = 0.9;
/** An age (oldest wait, oldest open) warns from this share of its limit, e.g. 90 s of a 120 s threshold. */
export const AGE_WARN_SHARE = 0.75;

/** Rounds away float noise (0.8 + 0.05 = 0.8500000000000001) before a comparison at a boundary. */
const EPS = 1e-9;

/**
 * A figure that must stay at or above `target` (service level, CSAT): below it is a breach, within
 * `warnPoints` above it a warning, else ok. Null: no data.
 */
export function floorLevel(value: number | null, target: number, warnPoints = FLOOR_WARN_POINTS): Level {
  if (value === null || !Number.isFinite(value)) return 'none';
  if (value < target - EPS) return 'breach';
  if (value < target + warnPoints - EPS) return 'warn';
  return 'ok';
}

/**
 * A figure that must stay at or below `ceiling` (abandon rate, contact rate): above it is a breach, above
 * `warnShare` of it a warning, else ok. Null: no data.
 */
export function ceilingLevel(value: number | null, ceiling: number, warnShare = CEILING_WARN_SHARE): Level {
  if (value === null || !Number.isFinite(value)) return 'none';
  if (value > ceiling + EPS) return 'breach';
  if (value > ceiling * warnShare + EPS) return 'warn';
  return 'ok';
}

/**
 * An age in seconds against a limit (oldest wait vs the channel's SL threshold, oldest open vs its ceiling):
 * over the limit is a breach, from `warnShare` of it a warning. Null age: no data; null limit: no target (null).
 */
export function ageLevel(ageSeconds: number | null, limitSeconds: number | null, warnShare = AGE_WARN_SHARE): Level | null {
  if (limitSeconds === null) return null;
  if (ageSeconds === null || !Number.isFinite(ageSeconds)) return 'none';
  if (ageSeconds > limitSeconds) return 'breach';
  if (ageSeconds >= limitSeconds * warnShare) return 'warn';
  return 'ok';
}

const RANK: Record<Level, number> = { none: 0, ok: 1, warn: 2, breach: 3 };

/** The most severe of some levels (a channel's overall state); null when none has a level. */
export function worstLevel(levels: readonly (Level | null)[]): Level | null {
  let worst: Level | null = null;
  for (const l of levels) if (l !== null && (worst === null || RANK[l] > RANK[worst])) worst = l;
  return worst;
}
