/**
 * Alerts as the wall's band shows them: what breached, where, by how much, and since when. Pure. Fields are
 * read defensively, so an alert stored by an older server (a field missing) still reads.
 */
import { alertMeasure, formatValue, ruleTitle } from '@shared/alert-text';
import type { Alert } from '@shared/alerts';
import { clockTime } from './format';
import { type Level, severityLevel } from './levels';

export interface AlertLine {
  id: string;
  /** Critical: breach; warning: warn. */
  level: Level;
  /** `CHAT`, or null for an alert across channels. */
  channel: string | null;
  title: string;
  /** The value against the threshold: `50% < 80%`, `3m 20s > 2m`; clearing: `clearing · peak 3m 20s > 2m`. */
  measure: string;
  /** `firing since 14:05:12 · acked by ana`. */
  status: string;
  firing: boolean;
}

/** A metric's value as every alert text writes it (shared/alert-text.ts); thresholds in seconds as targets read (`2m`). */
export const alertValue = formatValue;

type Named = Pick<Alert, 'metric' | 'channel' | 'op'> & { threshold: number | 'target'; description?: string | undefined };

/**
 * What breached, in words: the rule's description, or the title every alert text gives a rule without one
 * (`Service level < 80% on chat`) — also for an alert stored by an older server, whose description was the
 * raw `serviceLevel < 0.8 on chat`.
 */
export function alertTitle(a: Named): string {
  const raw = `${a.metric} ${a.op} ${a.threshold} on ${a.channel}`;
  return a.description && a.description !== raw ? a.description : ruleTitle(a);
}

/**
 * One active alert as a line of the band. `now` (the server's time): a silence that has run out by then is not
 * shown; without it, a silence reads as stored.
 */
export function describeAlert(a: Alert, timeZone?: string, now?: number): AlertLine {
  const firing = a.state === 'firing';
  const since = firing ? (a.firedAt ?? a.since) : (a.startedAt ?? a.since);
  const silenced = typeof a.silencedUntil === 'number' && (now === undefined || a.silencedUntil > now);
  const status = [
    `${firing ? 'firing' : a.state ?? 'active'}${typeof since === 'number' ? ` since ${clockTime(since, timeZone)}` : ''}`,
    a.ackedAt ? `acked${a.ackedBy ? ` by ${a.ackedBy}` : ''}` : null,
    silenced ? `silenced until ${clockTime(a.silencedUntil!, timeZone).slice(0, 5)}` : null,
  ].filter(Boolean).join(' · ');
  return {
    id: a.id,
    level: severityLevel(a.severity),
    channel: a.channel && a.channel !== 'total' ? a.channel.toUpperCase() : null,
    title: typeof a.threshold === 'number' ? alertTitle(a) : a.description || a.ruleId || a.id,
    measure: typeof a.threshold === 'number' ? alertMeasure(a).text : '',
    status,
    firing,
  };
}

/** The band's lines: firing before pending, otherwise in the server's order (critical first). */
export function alertLines(alerts: readonly Alert[], timeZone?: string, now?: number): AlertLine[] {
  const lines = alerts.map((a) => describeAlert(a, timeZone, now));
  return [...lines.filter((l) => l.firing), ...lines.filter((l) => !l.firing)];
}
