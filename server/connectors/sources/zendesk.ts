/**
 * Zendesk event webhooks (`zen:event-type:…`): a ticket is a contact. Created → queued, the first public
 * comment by staff → answered, status solved (or closed) → resolved; agent per-channel status → agent status.
 * Zendesk has no abandon: a ticket waits until someone answers it.
 *
 * Proof: `X-Zendesk-Webhook-Signature` = base64 HMAC-SHA256(signing secret, timestamp header + raw body), and
 * the `X-Zendesk-Webhook-Signature-Timestamp` no further than 5 minutes from the server's clock.
 */
import type { AgentStatus } from '../../../shared/channels';
import { ConnectorInputError, type ConnectorContext, type ConnectorRequest, type ConnectorType, type Translation, type Verdict } from '../connector';
import {
  type Json, agentChannel, agentStatus, customerId, eventId, field, hmacMatches, isoMs, mapped, obj, parseJson, queueName, scopedId, str,
} from './source-kit';

export const ZENDESK_SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const ZENDESK_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';
/** How far the signed timestamp may be from the server's clock, either way. */
export const ZENDESK_REPLAY_WINDOW_MS = 5 * 60_000;

export const ZENDESK_EVENT = {
  created: 'zen:event-type:ticket.created',
  comment: 'zen:event-type:ticket.comment_added',
  status: 'zen:event-type:ticket.status_changed',
  agentState: 'zen:event-type:agent.state_changed',
} as const;

/** Ticket `via.channel` → Peakwatch channel; any other way in counts as email (a ticket). */
export const ZENDESK_CHANNELS: Readonly<Record<string, string>> = {
  email: 'email', mail: 'email', web: 'email', web_form: 'email', web_service: 'email', api: 'email', helpcenter: 'email',
  chat: 'chat', chat_transcript: 'chat', chat_offline_message: 'chat', web_widget: 'chat', mobile_sdk: 'chat',
  voice: 'voice', voicemail: 'voice', phone_call_inbound: 'voice', phone_call_outbound: 'voice',
  api_phone_call_inbound: 'voice', api_voicemail: 'voice',
  native_messaging: 'messaging', sms: 'messaging', text_message: 'messaging', twilio_sms: 'messaging', whatsapp: 'messaging',
  line: 'messaging', telegram: 'messaging', viber: 'messaging', wechat: 'messaging', kakaotalk: 'messaging',
  apple_business_chat: 'messaging', google_business_messages: 'messaging', sunshine_conversations_api: 'messaging',
  facebook: 'social', facebook_message: 'social', facebook_post: 'social', instagram_dm: 'social', twitter: 'social',
  twitter_dm: 'social', sunshine_conversations_facebook_messenger: 'social', sunshine_conversations_twitter_dm: 'social',
};
const FALLBACK_CHANNEL = 'email';

/** Agent status channels (`event.channel` of agent.state_changed) → Peakwatch channel. */
export const ZENDESK_AGENT_CHANNELS: Readonly<Record<string, string>> = { support: 'email', messaging: 'messaging', talk: 'voice' };

/** Agent `new_state` → Peakwatch status; any other (custom) state is away. */
export const ZENDESK_STATUSES: Readonly<Record<string, AgentStatus>> = { online: 'available', away: 'away', offline: 'offline' };

function verify(req: ConnectorRequest, ctx: ConnectorContext): Verdict {
  const signature = req.headers[ZENDESK_SIGNATURE_HEADER];
  const timestamp = req.headers[ZENDESK_TIMESTAMP_HEADER];
  if (!signature) return { ok: false, reason: 'missing X-Zendesk-Webhook-Signature header' };
  if (!timestamp) return { ok: false, reason: 'missing X-Zendesk-Webhook-Signature-Timestamp header' };
  const at = isoMs(timestamp);
  if (at === undefined) return { ok: false, reason: 'X-Zendesk-Webhook-Signature-Timestamp is not an ISO-8601 time' };
  if (Math.abs(ctx.now - at) > ZENDESK_REPLAY_WINDOW_MS) return { ok: false, reason: 'stale timestamp: X-Zendesk-Webhook-Signature-Timestamp is more than 5 minutes from now' };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), req.rawBody]);
  return hmacMatches('sha256', ctx.config.secret, signed, signature)
    ? { ok: true }
    : { ok: false, reason: 'X-Zendesk-Webhook-Signature does not match the body (wrong signing secret, or the body was changed)' };
}

function parse(req: ConnectorRequest): unknown {
  const body = obj(parseJson(req));
  if (!body || typeof body.type !== 'string') throw new ConnectorInputError('body is not a Zendesk event (expected an object with a "type" like "zen:event-type:ticket.created")');
  return body;
}

/** Tags come as an array, or as one space-separated string in some payloads. */
function firstTag(tags: unknown): string | undefined {
  if (Array.isArray(tags)) return str(tags[0]);
  if (typeof tags === 'string') return str(tags.trim().split(/\s+/)[0]);
  return undefined;
}

/** An id Zendesk leaves empty as "" or "0" when there is none. */
function realId(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined || s === '0' ? undefined : s;
}

function ticketEvent(body: Json, ctx: ConnectorContext, kind: 'queued' | 'answered' | 'resolved', at: unknown): Record<string, unknown> | string {
  const detail = obj(body.detail);
  const ticket = str(detail?.id);
  if (!detail || ticket === undefined) return `${String(body.type)}: no detail.id (ticket id)`;
  const time = isoMs(at) ?? isoMs(body.time);
  if (time === undefined) return `${String(body.type)}: no time`;
  const via = str(obj(detail.via)?.channel);
  const { config } = ctx;
  const event: Record<string, unknown> = {
    id: eventId(config, ticket, kind), type: `contact.${kind}`, at: time,
    channel: mapped(via, config.channels, ZENDESK_CHANNELS) ?? FALLBACK_CHANNEL,
    contactId: scopedId(config, ticket),
  };
  const queue = queueName(config, realId(detail.group_id));
  if (queue !== undefined) event.queue = queue;
  const reason = firstTag(detail.tags);
  if (reason !== undefined) event.reason = reason;
  // The ticket's requester: the customer, for repeat contacts.
  const customer = kind === 'queued' ? customerId(config, realId(detail.requester_id)) : undefined;
  if (customer !== undefined) event.customerId = customer;
  return event;
}

function agentEvent(body: Json, ctx: ConnectorContext): Record<string, unknown> | string {
  const ev = obj(body.event);
  const agent = str(obj(body.detail)?.agent_id) ?? str(body.subject)?.replace(/^zen:agent:/, '');
  const state = str(ev?.new_state);
  const at = isoMs(ev?.updated_at) ?? isoMs(body.time);
  const sourceId = str(body.id);
  if (!agent || !state || at === undefined || !sourceId) return `${String(body.type)}: needs detail.agent_id, event.new_state, a time and an id`;
  const { config } = ctx;
  return {
    id: eventId(config, sourceId, 'status'), type: 'agent.status', at,
    channel: mapped(str(ev?.channel), config.channels, ZENDESK_AGENT_CHANNELS) ?? agentChannel(config),
    agentId: scopedId(config, agent),
    status: agentStatus(config, state, ZENDESK_STATUSES[state] ?? 'away'),
  };
}

function one(body: Json, ctx: ConnectorContext): Record<string, unknown> | string {
  const type = String(body.type);
  const ev = obj(body.event);
  switch (type) {
    case ZENDESK_EVENT.created:
      return ticketEvent(body, ctx, 'queued', obj(body.detail)?.created_at);
    case ZENDESK_EVENT.comment: {
      const comment = obj(ev?.comment);
      const author = obj(comment?.author);
      if (field(comment, 'is_public') !== true) return `${type}: private comment`;
      if (author?.is_staff !== true) return `${type}: comment by the requester, not by staff`;
      return ticketEvent(body, ctx, 'answered', body.time);
    }
    case ZENDESK_EVENT.status: {
      const current = (str(ev?.current) ?? str(obj(ev?.current)?.status))?.toLowerCase();
      if (current !== 'solved' && current !== 'closed') return `${type}: status ${current ?? '(none)'} is not solved`;
      return ticketEvent(body, ctx, 'resolved', body.time);
    }
    case ZENDESK_EVENT.agentState:
      return agentEvent(body, ctx);
    default:
      return `${type}: not a ticket lifecycle or agent status event`;
  }
}

function translate(body: unknown, ctx: ConnectorContext): Translation {
  const payload = obj(body);
  if (!payload) throw new ConnectorInputError('body is not a Zendesk event object');
  const out = one(payload, ctx);
  return typeof out === 'string' ? { events: [], ignored: [out] } : { events: [out], ignored: [] };
}

/** A Zendesk event webhook payload, as Zendesk writes one (also what the simulator's dialect sends). */
export function zendeskPayload(p: {
  type: string; id: string; at: number; ticket?: { id: string; via: string; groupId?: string; tags?: string[] };
  event?: Json; agentId?: string;
}): Json {
  const time = new Date(p.at).toISOString();
  const detail: Json = p.ticket
    ? {
      id: p.ticket.id, status: 'OPEN', via: { channel: p.ticket.via }, group_id: p.ticket.groupId ?? '',
      tags: p.ticket.tags ?? [], created_at: time, updated_at: time,
    }
    : { account_id: '2', agent_id: p.agentId ?? '', version: '1' };
  return {
    account_id: 2, detail, event: p.event ?? {}, id: p.id,
    subject: p.ticket ? `zen:ticket:${p.ticket.id}` : `zen:agent:${p.agentId ?? ''}`,
    time, type: p.type, zendesk_event_version: '2022-11-06',
  };
}

export const zendesk: ConnectorType = {
  type: 'zendesk',
  describe: 'Zendesk event webhooks (ticket and agent availability events), signed with the webhook signing secret (HMAC-SHA256, 5-minute window)',
  verify,
  parse,
  translate,
  sample: (ctx) => ({
    contentType: 'application/json',
    body: JSON.stringify(zendeskPayload({
      type: ZENDESK_EVENT.created, id: `sample-${ctx.now}`, at: ctx.now,
      ticket: { id: String(ctx.now % 1_000_000), via: 'web', tags: ['where-is-my-order'] },
    })),
  }),
};
