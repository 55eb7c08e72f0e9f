import { z } from 'zod';
import { safeText, serverRecordedBy } from './text';
import { WINDOWS } from './channels';
import { type AllowList, receiverUrlSchema } from './receiver-url';
import { TARGET_THRESHOLD, targetProblem } from './rule-target';
import { SPIKE_BASES, type SpikeBasis } from './spike-basis';

/** Metrics a rule can watch. Windowed ones need `window`; live ones take none. */
export const WINDOWED_METRICS = ['serviceLevel', 'asa', 'abandonRate', 'aht', 'csat', 'ces', 'nps', 'contactRate', 'repeatRate'] as const;
export const LIVE_METRICS = ['waiting', 'oldestWaitSeconds', 'open', 'oldestOpenSeconds', 'agentsAvailable', 'reasonSpike', 'eventSilence', 'channelState', 'connectorSilence'] as const;
export const ALERT_METRICS = [...WINDOWED_METRICS, ...LIVE_METRICS] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const SEVERITIES = ['warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const name = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "." or "-"');

/**
 * An alert rule. `channel`: a channel, "*" (each channel separately) or "total" (across channels:
 * contactRate, csat, ces, nps, reasonSpike). Times in seconds. `threshold`: a number, or `"target"` to follow the metric's
 * current target (shared/rule-target.ts). `clear`: the hysteresis threshold the value must cross back over (for
 * `op: "<"`, value ≥ clear) for `clearFor` seconds before the alert resolves.
 */
export const ruleSchema = z.strictObject({
  id: name,
  metric: z.enum(ALERT_METRICS, { error: `must be one of ${ALERT_METRICS.join(', ')}` }),
  channel: z.string().min(1).max(32),
  window: z.enum(WINDOWS).optional(),
  /** reasonSpike only: what the spike compares (default `share`). */
  basis: z.enum(SPIKE_BASES, { error: `must be one of ${SPIKE_BASES.join(', ')}` }).optional()
    .meta({ description: 'reasonSpike only: what the spike compares against the 60 minutes before, a reason\'s `share` (default) or its `intensity` (contacts per order)' }),
  op: z.enum(['<', '>'], { error: 'must be "<" or ">"' }),
  threshold: z.union([z.number().finite(), z.literal(TARGET_THRESHOLD)], { error: `must be a number or "${TARGET_THRESHOLD}"` }),
  for: z.number().int().min(0).max(86_400).default(60),
  clear: z.number().finite().optional(),
  clearFor: z.number().int().min(0).max(86_400).default(60),
  severity: z.enum(SEVERITIES).default('warning'),
  /** Receiver names; "*" = every receiver configured (the default rules use it). */
  routes: z.array(z.union([name, z.literal('*')])).max(20).default([]),
  repeat: z.number().int().min(0).max(7 * 86_400).default(1_800),
  escalateAfter: z.number().int().min(0).max(7 * 86_400).nullable().default(null),
  escalateTo: z.array(z.union([name, z.literal('*')])).max(20).default([]),
  description: z.string().max(300).optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

/**
 * What a rule's schema cannot say alone: a windowed metric needs a window, a live one takes none, a reason
 * spike is across channels, a basis is a reason spike's, and only a metric with a target can follow one. Null
 * when the rule is sound; the API and the rules editor both ask.
 */
export function ruleShapeProblem(r: Pick<Rule, 'metric' | 'window' | 'channel' | 'threshold' | 'basis'>): { field: 'window' | 'channel' | 'threshold' | 'basis'; message: string } | null {
  if ((WINDOWED_METRICS as readonly string[]).includes(r.metric) && !r.window) return { field: 'window', message: `is required for ${r.metric}` };
  if ((LIVE_METRICS as readonly string[]).includes(r.metric) && r.window) return { field: 'window', message: `${r.metric} is live: it takes no window` };
  if (r.metric === 'reasonSpike' && r.channel !== 'total') return { field: 'channel', message: 'reasonSpike is across channels: use "total"' };
  if (r.basis !== undefined && r.metric !== 'reasonSpike') return { field: 'basis', message: `applies only to reasonSpike (what its spike compares), not to ${r.metric}` };
  const target = targetProblem(r);
  if (target) return { field: 'threshold', message: target };
  return null;
}

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

/** The state of one rule on one channel. Times are epoch ms. */
export interface Alert {
  /** `<ruleId>:<channel>` */
  id: string;
  ruleId: string;
  metric: AlertMetric;
  channel: string;
  window?: string;
  /** A reason spike's basis, when its rule sets one (absent: `share`). */
  basis?: SpikeBasis;
  op: '<' | '>';
  /** The threshold in force (a followed target as it read at the last evaluation). */
  threshold: number;
  /** The rule follows its metric's target (`threshold: "target"`). */
  followsTarget?: boolean;
  severity: Severity;
  state: AlertState;
  /** The value at the last evaluation (null: no data). */
  value: number | null;
  /** When the current state began. */
  since: number;
  /** When the breach began (pending or firing). */
  startedAt: number | null;
  firedAt: number | null;
  resolvedAt: number | null;
  ackedAt: number | null;
  ackedBy: string | null;
  ackNote: string | null;
  silencedUntil: number | null;
  silenceReason: string | null;
  lastNotifiedAt: number | null;
  escalatedAt: number | null;
  /**
   * While firing: since when the value has been on the good side of the clear threshold without a break (the
   * `clearFor` clock). Optional so alerts stored before it existed still read.
   */
  clearingSince?: number | null;
  /** The worst breaching value of the current episode (shown while clearing); null before one. */
  peak?: number | null;
  /** The rule's receivers when last evaluated: a removed rule's alert still tells them it resolved. */
  routes?: string[];
  description: string;
}

export type NotificationKind = 'firing' | 'resolved' | 'repeat' | 'escalation';

/** What the outbox carries to receivers: one alert transition, for some receivers. */
export interface Notification {
  id: string;
  kind: NotificationKind;
  alert: Alert;
  receivers: string[];
  at: number;
}

export const RECEIVER_TYPES = ['webhook', 'slack', 'alertmanager'] as const;
export type ReceiverType = (typeof RECEIVER_TYPES)[number];

/**
 * A receiver, as stored. `allow`: what the deployment admits besides the outside world (the server's
 * PEAKWATCH_RECEIVER_ALLOW); `receiverSchema`, for the browser that does not know it, leaves that to the server.
 */
export const receiverSchemaFor = (allow: AllowList) => z.strictObject({
  name,
  type: z.enum(RECEIVER_TYPES, { error: `must be one of ${RECEIVER_TYPES.join(', ')}` }),
  url: receiverUrlSchema(allow),
  secret: z.string().min(8).max(256).optional(),
});
export const receiverSchema = receiverSchemaFor('unknown');
export type ReceiverConfig = z.infer<typeof receiverSchema>;

/** A whole receiver list (`PUT /receivers`): each receiver valid, no name twice (issue at `[i, 'name']`). */
export const receiverListSchemaFor = (allow: AllowList) => z.array(receiverSchemaFor(allow)).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((r, i) => {
    if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${r.name}" is used twice` });
    seen.add(r.name);
  });
});
/** The list as the browser checks it: internal addresses are left to the server, which knows its allow list. */
export const receiverListSchema = receiverListSchemaFor('unknown');

/**
 * A list's problems named by the paths the API uses and the forms key their fields by: `receivers[1].url`.
 */
export function listIssues(error: z.ZodError, list: string): { field: string; message: string }[] {
  return error.issues.map((i) => {
    const [index, ...rest] = i.path.map(String);
    const field = index === undefined ? list : `${list}[${index}]${rest.map((k) => `.${k}`).join('')}`;
    return { field, message: i.message };
  });
}

/** The longest ack note or silence reason. */
export const NOTE_MAX = 500;

/** `POST /alerts/:id/ack`: an optional note (what is being done); who acked is the token's name. */
export const ackSchema = z.strictObject({ note: safeText().max(NOTE_MAX).default(''), by: serverRecordedBy });

/** The longest silence, in minutes (24 h). */
export const SILENCE_MAX_MINUTES = 1440;

/** `POST /silences`: whole minutes 1-1440 and a reason are required. */
export const silenceSchema = z.strictObject({
  alertId: z.string().min(1).max(200),
  minutes: z.number({ error: `must be whole minutes from 1 to ${SILENCE_MAX_MINUTES}` }).int().min(1).max(SILENCE_MAX_MINUTES),
  reason: safeText().trim().min(1, 'is required: say why it is silenced, for whoever looks next').max(NOTE_MAX),
  by: serverRecordedBy,
});

/** One state change of an alert, as written to the alert log. */
export interface AlertTransition {
  alertId: string;
  from: AlertState;
  to: AlertState;
  at: number;
  value: number | null;
}

/** One entry of the alert log: a state change (`from`/`to`), or an ack or a silence (`kind`). */
export interface HistoryEntry {
  /** The log's stream id (unique, newest first). */
  id: string;
  alertId: string;
  from?: string;
  to?: string;
  kind?: 'acked' | 'silenced';
  at: number;
  value?: number | null;
  by?: string;
  note?: string;
  until?: number;
  reason?: string;
}

/** `GET /api/v1/alerts` */
export interface AlertsReply {
  active: Alert[];
  history: HistoryEntry[];
}

/** One delivery to make: a notification for one receiver, and how many times it was tried. */
export interface Delivery {
  receiver: string;
  notification: Notification;
  attempt: number;
}

/** `reply`: the start of what the receiver answered; shown to the admin only. */
export interface DeadLetter extends Delivery { error: string; reply?: string; at: number }

export interface ReceiverHealth {
  receiver: string;
  lastOkAt: number | null;
  lastErrorAt: number | null;
  /** What went wrong, in Peakwatch's words (never the receiver's reply). */
  lastError: string | null;
  /** The start of the receiver's last non-2xx reply; shown to the admin only (absent for others). */
  lastReply?: string | null;
  failuresInRow: number;
  deadLetters: number;
}

/** `GET /api/v1/receivers/health` */
export interface HealthReply {
  receivers: ReceiverHealth[];
  deadLetters: DeadLetter[];
}
