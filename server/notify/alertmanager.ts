/**
 * Prometheus Alertmanager, API v2: `POST <base>/api/v2/alerts` with one alert, so existing on-call routing
 * (PagerDuty, Opsgenie, …) keeps working. Alertmanager identifies an alert by its label set, so the labels
 * depend only on which rule fired on which channel, never on the kind of notification: a repeat refreshes
 * the same alert and a resolve closes it.
 */
import type { Alert, Notification } from '../../shared/alerts';
import { formatValue, metricName } from '../../shared/alert-text';
import { condition, summary } from './format';
import { postJson } from './post';
import type { Receiver } from './receiver';

/**
 * How far ahead a firing alert's `endsAt` is set. Alertmanager resolves an alert by itself once `endsAt`
 * passes (without one, after its `resolve_timeout`, 5 minutes by default), as Prometheus expects from a
 * sender that re-sends every evaluation. Peakwatch sends only transitions, repeats (30 min by default) and
 * none after an ack, so a short `endsAt` would tell PagerDuty "resolved" while the breach goes on. The
 * outbox retries the resolved notification until it is delivered; this hold only bounds how long an
 * alert whose resolve was lost for good stays open. 7 days is the longest repeat or escalation a rule allows.
 */
export const FIRING_HOLD_MS = 7 * 86_400_000;

/** A `postableAlert` of the Alertmanager v2 API. */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

/** The labels that identify the alert in Alertmanager (its fingerprint): the same for every notification. */
export function alertmanagerLabels(a: Alert): Record<string, string> {
  const labels: Record<string, string> = {
    alertname: a.ruleId,
    channel: a.channel,
    severity: a.severity,
    metric: a.metric,
  };
  // An empty label value means "no label" to Alertmanager; leave it out rather than send "".
  if (a.window) labels.window = a.window;
  labels.source = 'peakwatch';
  return labels;
}

export function alertmanagerAlert(n: Notification): AlertmanagerAlert {
  const a = n.alert;
  const startsAt = a.firedAt ?? a.startedAt ?? n.at;
  const line = summary(a);
  const out: AlertmanagerAlert = {
    labels: alertmanagerLabels(a),
    annotations: {
      summary: line,
      description: a.description || `${metricName(a)} on ${a.channel} fires ${condition(a)}.`,
      value: formatValue(a.metric, a.value),
      threshold: condition(a),
    },
    startsAt: new Date(startsAt).toISOString(),
  };
  // Alertmanager refuses an alert that ends before it starts.
  const endsAt = n.kind === 'resolved' ? Math.max(a.resolvedAt ?? n.at, startsAt) : n.at + FIRING_HOLD_MS;
  out.endsAt = new Date(endsAt).toISOString();
  return out;
}

/** `<base>/api/v2/alerts`, keeping a path prefix (Alertmanager behind `--web.route-prefix` or a proxy). */
export function alertsEndpoint(base: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v2/alerts`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

export const alertmanager: Receiver = {
  type: 'alertmanager',
  async send(config, n, ctx) {
    const body = JSON.stringify([alertmanagerAlert(n)]);
    await postJson(config, { url: alertsEndpoint(config.url), body }, ctx);
  },
};
