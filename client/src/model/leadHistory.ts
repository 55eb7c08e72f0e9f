/**
 * The alert log as the leads' view lists it: when, which alert, what happened. Pure. The log names an alert
 * only by its id (`<ruleId>:<channel>`), so its words come from the alert itself while active, else its rule.
 */
import type { Alert, AlertMetric, Rule } from '@shared/alerts';
import type { HistoryEntry } from '../leadsApi';
import { formatValue } from '@shared/alert-text';
import { clockTime, dayMonth, hourMinute, threshold } from './format';
import { alertTitle } from './leadAlerts';
import type { Level } from './levels';

export interface AlertName {
  title: string;
  metric: AlertMetric | null;
  channel: string;
}

export interface HistoryLine {
  id: string;
  /** `14:05:12` today, `27 Nov 14:05` before. */
  time: string;
  title: string;
  /** `pending → firing`, `acked by Sam`, `silenced 1h by Sam`. */
  what: string;
  /** The value at a transition, the ack's note, the silence's end and reason. */
  detail: string;
  kind: 'transition' | 'acked' | 'silenced';
  /** The state reached (firing: breach, pending: warn, resolved: ok); null for acks and silences. */
  level: Level | null;
}

/** The alert id's parts: the rule id has no ":" (rule ids are letters, digits, "_", "." and "-"). */
export function splitAlertId(alertId: string): { ruleId: string; channel: string } {
  const i = alertId.indexOf(':');
  return i < 0 ? { ruleId: alertId, channel: '' } : { ruleId: alertId.slice(0, i), channel: alertId.slice(i + 1) };
}

/** Names for the log's alert ids: from the alerts shown, else from their rules, else the id itself. */
export function alertNamer(alerts: readonly Alert[], rules: readonly Rule[] | null): (alertId: string) => AlertName {
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const rulesById = new Map((rules ?? []).map((r) => [r.id, r]));
  return (alertId) => {
    const a = byId.get(alertId);
    if (a) return { title: alertTitle(a), metric: a.metric, channel: a.channel };
    const { ruleId, channel } = splitAlertId(alertId);
    const r = rulesById.get(ruleId);
    if (r) return { title: alertTitle({ ...r, channel }), metric: r.metric, channel };
    return { title: alertId, metric: null, channel };
  };
}

const LEVEL_OF: Record<string, Level> = { firing: 'breach', pending: 'warn', resolved: 'ok', inactive: 'none' };

/** The log's entries (newest first, as the API gives them) as lines, at `now` in the given time zone. */
export function historyLines(log: readonly HistoryEntry[], name: (alertId: string) => AlertName, now: number, timeZone?: string): HistoryLine[] {
  const today = dayMonth(now, timeZone);
  const when = (at: number) => (dayMonth(at, timeZone) === today ? clockTime(at, timeZone) : `${dayMonth(at, timeZone)} ${hourMinute(at, timeZone)}`);
  return log.map((e) => {
    const n = name(e.alertId);
    const base = { id: e.id, time: when(e.at), title: n.title };
    const by = e.by ? ` by ${e.by}` : '';
    if (e.kind === 'acked') {
      return { ...base, kind: 'acked', what: `acked${by}`, detail: e.note ? `“${e.note}”` : '', level: null };
    }
    if (e.kind === 'silenced') {
      const until = typeof e.until === 'number' ? e.until : null;
      const length = until !== null ? ` ${threshold(Math.max(60, Math.round((until - e.at) / 60_000) * 60))}` : '';
      const end = until !== null ? `until ${when(until)}` : '';
      return { ...base, kind: 'silenced', what: `silenced${length}${by}`, detail: [end, e.reason ? `“${e.reason}”` : ''].filter(Boolean).join(' · '), level: null };
    }
    const value = typeof e.value === 'number' && n.metric ? `value ${formatValue(n.metric, e.value)}` : '';
    return { ...base, kind: 'transition', what: `${e.from ?? '?'} → ${e.to ?? '?'}`, detail: value, level: LEVEL_OF[e.to ?? ''] ?? null };
  });
}
