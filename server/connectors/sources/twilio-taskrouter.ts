/**
 * Twilio TaskRouter event callbacks (the Workspace's Event Callback URL; Flex runs on TaskRouter): a task is a
 * contact. task-queue.entered → queued, reservation.accepted → answered, task.canceled → abandoned,
 * task.completed → resolved; worker.activity.update → agent status.
 *
 * Proof: `X-Twilio-Signature` = base64 HMAC-SHA1(auth token, full URL + each POST parameter's name and value,
 * sorted by name), the algorithm of the `twilio` package's validateRequest: the URL as Twilio called it, tried
 * with and without its port. Twilio signs the public URL, which a server behind a proxy cannot see: it is
 * PEAKWATCH_PUBLIC_URL + path + query, and a signature valid for the URL in the Host headers instead says so.
 */
import type { AgentStatus } from '../../../shared/channels';
import { ConnectorInputError, type ConnectorContext, type ConnectorRequest, type ConnectorType, type Translation, type Verdict } from '../connector';
import { agentChannel, agentStatus, customerId, eventId, hmacMatches, isoMs, mapped, obj, scopedId, str } from './source-kit';

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

export const TWILIO_EVENT = {
  queued: 'task-queue.entered',
  answered: 'reservation.accepted',
  abandoned: 'task.canceled',
  resolved: 'task.completed',
  activity: 'worker.activity.update',
} as const;

/** `TaskChannelUniqueName` → Peakwatch channel; any other task channel passes through by its own name. */
export const TWILIO_CHANNELS: Readonly<Record<string, string>> = { voice: 'voice', chat: 'chat', sms: 'messaging', email: 'email' };

/** `WorkerActivityName` → Peakwatch status; any other activity is away. */
export const TWILIO_STATUSES: Readonly<Record<string, AgentStatus>> = { Available: 'available', Offline: 'offline' };

/** Form parameters, every value of each name, in the order sent. */
export function formParams(raw: Buffer): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) params.set(k, [...(params.get(k) ?? []), v]);
  return params;
}

/** Each parameter name and value, sorted by name (repeated values sorted, once each): what Twilio signs after the URL. */
function paramsString(params: Map<string, string[]>): string {
  let data = '';
  for (const name of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(name))].sort()) data += name + value;
  }
  return data;
}

/** The string Twilio signs: the URL, then each parameter name and value, sorted by name. */
export function twilioSignedString(url: string, params: Map<string, string[]>): string {
  return url + paramsString(params);
}

/** Variants per public URL: a connector is always called at the same URL, so they are built once. */
const variantCache = new Map<string, string[]>();

/** The URL as given, without its port, and with the scheme's standard port written out. */
function urlVariants(url: string): string[] {
  let variants = variantCache.get(url);
  if (!variants) {
    variants = buildVariants(url);
    if (variantCache.size >= 256) variantCache.clear();
    variantCache.set(url, variants);
  }
  return variants;
}

function buildVariants(url: string): string[] {
  const u = new URL(url);
  const noPort = new URL(url);
  noPort.port = '';
  const auth = u.username || u.password ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  const standard = `${u.protocol}//${auth}${u.hostname}:${u.protocol === 'https:' ? 443 : 80}${u.pathname}${u.search}`;
  return [...new Set([u.toString(), noPort.toString(), u.port ? u.toString() : standard])];
}

function signedFor(url: string, params: Map<string, string[]>, secret: string, signature: string): boolean {
  const signedParams = paramsString(params);
  let ok = false;
  // Every variant is compared, so the time taken does not tell which one matched.
  for (const variant of urlVariants(url)) ok = hmacMatches('sha1', secret, Buffer.from(variant + signedParams, 'utf8'), signature) || ok;
  return ok;
}

/** The URLs the request's Host headers point at, for a clearer refusal when PEAKWATCH_PUBLIC_URL is wrong. */
function hostUrls(req: ConnectorRequest): string[] {
  const u = new URL(req.publicUrl);
  const hosts = [req.headers['x-forwarded-host'], req.headers.host].filter((h): h is string => !!h).map((h) => h.split(',')[0]!.trim());
  const protos = [...new Set([req.headers['x-forwarded-proto']?.split(',')[0]?.trim(), 'https', 'http'].filter((p): p is string => !!p))];
  const urls = hosts.flatMap((h) => protos.map((p) => `${p}://${h}${u.pathname}${u.search}`));
  return [...new Set(urls)].filter((x) => {
    try {
      return new URL(x).origin !== u.origin;
    } catch {
      return false;
    }
  });
}

function verify(req: ConnectorRequest, ctx: ConnectorContext): Verdict {
  const signature = req.headers[TWILIO_SIGNATURE_HEADER];
  if (!signature) return { ok: false, reason: 'missing X-Twilio-Signature header' };
  let params: Map<string, string[]>;
  try {
    params = formParams(req.rawBody);
    if (signedFor(req.publicUrl, params, ctx.config.secret, signature)) return { ok: true };
  } catch {
    return { ok: false, reason: `cannot check X-Twilio-Signature: the public URL "${req.publicUrl}" is not a URL (check PEAKWATCH_PUBLIC_URL)` };
  }
  const elsewhere = hostUrls(req).find((url) => signedFor(url, params, ctx.config.secret, signature));
  if (elsewhere !== undefined) {
    return { ok: false, reason: `X-Twilio-Signature is valid for ${elsewhere} but not for the public URL ${req.publicUrl}: set PEAKWATCH_PUBLIC_URL to ${new URL(elsewhere).origin}` };
  }
  return { ok: false, reason: `X-Twilio-Signature does not match (wrong auth token, a changed body, or Twilio called another URL than ${req.publicUrl}: check PEAKWATCH_PUBLIC_URL)` };
}

function parse(req: ConnectorRequest): unknown {
  const contentType = req.headers['content-type'] ?? '';
  if (contentType !== '' && !contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new ConnectorInputError(`body is ${contentType.split(';')[0]}, expected application/x-www-form-urlencoded (a TaskRouter event callback)`);
  }
  const params = Object.fromEntries([...formParams(req.rawBody)].map(([k, v]) => [k, v[0]!]));
  if (!params.EventType) throw new ConnectorInputError('body has no EventType parameter (expected a TaskRouter event callback)');
  return params;
}

/** The event's time: TimestampMs, else Timestamp (epoch seconds), else EventDate. */
function eventTime(p: Record<string, string>): number | undefined {
  if (/^\d{10,16}$/.test(p.TimestampMs ?? '')) return Number(p.TimestampMs);
  if (/^\d{9,11}(\.\d+)?$/.test(p.Timestamp ?? '')) return Math.round(Number(p.Timestamp) * 1000);
  return isoMs(p.EventDate);
}

/** The task's attributes, when they are a JSON object: `reason` the customer's flow may set, `from` the caller or sender. */
function taskAttributes(p: Record<string, string>): Record<string, unknown> | undefined {
  try {
    return obj(JSON.parse(p.TaskAttributes ?? '{}'));
  } catch {
    return undefined;
  }
}

const KINDS: Record<string, 'queued' | 'answered' | 'abandoned' | 'resolved'> = {
  [TWILIO_EVENT.queued]: 'queued', [TWILIO_EVENT.answered]: 'answered',
  [TWILIO_EVENT.abandoned]: 'abandoned', [TWILIO_EVENT.resolved]: 'resolved',
};

function one(p: Record<string, string>, ctx: ConnectorContext): Record<string, unknown> | string {
  const type = p.EventType!;
  const at = eventTime(p);
  const { config } = ctx;
  if (type === TWILIO_EVENT.activity) {
    const worker = str(p.WorkerSid);
    const activity = str(p.WorkerActivityName);
    if (!worker || !activity || at === undefined) return `${type}: needs WorkerSid, WorkerActivityName and Timestamp`;
    return {
      id: eventId(config, `${worker}@${at}`, 'status'), type: 'agent.status', at, channel: agentChannel(config),
      agentId: scopedId(config, worker), status: agentStatus(config, activity, TWILIO_STATUSES[activity] ?? 'away'),
    };
  }
  const kind = KINDS[type];
  if (!kind) return `${type}: not a task lifecycle or worker activity event`;
  const task = str(p.TaskSid);
  const taskChannel = str(p.TaskChannelUniqueName);
  if (!task || !taskChannel || at === undefined) return `${type}: needs TaskSid, TaskChannelUniqueName and Timestamp`;
  const event: Record<string, unknown> = {
    id: eventId(config, task, kind), type: `contact.${kind}`, at,
    channel: mapped(taskChannel, config.channels, TWILIO_CHANNELS) ?? taskChannel.toLowerCase(),
    contactId: scopedId(config, task),
  };
  // The queue is named once, where the task enters it (reservation events carry only its sid).
  if (kind === 'queued') {
    const name = str(p.TaskQueueName);
    const sid = str(p.TaskQueueSid);
    const queue = mapped(name, config.queues, {}) ?? mapped(sid, config.queues, {}) ?? name ?? sid;
    if (queue !== undefined) event.queue = queue;
  }
  const attributes = taskAttributes(p);
  const reason = str(attributes?.reason);
  if (reason !== undefined) event.reason = reason;
  // Who called or wrote (a phone number, a chat identity): the customer, for repeat contacts.
  const customer = kind === 'queued' ? customerId(config, str(attributes?.from)) : undefined;
  if (customer !== undefined) event.customerId = customer;
  return event;
}

function translate(body: unknown, ctx: ConnectorContext): Translation {
  const params = obj(body) as Record<string, string> | undefined;
  if (!params || typeof params.EventType !== 'string') throw new ConnectorInputError('body is not a TaskRouter event callback');
  const out = one(params, ctx);
  return typeof out === 'string' ? { events: [], ignored: [out] } : { events: [out], ignored: [] };
}

/** The parameters of a TaskRouter event callback, as TaskRouter posts them (also the simulator dialect's). */
export function twilioParams(eventType: string, at: number, fields: Record<string, string>): Record<string, string> {
  const resource = eventType.startsWith('worker') ? ['worker', fields.WorkerSid] : eventType.startsWith('reservation') ? ['reservation', fields.ReservationSid] : ['task', fields.TaskSid];
  return {
    AccountSid: 'AC00000000000000000000000000000001', WorkspaceSid: 'WS00000000000000000000000000000001',
    WorkspaceName: 'Flex Task Assignment', EventType: eventType, EventDescription: `${eventType} (Peakwatch simulator)`,
    ResourceType: resource[0]!, ResourceSid: resource[1] ?? '', Timestamp: String(Math.floor(at / 1000)), TimestampMs: String(at),
    ...fields,
  };
}

export const twilioTaskrouter: ConnectorType = {
  type: 'twilio-taskrouter',
  signsUrl: true,
  describe: 'Twilio TaskRouter / Flex event callbacks (form-encoded), signed with the account auth token (X-Twilio-Signature over PEAKWATCH_PUBLIC_URL)',
  verify,
  parse,
  translate,
  sample: (ctx) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(twilioParams(TWILIO_EVENT.queued, ctx.now, {
      TaskSid: `WT${String(ctx.now).padStart(32, '0')}`, TaskChannelUniqueName: 'voice', TaskQueueName: 'Everyone',
      TaskQueueSid: 'WQ00000000000000000000000000000001', TaskAttributes: '{"reason":"where-is-my-order"}', TaskAssignmentStatus: 'pending',
    })).toString(),
  }),
};
