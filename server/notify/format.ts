/**
 * How an alert reads in a message: the metric's name and unit, its value against the threshold, and by how
 * much it is off. Shared by every receiver that writes text for people (Slack, Alertmanager annotations, the
 * webhook's `summary`). Pure.
 */
import type { Alert, AlertMetric, NotificationKind } from '../../shared/alerts';

export type MetricUnit = 'fraction' | 'seconds' | 'count';

/** A `Record` over every metric, so a new metric does not compile until it says how it reads. */
const METRICS: Record<AlertMetric, { label: string; unit: MetricUnit }> = {
  serviceLevel: { label: 'Service level', unit: 'fraction' },
  asa: { label: 'ASA', unit: 'seconds' },
  abandonRate: { label: 'Abandon rate', unit: 'fraction' },
  aht: { label: 'AHT', unit: 'seconds' },
  csat: { label: 'CSAT', unit: 'fraction' },
  contactRate: { label: 'Contact rate', unit: 'fraction' },
  waiting: { label: 'Waiting', unit: 'count' },
  oldestWaitSeconds: { label: 'Oldest wait', unit: 'seconds' },
  open: { label: 'Open', unit: 'count' },
  oldestOpenSeconds: { label: 'Oldest open', unit: 'seconds' },
  agentsAvailable: { label: 'Agents available', unit: 'count' },
  reasonSpike: { label: 'Reason share jump', unit: 'fraction' },
};

/** Shown for a value the evaluation had no data for. */
export const NO_DATA = 'no data';

/** A fraction 0-1 as a percentage with one digit: `0.784` → `78.4 %`. */
export function percent(fraction: number): string {
  return `${fixed(fraction * 100, 1)} %`;
}

/** Percentage points between two fractions: `0.08` → `8.0 pts`. */
export function points(fraction: number): string {
  return `${fixed(fraction * 100, 1)} pts`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Seconds in at most two units, rounded: `45s`, `2m 05s`, `1h 05m`, `2d 04h`. Negative reads as 0. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3_600) return `${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3_600)}h ${pad2(Math.floor((s % 3_600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${pad2(Math.floor((s % 86_400) / 3_600))}h`;
}

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A count with thousands separators: `12345` → `12,345`. */
export function count(n: number): string {
  return counts.format(n);
}

/** `toFixed` without a `-0.0`. */
function fixed(n: number, digits: number): string {
  const s = n.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

export function metricLabel(metric: AlertMetric): string {
  return METRICS[metric].label;
}

export function metricUnit(metric: AlertMetric): MetricUnit {
  return METRICS[metric].unit;
}

/** A value of `metric` in its unit; `null` (no data) and non-finite numbers read `no data`. */
export function formatValue(metric: AlertMetric, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NO_DATA;
  switch (metricUnit(metric)) {
    case 'fraction': return percent(value);
    case 'seconds': return duration(value);
    case 'count': return count(value);
  }
}

/** The size of a difference in `metric`'s unit (fractions in percentage points). */
export function formatGap(metric: AlertMetric, difference: number): string {
  const d = Math.abs(difference);
  switch (metricUnit(metric)) {
    case 'fraction': return points(d);
    case 'seconds': return duration(d);
    case 'count': return count(d);
  }
}

type Breach = Pick<Alert, 'metric' | 'op' | 'threshold' | 'value'>;

/** `Service level (15m)`: the metric and, for windowed ones, its window. */
export function metricName(alert: Pick<Alert, 'metric' | 'window'>): string {
  return alert.window ? `${metricLabel(alert.metric)} (${alert.window})` : metricLabel(alert.metric);
}

/** The condition that fires: `below 80.0 %`, `above 2m 00s`. */
export function condition(alert: Breach): string {
  return `${alert.op === '<' ? 'below' : 'above'} ${formatValue(alert.metric, alert.threshold)}`;
}

/** True when the value is on the firing side of the threshold. */
export function isBreaching(alert: Breach): boolean {
  if (alert.value === null) return false;
  return alert.op === '<' ? alert.value < alert.threshold : alert.value > alert.threshold;
}

/**
 * The value against the threshold, in words: `72.0 %, below 80.0 % by 8.0 pts` while breaching;
 * `82.0 % (fires below 80.0 %)` otherwise (a resolved alert, or no data).
 */
export function valueAgainstThreshold(alert: Breach): string {
  const value = formatValue(alert.metric, alert.value);
  if (alert.value === null || !isBreaching(alert)) return `${value} (fires ${condition(alert)})`;
  return `${value}, ${condition(alert)} by ${formatGap(alert.metric, alert.value - alert.threshold)}`;
}

/** One line for a person: `chat: Service level (15m) 72.0 %, below 80.0 % by 8.0 pts`. */
export function summary(alert: Alert): string {
  return `${alert.channel}: ${metricName(alert)} ${valueAgainstThreshold(alert)}`;
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
