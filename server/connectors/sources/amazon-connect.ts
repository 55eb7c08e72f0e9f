/**
 * Amazon Connect: contact events from EventBridge (detail-type "Amazon Connect Contact Event"), forwarded by an
 * EventBridge API destination, and agent event stream records (the Kinesis stream's JSON records, forwarded
 * as they are). QUEUED → queued, CONNECTED_TO_AGENT → answered, DISCONNECTED after an agent → resolved,
 * DISCONNECTED from a queue without an agent → abandoned; an agent's status from its snapshot.
 *
 * Proof: `Authorization: Bearer <secret>` (the API destination's connection, API key auth).
 */
import type { AgentStatus } from '../../../shared/channels';
import { ConnectorInputError, type ConnectorContext, type ConnectorRequest, type ConnectorType, type Translation } from '../connector';
import {
  translateEach,
  type Json, agentChannel, agentStatus, eventId, field, isoMs, mapped, obj, objectList, parseJson, scopedId, str, verifyBearer,
} from './source-kit';

export const CONNECT_CONTACT_EVENT = 'Amazon Connect Contact Event';

/** Contact `channel` → Peakwatch channel; another channel passes through by its own name. */
export const CONNECT_CHANNELS: Readonly<Record<string, string>> = { VOICE: 'voice', CHAT: 'chat', TASK: 'email', EMAIL: 'email' };

/** Agent status names with a fixed meaning; "Available" is busy while the agent has a contact, any other is away. */
export const CONNECT_STATUSES: Readonly<Record<string, AgentStatus>> = { Available: 'available', Offline: 'offline' };

/** Contact states of an agent snapshot that do not occupy the agent. */
const IDLE_CONTACT_STATES = new Set(['MISSED', 'REJECTED', 'ERROR']);

/** The last path segment of an ARN (the queue's or agent's id), or the value itself. */
export function arnId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}

/** The JSON records of a Kinesis event (`Records[].kinesis.data`, base64), when a forwarder posts the event itself. */
function kinesisRecords(body: Json): Json[] | undefined {
  if (!Array.isArray(body.Records)) return undefined;
  return body.Records.map((r, i) => {
    const data = str(obj(obj(r)?.kinesis)?.data);
    if (data === undefined) throw new ConnectorInputError(`Records[${i}] has no kinesis.data`);
    try {
      const record = obj(JSON.parse(Buffer.from(data, 'base64').toString('utf8')));
      if (record) return record;
    } catch {
      // fall through to the error below
    }
    throw new ConnectorInputError(`Records[${i}].kinesis.data is not base64 of a JSON object`);
  });
}

function parse(req: ConnectorRequest): unknown {
  const body = parseJson(req);
  const single = obj(body);
  const records = single ? kinesisRecords(single) : undefined;
  return records ?? objectList(body, 'EventBridge events or agent event stream records');
}

function contactEvent(envelope: Json, ctx: ConnectorContext): Record<string, unknown> | string {
  const detail = obj(envelope.detail);
  const type = str(field(detail, 'eventType'));
  const contact = str(field(detail, 'contactId'));
  if (!detail || !type || !contact) return 'contact event without detail.eventType and detail.contactId';
  const queueInfo = field(detail, 'queueInfo');
  const agentInfo = field(detail, 'agentInfo');
  const queue = obj(queueInfo);
  const agent = obj(agentInfo);
  let kind: 'queued' | 'answered' | 'abandoned' | 'resolved';
  let at: unknown;
  if (type === 'QUEUED') [kind, at] = ['queued', field(queue, 'enqueueTimestamp')];
  else if (type === 'CONNECTED_TO_AGENT') [kind, at] = ['answered', field(agent, 'connectedToAgentTimestamp')];
  else if (type === 'DISCONNECTED' && agentInfo != null) [kind, at] = ['resolved', field(detail, 'disconnectTimestamp')];
  else if (type === 'DISCONNECTED' && queueInfo != null) [kind, at] = ['abandoned', field(detail, 'disconnectTimestamp')];
  else if (type === 'DISCONNECTED') return 'DISCONNECTED: the contact never reached a queue (self-service or outbound)';
  else return `${type}: not a queue, answer or disconnect event`;
  const time = isoMs(at) ?? isoMs(envelope.time);
  if (time === undefined) return `${type}: no timestamp`;
  const { config } = ctx;
  const sourceChannel = str(field(detail, 'channel'))?.toUpperCase() ?? 'VOICE';
  const event: Record<string, unknown> = {
    id: eventId(config, contact, kind), type: `contact.${kind}`, at: time,
    channel: mapped(sourceChannel, config.channels, CONNECT_CHANNELS) ?? sourceChannel.toLowerCase(),
    contactId: scopedId(config, contact),
  };
  const arn = str(field(queue, 'queueArn')) ?? str(queue?.ARN);
  if (arn !== undefined) event.queue = mapped(arn, config.queues, {}) ?? mapped(arnId(arn), config.queues, {}) ?? arnId(arn);
  const reason = [field(detail, 'attributes'), field(detail, 'contactDetails'), field(detail, 'tags')]
    .map((o) => str(obj(o)?.reason)).find((r) => r !== undefined);
  if (reason !== undefined) event.reason = reason;
  return event;
}

function agentEvent(record: Json, ctx: ConnectorContext): Record<string, unknown> | string {
  const type = str(record.EventType);
  const arn = str(record.AgentARN);
  const sourceId = str(record.EventId);
  const at = isoMs(record.EventTimestamp);
  if (!type || !arn || !sourceId || at === undefined) return 'agent event without EventType, AgentARN, EventId and EventTimestamp';
  const snapshot = obj(record.CurrentAgentSnapshot);
  const name = str(obj(snapshot?.AgentStatus)?.Name);
  const { config } = ctx;
  let status: AgentStatus;
  if (type === 'LOGOUT') status = 'offline';
  else if (name === undefined) return `${type}: no CurrentAgentSnapshot.AgentStatus.Name`;
  else {
    const contacts = Array.isArray(snapshot?.Contacts) ? snapshot.Contacts : [];
    const occupied = contacts.some((c) => !IDLE_CONTACT_STATES.has(str(obj(c)?.State) ?? ''));
    const fallback = name === 'Available' && occupied ? 'busy' : (CONNECT_STATUSES[name] ?? 'away');
    status = agentStatus(config, name, fallback);
  }
  return {
    id: eventId(config, sourceId, 'status'), type: 'agent.status', at, channel: agentChannel(config),
    agentId: scopedId(config, arnId(arn)), status,
  };
}

function one(item: Json, ctx: ConnectorContext): Record<string, unknown> | string {
  if (item['detail-type'] !== undefined) {
    return item['detail-type'] === CONNECT_CONTACT_EVENT ? contactEvent(item, ctx) : `${String(item['detail-type'])}: not a contact event`;
  }
  if (item.AgentARN !== undefined) return agentEvent(item, ctx);
  return 'neither an EventBridge event nor an agent event stream record';
}

const translate = (body: unknown, ctx: ConnectorContext): Translation => translateEach(body, ctx, one);

/** An EventBridge "Amazon Connect Contact Event", as EventBridge delivers one (also the simulator dialect's). */
export function connectContactEvent(id: string, at: number, detail: Json): Json {
  return {
    version: '0', id, 'detail-type': CONNECT_CONTACT_EVENT, source: 'aws.connect', account: '111122223333',
    time: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'), region: 'us-east-1',
    resources: ['arn:aws:connect:us-east-1:111122223333:instance/12345678-1234-1234-1234-123456789012'], detail,
  };
}

export const amazonConnect: ConnectorType = {
  type: 'amazon-connect',
  describe: 'Amazon Connect contact events (EventBridge API destination) and agent event stream records, with Authorization: Bearer <secret>',
  verify: (req, ctx) => verifyBearer(req, ctx.config.secret),
  parse,
  translate,
  sample: (ctx) => ({
    contentType: 'application/json',
    body: JSON.stringify(connectContactEvent(`sample-${ctx.now}`, ctx.now, {
      eventType: 'QUEUED', contactId: `sample-${ctx.now}`, channel: 'VOICE', initiationMethod: 'INBOUND',
      initiationTimestamp: new Date(ctx.now).toISOString(),
      queueInfo: {
        queueType: 'STANDARD', enqueueTimestamp: new Date(ctx.now).toISOString(),
        queueArn: 'arn:aws:connect:us-east-1:111122223333:instance/12345678-1234-1234-1234-123456789012/queue/BasicQueue',
      },
      tags: { reason: 'where-is-my-order' },
    })),
  }),
};
