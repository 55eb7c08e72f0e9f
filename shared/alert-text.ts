/**
 * How an alert reads, written once for every place that shows one: the server's rule descriptions, the
 * receivers' messages (webhook summary, Slack, Alertmanager), the wall's band and the leads' cards. A metric's
 * name, its unit, how its values, thresholds and gaps are written, and how durations are rounded. Pure.
 */
import type { Alert, AlertMetric } from './alerts';
import { type SpikeBasis, spikeBasis } from './spike-basis';
import { channelStateOfLevel } from './channel-state';

export type MetricUnit = 'fraction' | 'seconds' | 'minutes' | 'count' | 'ratio' | 'state' | 'score';

/** A `Record` over every metric, so a new metric does not compile until it says how it reads. */
const METRICS: Record<AlertMetric, { label: string; unit: MetricUnit }> = {
  serviceLevel: { label: 'Service level', unit: 'fraction' },
  asa: { label: 'Avg speed of answer', unit: 'seconds' },
  abandonRate: { label: 'Abandon rate', unit: 'fraction' },
  aht: { label: 'Handle time', unit: 'seconds' },
  csat: { label: 'CSAT', unit: 'fraction' },
  ces: { label: 'CES', unit: 'fraction' },
  nps: { label: 'NPS', unit: 'score' },
  contactRate: { label: 'Contact rate', unit: 'fraction' },
  repeatRate: { label: 'Repeat rate', unit: 'fraction' },
  waiting: { label: 'Waiting', unit: 'count' },
  oldestWaitSeconds: { label: 'Oldest wait', unit: 'seconds' },
  open: { label: 'Open contacts', unit: 'count' },
  oldestOpenSeconds: { label: 'Oldest open', unit: 'seconds' },
  agentsAvailable: { label: 'Agents available', unit: 'count' },
  reasonSpike: { label: 'Reason spike', unit: 'ratio' },
  eventSilence: { label: 'No events for', unit: 'minutes' },
  channelState: { label: 'Channel state', unit: 'state' },
  connectorSilence: { label: 'Connector silent for', unit: 'minutes' },
};

/**
 * The ratio reported for a reason that had no share before: +Infinity in principle, a large finite number so
 * the value survives JSON (`JSON.stringify(Infinity)` is `null`). Read as `new`.
 */
export const REASON_SPIKE_NEW = 999;

/** Shown for a value the evaluation had no data for. */
export const NO_DATA = 'no data';

/** The windows of windowed metrics, in words. */
export const WINDOW_LABELS: Readonly<Record<string, string>> = { '15m': '15 min', '60m': '60 min', today: 'today' };

export const metricLabel = (metric: AlertMetric): string => METRICS[metric]?.label ?? metric;

/** How each basis of a reason spike reads after the metric's label (the default, share, adds nothing). */
const SPIKE_BASIS_LABELS: Record<SpikeBasis, string> = { share: '', intensity: ' per order' };

/** The metric's label for one rule or alert: `Reason spike per order` for a spike on intensity. */
export const ruleMetricLabel = (r: { metric: AlertMetric; basis?: SpikeBasis | undefined }): string =>
  metricLabel(r.metric) + (r.metric === 'reasonSpike' ? SPIKE_BASIS_LABELS[spikeBasis(r)] : '');
export const metricUnit = (metric: AlertMetric): MetricUnit => METRICS[metric]?.unit ?? 'count';

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Seconds in two units at most: `45s`, `3m 05s`, `5h 12m`, `2d 04h`, `120d`. Whole seconds elapsed, never
 * rounded up (an age of 119.6 s against a 120 s limit has not reached it). Negative reads as 0.
 */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3_600) return `${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3_600)}h ${pad2(Math.floor((s % 3_600) / 60))}m`;
  const days = Math.floor(s / 86_400);
  return days >= 100 ? `${days}d` : `${days}d ${pad2(Math.floor((s % 86_400) / 3_600))}h`;
}

/** A limit in seconds as a target reads: `120` → `2m`, `20` → `20s`, `86400` → `24h`. */
export function thresholdText(seconds: number): string {
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds}s`;
  if (seconds < 3_600 || seconds % 3_600 !== 0) return `${seconds / 60}m`;
  return `${seconds / 3_600}h`;
}

/** A fraction as a percentage, one digit at most and none needless: `0.8` → `80%`, `0.784` → `78.4%`. */
export const percentText = (fraction: number): string => `${Number((fraction * 100).toFixed(1))}%`;

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
/** A count with thousands separators: `12345` → `12,345`. */
export const countText = (n: number): string => counts.format(n);

/** A net promoter score (−100 to 100), whole and signed: `32.4` → `+32`, `-5` → `-5`, `0` → `0`. */
export function npsText(score: number): string {
  const r = Math.round(score);
  return r > 0 ? `+${r}` : r < 0 ? `${r}` : '0';
}

/** A ratio: `2.5×`; {@link REASON_SPIKE_NEW} reads `new`. */
const ratioText = (r: number): string => (r >= REASON_SPIKE_NEW ? 'new' : `${Math.round(r * 10) / 10}×`);

/** Seconds as a duration, or as a limit reads when `asThreshold` and a whole number (`2m`, not `2m 00s`). */
const secondsText = (s: number, asThreshold: boolean): string =>
  (asThreshold && Number.isInteger(s) && s > 0 ? thresholdText(s) : durationText(s));

/**
 * A value of `metric` in its unit; null and non-finite numbers read {@link NO_DATA}. `asThreshold`: a whole
 * number of seconds as a limit reads (`2m`, not `2m 00s`).
 */
export function formatValue(metric: AlertMetric, value: number | null | undefined, asThreshold = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_DATA;
  switch (metricUnit(metric)) {
    case 'fraction': return percentText(value);
    case 'seconds': return secondsText(value, asThreshold);
    case 'minutes': return secondsText(value * 60, asThreshold);
    case 'ratio': return ratioText(value);
    case 'count': return countText(value);
    case 'state': return channelStateOfLevel(value);
    case 'score': return npsText(value);
  }
}

/** The size of a difference in `metric`'s unit: fractions in percentage points (`8 pts`). */
export function formatGap(metric: AlertMetric, difference: number): string {
  const d = Math.abs(difference);
  switch (metricUnit(metric)) {
    case 'fraction': return `${Number((d * 100).toFixed(1))} pts`;
    case 'seconds': return durationText(d);
    case 'minutes': return durationText(d * 60);
    case 'ratio': return `${Math.round(d * 10) / 10}×`;
    case 'count': return countText(d);
    case 'state': return countText(d);
    case 'score': return `${countText(d)} pts`;
  }
}

/** `chat`, or `all channels` for an alert across them. */
export const channelLabel = (channel: string): string => (channel === 'total' || channel === '*' ? 'all channels' : channel);

/** `Service level (15 min)`: the metric and, for windowed ones, its window. */
export function metricName(a: Pick<Alert, 'metric' | 'basis'> & { window?: string | undefined }): string {
  return a.window ? `${ruleMetricLabel(a)} (${WINDOW_LABELS[a.window] ?? a.window})` : ruleMetricLabel(a);
}

/**
 * A rule's title where it has no description of its own: the metric, the condition as its figures read and
 * where: `Service level < 80% on chat`, `Contact rate > 5.2% across channels`, `Service level < target on chat`.
 */
export function ruleTitle(r: Pick<Alert, 'metric' | 'op' | 'channel' | 'basis'> & { threshold: number | 'target' }): string {
  const where = r.channel === 'total' ? 'across channels' : r.channel === '*' ? 'on each channel' : `on ${r.channel}`;
  const threshold = typeof r.threshold === 'number' ? formatValue(r.metric, r.threshold, true) : r.threshold;
  return `${ruleMetricLabel(r)} ${r.op} ${threshold} ${where}`;
}

type Measured = Pick<Alert, 'metric' | 'op' | 'threshold' | 'value' | 'state'> & { clearingSince?: number | null; peak?: number | null };

/** True when the value is on the firing side of the threshold (no data is not). */
export function isBreaching(a: Pick<Alert, 'op' | 'threshold' | 'value'>): boolean {
  if (a.value === null) return false;
  return a.op === '<' ? a.value < a.threshold : a.value > a.threshold;
}

/**
 * A firing alert that no longer breaches: its value is back on the good side (its `clearFor` clock may be
 * running) and it resolves unless the breach returns. Its value against the threshold would read false.
 */
export function isClearing(a: Measured): boolean {
  if (a.state !== 'firing') return false;
  return (a.clearingSince ?? null) !== null || (a.value !== null && !isBreaching(a));
}

/** An alert's value against its threshold, in parts and as one text. */
export interface AlertMeasure {
  clearing: boolean;
  /** `72%`; while clearing, the episode's worst: `peak 72%`. */
  value: string;
  op: string;
  threshold: string;
  /** `72% < 80%`; while clearing, `clearing · peak 72% < 80%` (`clearing` alone without a known peak). */
  text: string;
}

/**
 * How an alert's figure reads wherever it is shown: the value against the threshold, or, while clearing, the
 * word and the peak (which did breach), never a comparison that reads false.
 */
export function alertMeasure(a: Measured): AlertMeasure {
  const op = a.op ?? '';
  const threshold = formatValue(a.metric, a.threshold, true);
  if (!isClearing(a)) {
    const value = formatValue(a.metric, a.value);
    return { clearing: false, value, op, threshold, text: `${value} ${op} ${threshold}` };
  }
  const peak = a.peak ?? null;
  if (peak === null) return { clearing: true, value: '', op: '', threshold: '', text: 'clearing' };
  const value = `peak ${formatValue(a.metric, peak)}`;
  return { clearing: true, value, op, threshold, text: `clearing · ${value} ${op} ${threshold}` };
}
