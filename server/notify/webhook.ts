/**
 * The generic webhook: one JSON document per notification, signed when the receiver has a secret.
 *
 * Signature: `X-Peakwatch-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
 * `X-Peakwatch-Timestamp: <unix seconds>` of the attempt. The timestamp is inside the MAC, so a captured
 * request cannot be replayed once it is older than the receiver's tolerance; each retry is signed afresh.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Alert, Notification } from '../../shared/alerts';
import { isoTime, summary } from './format';
import { postJson } from './post';
import type { Receiver } from './receiver';

export const TIMESTAMP_HEADER = 'X-Peakwatch-Timestamp';
export const SIGNATURE_HEADER = 'X-Peakwatch-Signature';

/** The body's `version`; bumped only if a field changes meaning or goes away. */
export const WEBHOOK_VERSION = 1;

/** The JSON body. Times are RFC 3339 (UTC) strings, or null when the event has not happened. */
export interface WebhookPayload {
  version: typeof WEBHOOK_VERSION;
  /** The notification id: the same on every retry, so a receiver can drop duplicates. */
  id: string;
  /** `repeat` and `escalation` are reminders of an alert still firing. */
  status: 'firing' | 'resolved';
  kind: Notification['kind'];
  /** When the transition happened (not when this attempt was made: that is the timestamp header). */
  at: string;
  /** One line for people: `chat: Service level (15m) 72.0 %, below 80.0 % by 8.0 pts`. */
  summary: string;
  alert: {
    id: string;
    rule: string;
    channel: string;
    metric: Alert['metric'];
    window: string | null;
    op: Alert['op'];
    threshold: number;
    value: number | null;
    severity: Alert['severity'];
    description: string;
    startedAt: string | null;
    firedAt: string | null;
    resolvedAt: string | null;
    escalatedAt: string | null;
    ackedAt: string | null;
    ackedBy: string | null;
    silencedUntil: string | null;
  };
}

export function webhookPayload(n: Notification): WebhookPayload {
  const a = n.alert;
  return {
    version: WEBHOOK_VERSION,
    id: n.id,
    status: n.kind === 'resolved' ? 'resolved' : 'firing',
    kind: n.kind,
    at: isoTime(n.at)!,
    summary: summary(a),
    alert: {
      id: a.id,
      rule: a.ruleId,
      channel: a.channel,
      metric: a.metric,
      window: a.window ?? null,
      op: a.op,
      threshold: a.threshold,
      value: a.value,
      severity: a.severity,
      description: a.description,
      startedAt: isoTime(a.startedAt),
      firedAt: isoTime(a.firedAt),
      resolvedAt: isoTime(a.resolvedAt),
      escalatedAt: isoTime(a.escalatedAt),
      ackedAt: isoTime(a.ackedAt),
      ackedBy: a.ackedBy,
      silencedUntil: isoTime(a.silencedUntil),
    },
  };
}

function mac(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The signature header's value for `body` sent at `timestamp` (unix seconds). */
export function signPayload(secret: string, timestamp: number | string, body: string | Uint8Array): string {
  return `sha256=${mac(secret, String(timestamp), body).toString('hex')}`;
}

/**
 * Checks a received webhook: `header` must be `sha256=<hex>` matching the HMAC of `"<timestamp>.<body>"`
 * (`body`: the raw bytes received, before any JSON parsing), and `timestamp` no further than
 * `toleranceSeconds` from `nowSeconds`, either way (an old capture replayed, or a forged future time).
 * Compares in constant time.
 */
export function verifySignature(
  secret: string,
  timestamp: string | number | null | undefined,
  body: string | Uint8Array,
  header: string | null | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (typeof header !== 'string' || timestamp === null || timestamp === undefined) return false;
  const ts = String(timestamp);
  if (!/^\d{1,12}$/.test(ts) || Math.abs(nowSeconds - Number(ts)) > toleranceSeconds) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  return timingSafeEqual(Buffer.from(m[1]!, 'hex'), mac(secret, ts, body));
}

export const webhook: Receiver = {
  type: 'webhook',
  async send(config, n, ctx) {
    const body = JSON.stringify(webhookPayload(n));
    const timestamp = Math.floor(ctx.now() / 1000);
    const headers: Record<string, string> = { [TIMESTAMP_HEADER]: String(timestamp) };
    if (config.secret) headers[SIGNATURE_HEADER] = signPayload(config.secret, timestamp, body);
    await postJson(config, { url: config.url, body, headers }, ctx);
  },
};
