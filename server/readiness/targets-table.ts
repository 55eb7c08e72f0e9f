import { type TargetDirection, targetLevel } from '../../shared/levels';
import type { TargetRow, TargetState } from '../../shared/readiness';
import type { Snapshot } from '../../shared/snapshot';
import { FALLBACK_CHANNEL_TARGETS } from '../../shared/targets';

/** A row with its state by the one rule of shared/levels.ts (`none`: no figure yet — nothing answered, no orders). */
function row(name: TargetRow['name'], channel: string | undefined, direction: TargetDirection, target: number, actual: number | null, best: number): TargetRow {
  return { name, ...(channel === undefined ? {} : { channel }), direction, target, actual, state: targetLevel(actual, target, direction, best) };
}

/**
 * Targets vs actual for the day (the `today` window): per channel SL and abandon rate, then contact rate,
 * CSAT and (when their targets are set) CES and NPS across channels, then the oldest open contact of every channel that has such a target (email by
 * default) — measured now, 0 when nothing is open.
 */
export function targetsTable(snapshot: Snapshot): TargetRow[] {
  const { targets } = snapshot;
  const rows: TargetRow[] = [];
  const channels = Object.keys(snapshot.channels);
  const t = (ch: string) => targets.channels[ch] ?? FALLBACK_CHANNEL_TARGETS;
  for (const ch of channels) {
    const today = snapshot.channels[ch]!.windows.today;
    rows.push(row('serviceLevel', ch, 'min', t(ch).serviceLevel, today.serviceLevel, 1));
  }
  for (const ch of channels) {
    const today = snapshot.channels[ch]!.windows.today;
    rows.push(row('abandonRate', ch, 'max', t(ch).abandonRate, today.abandonRate, 0));
  }
  const total = snapshot.totals.windows.today;
  rows.push(row('contactRate', undefined, 'max', targets.contactRate, total.contactRate, 0));
  rows.push(row('csat', undefined, 'min', targets.csat, total.csat, 1));
  // CES and NPS targets are optional: a row only when one is set.
  if (targets.ces !== undefined) rows.push(row('ces', undefined, 'min', targets.ces, total.ces, 1));
  if (targets.nps !== undefined) rows.push(row('nps', undefined, 'min', targets.nps, total.nps, 100));
  for (const ch of channels) {
    const limit = t(ch).oldestOpenSeconds;
    if (limit === null) continue;
    const since = snapshot.channels[ch]!.oldestOpenSince;
    const age = since === null ? 0 : Math.max(0, Math.round((snapshot.at - since) / 1000));
    rows.push(row('oldestOpen', ch, 'max', limit, age, 0));
  }
  return rows;
}

export type { TargetRow, TargetState };
