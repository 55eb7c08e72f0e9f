/**
 * Amazon Connect's dialect: each contact event as the EventBridge event an API destination posts, each agent
 * status as an agent event stream record, one per request with the connection's bearer token. Agent records
 * carry no channel: statuses of other channels than the connector's agent channel, csat and orders are left
 * unsent, and so are channels no Connect channel maps to (messaging and social by default).
 */
import type { PeakEvent } from '../../../shared/events';
import type { ConnectorConfig } from '../../../server/connectors/connector';
import { CONNECT_CHANNELS, CONNECT_STATUSES, connectContactEvent } from '../../../server/connectors/sources/amazon-connect';
import { type Json, agentChannel, mapped } from '../../../server/connectors/sources/source-kit';
import type { Dialect, SourceRequest } from './dialect';
import { bearerJsonHeaders, connectorPath, sourceQueue, sourceValue } from './dialect-kit';

const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/12345678-1234-1234-1234-123456789012';

const iso = (ms: number) => new Date(ms).toISOString();

/** The status name that translates back to `status`: "Available" with a contact is busy, "Break" is away. */
function statusSnapshot(status: string, config: ConnectorConfig): { name: string; busy: boolean } | undefined {
  const named = sourceValue(status, config.statuses, CONNECT_STATUSES);
  if (named !== undefined) return { name: named, busy: false };
  if (status === 'busy' && !Object.hasOwn(config.statuses ?? {}, 'Available')) return { name: 'Available', busy: true };
  if (status === 'away' && mapped('Break', config.statuses, CONNECT_STATUSES) === undefined) return { name: 'Break', busy: false };
  return undefined;
}

function agentRecord(e: Extract<PeakEvent, { type: 'agent.status' }>, config: ConnectorConfig): Json | undefined {
  const snapshot = statusSnapshot(e.status, config);
  if (snapshot === undefined || e.channel !== agentChannel(config)) return undefined;
  return {
    AWSAccountId: '111122223333', AgentARN: `${INSTANCE}/agent/${e.agentId}`, EventId: e.id, EventTimestamp: iso(e.at),
    EventType: 'STATE_CHANGE', InstanceARN: INSTANCE, Version: '2019-05-25',
    CurrentAgentSnapshot: {
      AgentStatus: { ARN: `${INSTANCE}/agent-state/${snapshot.name}`, Name: snapshot.name, StartTimestamp: iso(e.at) },
      Configuration: { Username: e.agentId },
      Contacts: snapshot.busy
        ? [{ ContactId: `${e.id}-contact`, Channel: 'VOICE', InitiationMethod: 'INBOUND', State: 'CONNECTED', StateStartTimestamp: iso(e.at) }]
        : [],
    },
  };
}

function contactEvent(e: Extract<PeakEvent, { contactId: string; type: `contact.${string}` }>, config: ConnectorConfig): Json | undefined {
  const channel = sourceValue(e.channel, config.channels, CONNECT_CHANNELS);
  if (channel === undefined) return undefined;
  const queue = sourceQueue(config, e.queue);
  const detail: Json = {
    contactId: e.contactId, channel, instanceArn: INSTANCE, initiationMethod: 'INBOUND', initiationTimestamp: iso(e.at),
    eventType: e.type === 'contact.queued' ? 'QUEUED' : e.type === 'contact.answered' ? 'CONNECTED_TO_AGENT' : 'DISCONNECTED',
  };
  // Every Connect contact that reaches an agent or abandons has waited in a queue: queueInfo says so.
  detail.queueInfo = { queueType: 'STANDARD', enqueueTimestamp: iso(e.at) };
  if (queue !== undefined) (detail.queueInfo as Json).queueArn = queue.startsWith('arn:') ? queue : `${INSTANCE}/queue/${queue}`;
  if (e.type === 'contact.answered' || e.type === 'contact.resolved') {
    detail.agentInfo = { agentArn: `${INSTANCE}/agent/sim-agent`, connectedToAgentTimestamp: iso(e.at) };
  }
  if (e.type === 'contact.abandoned' || e.type === 'contact.resolved') detail.disconnectTimestamp = iso(e.at);
  if (e.reason !== undefined) detail.tags = { reason: e.reason };
  return connectContactEvent(e.id, e.at, detail);
}

export const amazonConnectDialect: Dialect = {
  type: 'amazon-connect',
  encode(events, config) {
    const requests: SourceRequest[] = [];
    const unsent: PeakEvent[] = [];
    for (const e of events) {
      let payload: Json | undefined;
      if (e.type === 'agent.status') payload = agentRecord(e, config);
      else if (e.type === 'contact.queued' || e.type === 'contact.answered' || e.type === 'contact.abandoned' || e.type === 'contact.resolved') payload = contactEvent(e, config);
      if (!payload) {
        unsent.push(e);
        continue;
      }
      requests.push({ path: connectorPath(config), headers: bearerJsonHeaders(config), body: JSON.stringify(payload) });
    }
    return { requests, unsent };
  },
};
