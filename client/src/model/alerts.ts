/**
 * Alerts as the wall's band shows them: what breached, where, by how much, and since when. Pure. Fields are
 * read defensively, so an alert stored by an older server (a field missing) still reads.
 */
import type { Alert, AlertMetric } from '@shared/alerts';
import { NO_VALUE, clockTime, count, duration, percent, threshold } from './format';
import type { Level } from './levels';

export interface AlertLine {
  id: string;
  /** Critical: breach; warning: warn. */
  level: Level;
  /** `CHAT`, or null for an alert across channels. */
  channel: string | null;
  title: string;
  /** The value against the threshold: `50% < 80%`, `3m 20s > 2m`. */
  measure: string;
  /** `firing since 14:05:12 · acked by ana`. */
  status: string;
  firing: boolean;
}

const FRACTIONS: ReadonlySet<AlertMetric> = new Set(['serviceLevel', 'abandonRate', 'csat', 'contactRate']);
const SECONDS: ReadonlySet<AlertMetric> = new Set(['asa', 'aht', 'oldestWaitSeconds', 'oldestOpenSeconds']);
/** What the server reports for a reason that had no share the hour before. */
const NEW_REASON_RATIO = 999;

/** A metric's value as the wall writes that figure elsewhere; thresholds in seconds as targets read (`2m`). */
export function alertValue(metric: AlertMetric, value: number | null | undefined, asThreshold = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  if (FRACTIONS.has(metric)) return percent(value, metric === 'contactRate' ? 1 : 0);
  if (SECONDS.has(metric)) return asThreshold && Number.isInteger(value) && value > 0 ? threshold(value) : duration(value);
  if (metric === 'reasonSpike') return value >= NEW_REASON_RATIO ? 'new' : `${Math.round(value * 10) / 10}×`;
  return count(value);
}

/** One active alert as a line of the band. */
export function describeAlert(a: Alert, timeZone?: string): AlertLine {
  const firing = a.state === 'firing';
  const since = firing ? (a.firedAt ?? a.since) : (a.startedAt ?? a.since);
  const status = [
    `${firing ? 'firing' : a.state ?? 'active'}${typeof since === 'number' ? ` since ${clockTime(since, timeZone)}` : ''}`,
    a.ackedAt ? `acked${a.ackedBy ? ` by ${a.ackedBy}` : ''}` : null,
    a.silencedUntil ? `silenced until ${clockTime(a.silencedUntil, timeZone).slice(0, 5)}` : null,
  ].filter(Boolean).join(' · ');
  return {
    id: a.id,
    level: a.severity === 'warning' ? 'warn' : 'breach',
    channel: a.channel && a.channel !== 'total' ? a.channel.toUpperCase() : null,
    title: a.description || a.ruleId || a.id,
    measure: typeof a.threshold === 'number' ? `${alertValue(a.metric, a.value)} ${a.op ?? ''} ${alertValue(a.metric, a.threshold, true)}` : '',
    status,
    firing,
  };
}

/** The band's lines: firing before pending, otherwise in the server's order (critical first). */
export function alertLines(alerts: readonly Alert[], timeZone?: string): AlertLine[] {
  const lines = alerts.map((a) => describeAlert(a, timeZone));
  return [...lines.filter((l) => l.firing), ...lines.filter((l) => !l.firing)];
}
