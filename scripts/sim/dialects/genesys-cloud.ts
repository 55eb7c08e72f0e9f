/**
 * Genesys Cloud's dialect: conversation detail events and routing statuses as the EventBridge events an API
 * destination posts, one per request with the connection's bearer token. An abandon is an acd.end ABANDON
 * followed by the customer's end with no interaction, as Genesys reports it. Routing statuses carry no
 * channel: statuses of other channels than the connector's agent channel, reasons, surveys and orders are left
 * unsent (or, for reasons, out).
 */
import type { PeakEvent } from '../../../shared/events';
import type { ConnectorConfig } from '../../../server/connectors/connector';
import {
  GENESYS_CHANNELS, GENESYS_MESSAGE_TYPES, GENESYS_STATUSES, GENESYS_TOPIC, genesysEvent,
} from '../../../server/connectors/sources/genesys-cloud';
import { type Json, agentChannel } from '../../../server/connectors/sources/source-kit';
import type { Dialect, SourceRequest } from './dialect';
import { bearerJsonHeaders, connectorPath, sourceQueue, sourceValue } from './dialect-kit';

type ContactEvent = Extract<PeakEvent, { type: 'contact.queued' | 'contact.answered' | 'contact.abandoned' | 'contact.resolved' }>;

function media(channel: string, config: ConnectorConfig): Json | undefined {
  const key = sourceValue(channel, config.channels, GENESYS_CHANNELS);
  if (key === undefined) return undefined;
  return GENESYS_MESSAGE_TYPES.has(key) ? { mediaType: 'MESSAGE', messageType: key } : { mediaType: key };
}

function contactEvents(e: ContactEvent, config: ConnectorConfig): Json[] {
  const m = media(e.channel, config);
  if (!m) return [];
  const queueId = sourceQueue(config, e.queue);
  const base: Json = {
    eventTime: e.at, conversationId: e.contactId, participantId: `${e.contactId}-customer`, sessionId: `${e.contactId}-session`,
    ...m, provider: 'Edge', direction: 'INBOUND', divisionId: 'home',
  };
  if (queueId !== undefined) base.queueId = queueId;
  const ev = (topic: string, suffix: string, body: Json) => genesysEvent(topic, e.contactId, `${e.id}${suffix}`, e.at, { ...base, ...body });
  const customerEnd = (interacting: Json) => {
    const { queueId: _queue, ...withoutQueue } = base;
    return genesysEvent(GENESYS_TOPIC.customerEnd, e.contactId, `${e.id}-end`, e.at, { ...withoutQueue, disconnectType: 'ENDPOINT', ...interacting });
  };
  switch (e.type) {
    case 'contact.queued': return [ev(GENESYS_TOPIC.acdStart, '', {})];
    case 'contact.answered': return [ev(GENESYS_TOPIC.acdEnd, '', { acdOutcome: 'ANSWERED', answeredUserId: 'sim-agent', disconnectType: 'TRANSFER' })];
    case 'contact.abandoned': return [ev(GENESYS_TOPIC.acdEnd, '', { acdOutcome: 'ABANDON', disconnectType: 'ENDPOINT' }), customerEnd({ interactingDurationMs: 0 })];
    case 'contact.resolved': return [customerEnd({})];
  }
}

function routingEvent(e: Extract<PeakEvent, { type: 'agent.status' }>, config: ConnectorConfig): Json | undefined {
  const status = sourceValue(e.status, config.statuses, GENESYS_STATUSES);
  if (status === undefined || e.channel !== agentChannel(config)) return undefined;
  return genesysEvent(GENESYS_TOPIC.routingStatus, e.agentId, e.id, e.at, {
    id: e.agentId, routingStatus: { status, startTime: new Date(e.at).toISOString() },
  });
}

export const genesysCloudDialect: Dialect = {
  type: 'genesys-cloud',
  encode(events, config) {
    const requests: SourceRequest[] = [];
    const unsent: PeakEvent[] = [];
    for (const e of events) {
      let payloads: Json[] = [];
      if (e.type === 'agent.status') payloads = [routingEvent(e, config)].filter((p): p is Json => p !== undefined);
      else if (e.type !== 'orders.placed' && e.type !== 'csat.submitted' && e.type !== 'survey.submitted') payloads = contactEvents(e, config);
      if (payloads.length === 0) unsent.push(e);
      for (const p of payloads) requests.push({ path: connectorPath(config), headers: bearerJsonHeaders(config), body: JSON.stringify(p) });
    }
    return { requests, unsent };
  },
};
