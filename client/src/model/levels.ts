/**
 * Levels as the screens write them. The rule that gives a figure its level against its target is the one in
 * shared/levels.ts, re-exported here for the client's models.
 */
import type { Level } from '@shared/levels';

export { type Level, type TargetDirection, WARN_MARGIN, severityLevel, targetLevel, worstLevel } from '@shared/levels';

/** How a level is written next to its figure: never by colour alone (colour-blind viewers, washed-out TVs). */
export const LEVEL_MARKS: Record<Level, { symbol: string; word: string }> = {
  ok: { symbol: '✓', word: 'OK' },
  warn: { symbol: '●', word: 'WARN' },
  breach: { symbol: '▲', word: 'BREACH' },
  none: { symbol: '—', word: 'NO DATA' },
};

/** A channel's header while its feed is silent (or never sent an event): its figures say nothing about now. */
export const SILENT_MARK = { symbol: '○', word: 'NO EVENTS' } as const;
