/**
 * The leads' list of active alerts: the snapshot's alerts, brought up to date by the live `alert` events and
 * by the alert log (acks and silences), and each alert as its card reads. Pure: the caller passes the clock.
 *
 * Why three sources: the snapshot's alerts come from the stored alert states, which an ack or a silence does
 * not rewrite (the server keeps those beside the states), and a snapshot may trail an event by a moment. The
 * events and the log carry what the states lack; within one episode of an alert, everything only moves
 * forward (pending → firing → resolved; a later ack, a later silence), so merging takes the furthest.
 */
import { WINDOW_LABELS, alertMeasure, channelLabel, ruleMetricLabel } from '@shared/alert-text';
import type { Alert } from '@shared/alerts';
import type { AlertEvent } from '@shared/socket';
import type { HistoryEntry } from '../leadsApi';
import { alertTitle } from './alerts';
import { clockTime, duration, hourMinute } from './format';

export { alertTitle };
import { type Level, severityLevel } from './levels';

/** What the live events said last about one alert, and when (screen clock). */
export interface AlertNews {
  alert: Alert;
  at: number;
}
export type AlertNewsMap = Readonly<Record<string, AlertNews>>;

/** How long news the snapshot does not confirm (an alert fired or resolved) overrules it. */
export const NEWS_GRACE_MS = 10_000;
/** News older than this is forgotten: by then the snapshot and the log tell the same. */
export const NEWS_KEEP_MS = 10 * 60_000;

const ACTIVE = new Set(['pending', 'firing']);
const STATE_RANK: Record<string, number> = { pending: 1, firing: 2, resolved: 3 };

export const isActive = (a: Pick<Alert, 'state'>) => ACTIVE.has(a.state);
const sameEpisode = (a: Alert, b: Alert) => a.startedAt !== null && a.startedAt === b.startedAt;

/** `a` with `b`'s ack if `b`'s is later, and `b`'s silence if it lasts longer. */
function laterAckAndSilence(a: Alert, b: Pick<Alert, 'ackedAt' | 'ackedBy' | 'ackNote' | 'silencedUntil' | 'silenceReason'>): Alert {
  let out = a;
  if (b.ackedAt !== null && (a.ackedAt === null || b.ackedAt > a.ackedAt)) out = { ...out, ackedAt: b.ackedAt, ackedBy: b.ackedBy, ackNote: b.ackNote };
  if (b.silencedUntil !== null && (a.silencedUntil === null || b.silencedUntil > a.silencedUntil)) {
    out = { ...out, silencedUntil: b.silencedUntil, silenceReason: b.silenceReason };
  }
  return out;
}

/** Two views of one episode: the furthest state, and the latest ack and silence. */
function mergeEpisode(base: Alert, news: Alert): Alert {
  const further = (STATE_RANK[news.state] ?? 0) > (STATE_RANK[base.state] ?? 0);
  const out: Alert = further ? { ...base, state: news.state, since: news.since, firedAt: news.firedAt ?? base.firedAt } : base;
  return laterAckAndSilence(out, news);
}

/** Takes one live `alert` event (or an ack/silence reply, as the event it equals) into the news. */
export function takeAlertEvent(news: AlertNewsMap, event: AlertEvent, now: number): AlertNewsMap {
  const prev = news[event.alert.id];
  const alert = prev && sameEpisode(prev.alert, event.alert) ? laterAckAndSilence(event.alert, prev.alert) : event.alert;
  const next: Record<string, AlertNews> = {};
  for (const [id, n] of Object.entries(news)) if (now - n.at < NEWS_KEEP_MS) next[id] = n;
  next[alert.id] = { alert, at: now };
  return next;
}

/** The ack and silence the alert log holds for `alert` (newest entries first): the ack of this episode only. */
export function withLoggedAckAndSilence(alert: Alert, log: readonly HistoryEntry[]): Alert {
  const ack = log.find((e) => e.alertId === alert.id && e.kind === 'acked' && e.at >= (alert.startedAt ?? 0));
  const silence = log.find((e) => e.alertId === alert.id && e.kind === 'silenced' && typeof e.until === 'number');
  return laterAckAndSilence(alert, {
    ackedAt: ack?.at ?? null, ackedBy: ack?.by ?? null, ackNote: ack?.note ?? null,
    silencedUntil: silence?.until ?? null, silenceReason: silence?.reason ?? null,
  });
}

/** Firing before pending, critical before warning, the longest-running first. */
function order(a: Alert, b: Alert): number {
  if (a.state !== b.state) return a.state === 'firing' ? -1 : b.state === 'firing' ? 1 : 0;
  if (a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1;
  return (a.startedAt ?? 0) - (b.startedAt ?? 0);
}

/** The active alerts to show at `now`: the snapshot's, with the news and the log merged in. */
export function activeAlerts(snapshot: readonly Alert[], news: AlertNewsMap, log: readonly HistoryEntry[], now: number): Alert[] {
  const out: Alert[] = [];
  const listed = new Set<string>();
  for (const a of snapshot) {
    listed.add(a.id);
    const n = news[a.id];
    let merged = a;
    if (n && sameEpisode(a, n.alert)) {
      if (isActive(n.alert)) merged = mergeEpisode(a, n.alert);
      // Resolved since this snapshot was computed: gone, unless the snapshot keeps saying otherwise.
      else if (now - n.at < NEWS_GRACE_MS) continue;
      else merged = laterAckAndSilence(a, n.alert);
    }
    if (isActive(merged)) out.push(withLoggedAckAndSilence(merged, log));
  }
  for (const n of Object.values(news)) {
    // Fired before the snapshot caught up.
    if (!listed.has(n.alert.id) && isActive(n.alert) && now - n.at < NEWS_GRACE_MS) out.push(withLoggedAckAndSilence(n.alert, log));
  }
  return out.sort(order);
}

export interface LeadAlertView {
  id: string;
  /** Critical: breach colours; warning: warn colours. */
  level: Extract<Level, 'breach' | 'warn'>;
  severity: 'CRITICAL' | 'WARNING';
  state: 'FIRING' | 'PENDING';
  firing: boolean;
  /** Firing, but the value is back on the good side: the measure shows the peak, not a comparison now false. */
  clearing: boolean;
  title: string;
  /** `Waiting · chat · live`. */
  what: string;
  /** The value against the threshold, as the figures read: `50%` `<` `80%`; clearing: `peak 50%` `<` `80%`. */
  value: string;
  op: string;
  threshold: string;
  /** `firing for 2m 05s` (ticks with `now`) and `since 14:05:12`. */
  age: string;
  since: string;
  acked: { by: string; at: string; note: string } | null;
  silenced: { until: string; left: string; reason: string } | null;
}

/** One active alert as its card reads at `now`. */
export function describeLeadAlert(a: Alert, now: number, timeZone?: string): LeadAlertView {
  const firing = a.state === 'firing';
  const start = firing ? (a.firedAt ?? a.since) : (a.startedAt ?? a.since);
  const window = a.window ? WINDOW_LABELS[a.window] ?? a.window : 'live';
  const silenced = a.silencedUntil !== null && a.silencedUntil > now;
  const measure = alertMeasure(a);
  return {
    id: a.id,
    level: severityLevel(a.severity),
    severity: a.severity === 'warning' ? 'WARNING' : 'CRITICAL',
    state: firing ? 'FIRING' : 'PENDING',
    firing,
    clearing: measure.clearing,
    title: alertTitle(a),
    what: [ruleMetricLabel(a), channelLabel(a.channel), window].join(' · '),
    value: measure.value,
    op: measure.op,
    threshold: measure.threshold,
    age: `${firing ? 'firing' : 'pending'} for ${duration(typeof start === 'number' ? (now - start) / 1000 : null)}`,
    since: typeof start === 'number' ? `since ${clockTime(start, timeZone)}` : '',
    acked: a.ackedAt !== null ? { by: a.ackedBy ?? 'someone', at: clockTime(a.ackedAt, timeZone), note: a.ackNote ?? '' } : null,
    silenced: silenced ? {
      until: hourMinute(a.silencedUntil!, timeZone),
      left: duration((a.silencedUntil! - now) / 1000),
      reason: a.silenceReason ?? '',
    } : null,
  };
}
