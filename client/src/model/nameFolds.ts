import { type Cardinality, type NameFold, OTHER_NAME, foldsToShow } from '@shared/cardinality';
import { clockTime, count } from './format';

/** One registry of names as the pages show it. */
export interface NameFoldRow {
  what: string;
  /** `12 of 200`. */
  used: string;
  /** `1,234` contacts counted under (other); `—` when none. */
  folded: string;
  /** `last at 14:05`, or empty. */
  last: string;
  /** `folding`: names beyond the limit arrive now or did; `full`: the next new name folds. */
  level: 'ok' | 'full' | 'folding';
}

function row(what: string, fold: NameFold, timeZone?: string): NameFoldRow {
  return {
    what,
    used: `${count(fold.names)} of ${count(fold.limit)}`,
    folded: fold.folded > 0 ? count(fold.folded) : '—',
    last: fold.lastFoldedAt === null ? '' : `last at ${clockTime(fold.lastFoldedAt, timeZone)}`,
    level: fold.folded > 0 ? 'folding' : fold.names >= fold.limit ? 'full' : 'ok',
  };
}

/** Every registry: each channel's queues, then the reasons (the settings page). */
export function nameFoldRows(c: Cardinality, timeZone?: string): NameFoldRow[] {
  return [
    ...Object.entries(c.queues).map(([channel, fold]) => row(`${channel} queues`, fold, timeZone)),
    row('reasons', c.reasons, timeZone),
  ];
}

/** The leads' notice: one line per registry that folds (or is full), empty when all is well. */
export function foldNotice(c: Cardinality | undefined, timeZone?: string): string[] {
  return foldsToShow(c).map(({ what, fold }) => {
    const r = row(what, fold, timeZone);
    return fold.folded > 0
      ? `${what}: ${r.used} names in use; ${r.folded} counted under "${OTHER_NAME}" (${r.last})`
      : `${what}: ${r.used} names in use; the next new one is counted under "${OTHER_NAME}"`;
  });
}
