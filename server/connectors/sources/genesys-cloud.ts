/**
 * Genesys Cloud through its Amazon EventBridge integration: conversation detail events and user routing
 * statuses, forwarded by an EventBridge API destination. acd.start → queued, acd.end with acdOutcome ANSWERED
 * → answered and ABANDON → abandoned, customer.end after an answer → resolved; routingStatus → agent status.
 *
 * Proof: `Authorization: Bearer <secret>` (the API destination's connection, API key auth).
 */
import type { AgentStatus } from '../../../shared/channels';
import { type ConnectorContext, type ConnectorRequest, type ConnectorType, type Translation } from '../connector';
import {
  translateEach,
  type Json, agentChannel, agentStatus, customerId, eventId, isoMs, mapped, obj, objectList, parseJson, queueName, scopedId, str, verifyBearer,
} from './source-kit';

export const GENESYS_TOPIC = {
  acdStart: 'v2.detail.events.conversation.{id}.acd.start',
  acdEnd: 'v2.detail.events.conversation.{id}.acd.end',
  customerEnd: 'v2.detail.events.conversation.{id}.customer.end',
  routingStatus: 'v2.users.{id}.routingStatus',
} as const;

/** `mediaType` (or, for MESSAGE, its `messageType`) → Peakwatch channel; another passes through by its own name. */
export const GENESYS_CHANNELS: Readonly<Record<string, string>> = {
  VOICE: 'voice', CALLBACK: 'voice', CHAT: 'chat', EMAIL: 'email', WEBMESSAGING: 'chat',
  SMS: 'messaging', WHATSAPP: 'messaging', LINE: 'messaging', OPEN: 'messaging', APPLE: 'messaging',
  FACEBOOK: 'social', TWITTER: 'social', INSTAGRAM: 'social',
};
/** The message types among the channel keys: they come with mediaType MESSAGE. */
export const GENESYS_MESSAGE_TYPES = new Set(['WEBMESSAGING', 'SMS', 'WHATSAPP', 'LINE', 'OPEN', 'APPLE', 'FACEBOOK', 'TWITTER', 'INSTAGRAM']);

/** `routingStatus.status` → Peakwatch status. */
export const GENESYS_STATUSES: Readonly<Record<string, AgentStatus>> = {
  IDLE: 'available', INTERACTING: 'busy', COMMUNICATING: 'busy', NOT_RESPONDING: 'away', OFF_QUEUE: 'offline',
};

const CONVERSATION = /^v2\.detail\.events\.conversation\.([^.]+)\.(acd\.start|acd\.end|customer\.end)$/;
const ROUTING = /^v2\.users\.([^.]+)\.routingStatus$/;

function parse(req: ConnectorRequest): unknown {
  return objectList(parseJson(req), 'EventBridge events from the Genesys Cloud integration');
}

function channelOf(body: Json, config: ConnectorContext['config']): string {
  const media = str(body.mediaType)?.toUpperCase() ?? 'VOICE';
  const key = media === 'MESSAGE' ? (str(body.messageType)?.toUpperCase() ?? media) : media;
  return mapped(key, config.channels, GENESYS_CHANNELS) ?? key.toLowerCase();
}

function conversationEvent(topic: RegExpExecArray, body: Json, envelope: Json, ctx: ConnectorContext): Record<string, unknown> | string {
  const part = topic[2]!;
  const conversation = str(body.conversationId) ?? topic[1]!;
  let kind: 'queued' | 'answered' | 'abandoned' | 'resolved';
  if (part === 'acd.start') kind = 'queued';
  else if (part === 'customer.end') {
    // A customer who leaves without an answer ends with no interaction; the abandon is its acd.end.
    if (body.interactingDurationMs === 0) return 'customer.end: the customer left without an answer (counted by acd.end ABANDON)';
    kind = 'resolved';
  } else {
    const outcome = str(body.acdOutcome);
    if (outcome === 'ANSWERED') kind = 'answered';
    else if (outcome === 'ABANDON') kind = 'abandoned';
    else return `acd.end: acdOutcome ${outcome ?? '(none)'} is neither ANSWERED nor ABANDON`;
  }
  const at = typeof body.eventTime === 'number' ? body.eventTime : isoMs(envelope.time);
  if (at === undefined) return `${part}: no eventTime`;
  const { config } = ctx;
  const event: Record<string, unknown> = {
    id: eventId(config, conversation, kind), type: `contact.${kind}`, at, channel: channelOf(body, config),
    contactId: scopedId(config, conversation),
  };
  const queue = queueName(config, str(body.queueId));
  if (queue !== undefined) event.queue = queue;
  // The customer's address (ANI: the calling number, or the messaging address): the customer, for repeat contacts.
  const customer = kind === 'queued' ? customerId(config, str(body.ani)) : undefined;
  if (customer !== undefined) event.customerId = customer;
  return event;
}

function routingEvent(topic: RegExpExecArray, body: Json, envelope: Json, ctx: ConnectorContext): Record<string, unknown> | string {
  const routing = obj(body.routingStatus);
  const status = str(routing?.status);
  const user = str(body.id) ?? topic[1]!;
  const at = isoMs(routing?.startTime) ?? isoMs(envelope.time);
  if (!status || at === undefined) return 'routingStatus: no routingStatus.status or time';
  const { config } = ctx;
  return {
    id: eventId(config, `${user}@${at}`, 'status'), type: 'agent.status', at, channel: agentChannel(config),
    agentId: scopedId(config, user), status: agentStatus(config, status, GENESYS_STATUSES[status] ?? 'away'),
  };
}

function one(envelope: Json, ctx: ConnectorContext): Record<string, unknown> | string {
  const detail = obj(envelope.detail);
  const topicName = str(detail?.topicName) ?? str(envelope['detail-type']) ?? '(no topic)';
  const body = obj(detail?.eventBody);
  if (!body) return `${topicName}: no detail.eventBody`;
  const conversation = CONVERSATION.exec(topicName);
  if (conversation) return conversationEvent(conversation, body, envelope, ctx);
  const routing = ROUTING.exec(topicName);
  if (routing) return routingEvent(routing, body, envelope, ctx);
  return `${topicName}: not a queue, answer, end or routing status topic`;
}

const translate = (body: unknown, ctx: ConnectorContext): Translation => translateEach(body, ctx, one);

/** An EventBridge event of the Genesys Cloud integration, as it is delivered (also the simulator dialect's). */
export function genesysEvent(topicPattern: string, subject: string, id: string, at: number, eventBody: Json): Json {
  return {
    version: '0', id, 'detail-type': topicPattern,
    source: 'aws.partner/genesys.com/cloud/00000000-0000-0000-0000-000000000000/peakwatch',
    account: '111122223333', time: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region: 'us-east-1', resources: [],
    detail: { topicName: topicPattern.replace('{id}', subject), version: '2', eventBody, metadata: { CorrelationId: id } },
  };
}

export const genesysCloud: ConnectorType = {
  type: 'genesys-cloud',
  describe: 'Genesys Cloud conversation detail events and routing statuses (EventBridge API destination), with Authorization: Bearer <secret>',
  verify: (req, ctx) => verifyBearer(req, ctx.config.secret),
  parse,
  translate,
  sample: (ctx) => ({
    contentType: 'application/json',
    body: JSON.stringify(genesysEvent(GENESYS_TOPIC.acdStart, `sample-${ctx.now}`, `sample-${ctx.now}`, ctx.now, {
      eventTime: ctx.now, conversationId: `sample-${ctx.now}`, participantId: 'sample-participant', sessionId: 'sample-session',
      mediaType: 'VOICE', provider: 'Edge', direction: 'INBOUND', queueId: 'support-queue', divisionId: 'home',
    })),
  }),
};
