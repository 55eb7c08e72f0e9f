/**
 * Chatwoot account webhooks. Chatwoot posts one JSON object per event: a conversation's webhook data
 * (`conversation_created`, `conversation_status_changed`) or a message's (`message_created`, `message_updated`,
 * with the conversation inside), `event` naming which. Signed `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret,
 * "<X-Chatwoot-Timestamp>.<raw body>")>`; installations that do not sign put `?token=<secret>` in the URL.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../http/auth';
import { type ConnectorContext, type ConnectorRequest, type ConnectorType, ConnectorInputError, type Translation, type Verdict } from '../connector';
import { parseJson, record } from '../parse';
import { customerId as customerIdOf } from './source-kit';

/** How far the signature's timestamp may be from the server's clock (either way). */
export const CHATWOOT_REPLAY_WINDOW_MS = 5 * 60_000;

/** Chatwoot inbox channel types → Peakwatch channels (a connector's `channels` map overrides them). */
export const CHATWOOT_CHANNELS: Readonly<Record<string, string>> = {
  'Channel::WebWidget': 'chat',
  'Channel::Email': 'email',
  'Channel::Api': 'messaging',
  'Channel::Whatsapp': 'messaging',
  'Channel::Sms': 'messaging',
  'Channel::TwilioSms': 'messaging',
  'Channel::Telegram': 'messaging',
  'Channel::Line': 'messaging',
  'Channel::FacebookPage': 'social',
  'Channel::Instagram': 'social',
  'Channel::TwitterProfile': 'social',
  'Channel::Voice': 'voice',
};

/** Chatwoot's message types: a string in a message event's own data, a number inside a conversation's `messages[]`. */
const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;

/** `message_type` as a name, from either shape. */
export function messageType(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return MESSAGE_TYPES[v] ?? null;
  return null;
}

/** The HMAC Chatwoot sends for a body at a timestamp (seconds, as a string). */
export function chatwootSignature(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** A Chatwoot time: epoch seconds (integer or float: conversations), or an ISO string (a message's `created_at`). */
function timeOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.round(v * 1000);
  if (typeof v === 'string' && v !== '') {
    const ms = Date.parse(v);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

interface Contact { sourceId: string; base: Record<string, unknown> }

/** Contact id, channel, queue (the team) and reason (the first label) of a conversation's webhook data. */
function contactOf(conv: Record<string, unknown>, ctx: ConnectorContext): Contact | null {
  const id = str(conv.id);
  if (id === null) return null;
  const { config } = ctx;
  const channelType = str(conv.channel) ?? '';
  // Unmapped: the source's own name goes through, and the event is rejected naming it.
  const channel = config.channels?.[channelType] ?? CHATWOOT_CHANNELS[channelType] ?? (channelType || 'unknown');
  const team = record(record(conv.meta)?.team);
  const teamName = str(team?.name);
  const teamId = str(team?.id);
  const queue = (teamName !== null ? config.queues?.[teamName] : undefined) ?? (teamId !== null ? config.queues?.[teamId] : undefined) ?? teamName ?? undefined;
  const labels = Array.isArray(conv.labels) ? conv.labels : [];
  const reason = str(labels[0]) ?? undefined;
  const base: Record<string, unknown> = { channel, contactId: `${config.name}:${id}` };
  // The conversation's contact (the customer), for repeat contacts: read on contact.queued only.
  const sender = record(record(conv.meta)?.sender);
  const customer = (sender?.type === undefined || sender.type === 'contact' ? str(sender?.id) : null) ?? str(record(conv.contact_inbox)?.contact_id);
  if (customer !== null) {
    const scoped = customerIdOf(config, customer);
    if (scoped !== undefined) base.customerId = scoped;
  }
  if (queue !== undefined) base.queue = queue;
  if (reason !== undefined) base.reason = reason;
  return { sourceId: id, base };
}

const KIND: Record<string, string> = {
  'contact.queued': 'queued', 'contact.answered': 'answered', 'contact.abandoned': 'abandoned', 'contact.resolved': 'resolved', 'csat.submitted': 'csat',
};

function event(ctx: ConnectorContext, c: Contact, type: keyof typeof KIND, at: number): Record<string, unknown> {
  return { id: `${ctx.config.name}:${c.sourceId}:${KIND[type]}`, type, at, ...c.base };
}

/** The new status of a `conversation_status_changed`: from `changed_attributes`, else the conversation's own. */
function newStatus(body: Record<string, unknown>): string | null {
  const changes = Array.isArray(body.changed_attributes) ? body.changed_attributes : [];
  for (const ch of changes) {
    const s = record(record(ch)?.status);
    if (s && typeof s.current_value === 'string') return s.current_value;
  }
  return str(body.status);
}

function translateConversation(body: Record<string, unknown>, kind: string, ctx: ConnectorContext): Translation {
  const c = contactOf(body, ctx);
  if (!c) return { events: [], ignored: [`${kind}: no conversation id`] };
  if (kind === 'conversation_created') {
    if (body.status !== 'open') return { events: [], ignored: [`conversation_created with status "${String(body.status)}": not waiting for an agent yet`] };
    const at = timeOf(body.created_at);
    return at === null ? { events: [], ignored: ['conversation_created: no created_at'] } : { events: [event(ctx, c, 'contact.queued', at)], ignored: [] };
  }
  const status = newStatus(body);
  // The change's time: Chatwoot touches the conversation's updated_at as its status changes.
  const at = timeOf(body.updated_at) ?? timeOf(body.timestamp);
  if (at === null) return { events: [], ignored: [`${kind}: no updated_at`] };
  if (status === 'open') return { events: [event(ctx, c, 'contact.queued', at)], ignored: [] };
  if (status !== 'resolved') return { events: [], ignored: [`${kind} to "${String(status)}": no change Peakwatch counts`] };
  const firstReply = timeOf(body.first_reply_created_at);
  const events = [event(ctx, c, 'contact.resolved', at)];
  // Resolved without any agent reply: the customer left unanswered.
  if (firstReply === null) events.unshift(event(ctx, c, 'contact.abandoned', at));
  // The first reply is in the conversation's data: a missed or late message_created still counts.
  else events.unshift(event(ctx, c, 'contact.answered', firstReply));
  return { events, ignored: [] };
}

function translateMessage(body: Record<string, unknown>, kind: string, ctx: ConnectorContext): Translation {
  const conv = record(body.conversation);
  const c = conv && contactOf(conv, ctx);
  if (!c) return { events: [], ignored: [`${kind}: no conversation`] };
  if (kind === 'message_updated') {
    const rating = record(record(record(body.content_attributes)?.submitted_values)?.csat_survey_response)?.rating;
    if (body.content_type !== 'input_csat' || rating === undefined || rating === null) return { events: [], ignored: ['message_updated: not a submitted CSAT survey'] };
    // The rating's time: the conversation is touched when its survey message is updated.
    const at = timeOf(conv.updated_at);
    if (at === null) return { events: [], ignored: ['message_updated: the conversation has no updated_at'] };
    return { events: [{ ...event(ctx, c, 'csat.submitted', at), score: rating }], ignored: [] };
  }
  const type = messageType(body.message_type);
  const sender = record(body.sender);
  if (type !== 'outgoing') return { events: [], ignored: [`message_created: ${type ?? 'unknown'} message`] };
  if (body.private === true) return { events: [], ignored: ['message_created: private note'] };
  if (sender?.type !== 'user') return { events: [], ignored: [`message_created: sent by ${str(sender?.type) ?? 'no one named'}, not an agent`] };
  const at = timeOf(body.created_at);
  return at === null ? { events: [], ignored: ['message_created: no created_at'] } : { events: [event(ctx, c, 'contact.answered', at)], ignored: [] };
}

export const chatwoot: ConnectorType = {
  type: 'chatwoot',
  describe: 'Chatwoot account webhook (conversation and message events), signed with the webhook secret, or ?token=<secret>',

  verify(req: ConnectorRequest, ctx: ConnectorContext): Verdict {
    const { secret } = ctx.config;
    const signature = req.headers['x-chatwoot-signature'];
    if (signature === undefined) {
      const token = req.query.token;
      if (token === undefined) return { ok: false, reason: 'no X-Chatwoot-Signature header and no ?token=' };
      return safeEqual(token, secret) ? { ok: true } : { ok: false, reason: 'wrong ?token=' };
    }
    const timestamp = req.headers['x-chatwoot-timestamp'];
    if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Chatwoot-Timestamp missing or not epoch seconds' };
    if (Math.abs(ctx.now - Number(timestamp) * 1000) > CHATWOOT_REPLAY_WINDOW_MS) return { ok: false, reason: 'X-Chatwoot-Timestamp is more than 5 minutes from now (replay or clock skew)' };
    return safeEqual(signature, chatwootSignature(secret, timestamp, req.rawBody)) ? { ok: true } : { ok: false, reason: 'X-Chatwoot-Signature does not match the body' };
  },

  parse: (req) => parseJson(req.rawBody),

  translate(body: unknown, ctx: ConnectorContext): Translation {
    const b = record(body);
    if (!b) throw new ConnectorInputError('body must be a JSON object with an "event"');
    const kind = str(b.event);
    if (kind === null) throw new ConnectorInputError('event: missing (a Chatwoot webhook names its event)');
    if (kind === 'conversation_created' || kind === 'conversation_status_changed') return translateConversation(b, kind, ctx);
    if (kind === 'message_created' || kind === 'message_updated') return translateMessage(b, kind, ctx);
    return { events: [], ignored: [`${kind.slice(0, 60)}: not an event Peakwatch counts`] };
  },

  sample(ctx: ConnectorContext) {
    const at = Math.floor(ctx.now / 1000);
    const body = {
      event: 'conversation_created', id: 4242, inbox_id: 1, channel: 'Channel::WebWidget', status: 'open', labels: ['where-is-my-order'],
      meta: { sender: { id: 7, name: 'Test customer', type: 'contact' }, assignee: null, team: { id: 1, name: 'peakwatch-test' } },
      messages: [{ id: 1, content: 'Hello', message_type: 0, created_at: at, private: false }],
      first_reply_created_at: null, created_at: at, timestamp: at, updated_at: at, waiting_since: at, additional_attributes: {}, custom_attributes: {},
    };
    return { contentType: 'application/json', body: JSON.stringify(body) };
  },
};
