/**
 * How an alert reads in a message: its value against the threshold, and by how much it is off. Shared by every
 * receiver that writes text for people (Slack, Alertmanager annotations, the webhook's `summary`); names, units
 * and rounding come from shared/alert-text.ts, as on the wall and the leads' cards. Pure.
 */
import { alertMeasure, channelLabel, formatGap, formatValue, isBreaching, metricName } from '../../shared/alert-text';
import type { Alert, NotificationKind } from '../../shared/alerts';

type Breach = Pick<Alert, 'metric' | 'op' | 'threshold' | 'value'> & Partial<Pick<Alert, 'state' | 'clearingSince' | 'peak'>>;

/** The condition that fires: `below 80%`, `above 2m`. */
export function condition(alert: Breach): string {
  return `${alert.op === '<' ? 'below' : 'above'} ${formatValue(alert.metric, alert.threshold, true)}`;
}

/**
 * The value against the threshold, in words: `72%, below 80% by 8 pts` while breaching; a firing alert back on
 * the good side reads as every alert text does (`clearing · peak 72% < 80%`) with its value now; otherwise
 * `82% (fires below 80%)` (a resolved alert, or no data).
 */
export function valueAgainstThreshold(alert: Breach): string {
  const value = formatValue(alert.metric, alert.value);
  const measure = alertMeasure({ state: 'inactive', ...alert });
  if (measure.clearing) return `${measure.text}, now ${value} (fires ${condition(alert)})`;
  if (alert.value === null || !isBreaching(alert)) return `${value} (fires ${condition(alert)})`;
  return `${value}, ${condition(alert)} by ${formatGap(alert.metric, alert.value - alert.threshold)}`;
}

/** One line for a person: `chat: Service level (15 min) 72%, below 80% by 8 pts`. */
export function summary(alert: Alert): string {
  return `${channelLabel(alert.channel)}: ${metricName(alert)} ${valueAgainstThreshold(alert)}`;
}

/** The state word and emoji of a notification, as a phone shows it at a glance. */
export const KIND_LABELS: Record<NotificationKind, { emoji: string; word: string }> = {
  firing: { emoji: '🔴', word: 'FIRING' },
  resolved: { emoji: '✅', word: 'RESOLVED' },
  repeat: { emoji: '🔁', word: 'REPEAT' },
  escalation: { emoji: '⬆️', word: 'ESCALATED' },
};

/** An epoch-ms time as RFC 3339 (UTC), or null. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
