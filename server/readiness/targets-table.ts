import type { TargetRow, TargetState } from '../../shared/readiness';
import type { Snapshot } from '../../shared/snapshot';
import { FALLBACK_CHANNEL_TARGETS } from '../../shared/targets';


/** How close to the target, relative to it, an actual on the right side counts as a warning. */
export const WARNING_MARGIN = 0.05;

/**
 * The state of a figure against its target:
 * - `no-data`: no figure yet (nothing answered, no orders, no CSAT response today);
 * - `breach`: on the wrong side of the target at all (below a floor, above a ceiling) — the same line the
 *   alert rules use, so the table never calls "fine" what an alert calls a breach;
 * - `warning`: on the right side but within 5 % of the target, relative to it (SL target 80 %: 80-84 % is a
 *   warning; contact rate ceiling 5.2 %: 4.94-5.2 %), unless the figure is already the best possible
 *   (`best`: 100 % SL, 0 abandons) — a margin there can only be kept, not improved;
 * - `ok`: otherwise.
 */
export function targetState(direction: 'min' | 'max', target: number, actual: number | null, best?: number): TargetState {
  if (actual === null) return 'no-data';
  if (direction === 'min' ? actual < target : actual > target) return 'breach';
  if (best !== undefined && actual === best) return 'ok';
  // The tolerance keeps a figure exactly 5 % away (0.84 against 0.8) out of the band despite binary fractions.
  return Math.abs(actual - target) < target * WARNING_MARGIN * (1 - 1e-9) ? 'warning' : 'ok';
}

function row(name: TargetRow['name'], channel: string | undefined, direction: 'min' | 'max', target: number, actual: number | null, best?: number): TargetRow {
  return { name, ...(channel === undefined ? {} : { channel }), direction, target, actual, state: targetState(direction, target, actual, best) };
}

/**
 * Targets vs actual for the day (the `today` window): per channel SL and abandon rate, then contact rate and
 * CSAT across channels, then the oldest open contact of every channel that has such a target (email by
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
