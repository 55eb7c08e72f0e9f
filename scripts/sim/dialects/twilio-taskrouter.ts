/**
 * Twilio TaskRouter's dialect: one form-encoded event callback per event, signed as Twilio signs (HMAC-SHA1 of
 * the public URL and the sorted parameters). A worker's activity carries no channel: agent statuses of other
 * channels than the connector's agent channel, "busy" (no activity means it by default), surveys and orders are
 * left unsent.
 */
import { createHmac } from 'node:crypto';
import type { PeakEvent } from '../../../shared/events';
import type { ConnectorConfig } from '../../../server/connectors/connector';
import { agentChannel, mapped } from '../../../server/connectors/sources/source-kit';
import {
  TWILIO_CHANNELS, TWILIO_EVENT, TWILIO_STATUSES, formParams, twilioParams, twilioSignedString,
} from '../../../server/connectors/sources/twilio-taskrouter';
import type { Dialect, SourceRequest } from './dialect';
import { connectorPath, sourceQueue, sourceValue } from './dialect-kit';

/** `X-Twilio-Signature` for a form body posted to `url`. */
export function twilioSignature(authToken: string, url: string, body: string): string {
  return createHmac('sha1', authToken).update(twilioSignedString(url, formParams(Buffer.from(body, 'utf8')))).digest('base64');
}

/** The task channel unique name that translates back to `channel`, or undefined. */
function taskChannel(channel: string, config: ConnectorConfig): string | undefined {
  const known = sourceValue(channel, config.channels, TWILIO_CHANNELS);
  if (known !== undefined) return known;
  return mapped(channel, config.channels, TWILIO_CHANNELS) === undefined ? channel : undefined;
}

/** The activity name that translates back to `status`; "Break" stands for any activity that means away. */
function activityName(status: string, config: ConnectorConfig): string | undefined {
  const known = sourceValue(status, config.statuses, TWILIO_STATUSES);
  if (known !== undefined) return known;
  return status === 'away' && mapped('Break', config.statuses, TWILIO_STATUSES) === undefined ? 'Break' : undefined;
}

const TASK_EVENT = {
  'contact.queued': [TWILIO_EVENT.queued, 'pending'],
  'contact.answered': [TWILIO_EVENT.answered, 'assigned'],
  'contact.abandoned': [TWILIO_EVENT.abandoned, 'canceled'],
  'contact.resolved': [TWILIO_EVENT.resolved, 'completed'],
} as const;

function paramsFor(e: PeakEvent, config: ConnectorConfig): Record<string, string> | undefined {
  if (e.type === 'agent.status') {
    const activity = activityName(e.status, config);
    if (activity === undefined || e.channel !== agentChannel(config)) return undefined;
    return twilioParams(TWILIO_EVENT.activity, e.at, {
      WorkerSid: e.agentId, WorkerName: e.agentId, WorkerActivityName: activity,
      WorkerActivitySid: `WA${activity.toLowerCase().padEnd(32, '0')}`, WorkerAttributes: '{}',
    });
  }
  if (!(e.type in TASK_EVENT)) return undefined;
  const contact = e as Extract<PeakEvent, { type: keyof typeof TASK_EVENT }>;
  const channel = taskChannel(contact.channel, config);
  if (channel === undefined) return undefined;
  const [eventType, status] = TASK_EVENT[contact.type];
  const queue = sourceQueue(config, contact.queue);
  const fields: Record<string, string> = {
    TaskSid: contact.contactId, TaskChannelUniqueName: channel, TaskAssignmentStatus: status, TaskPriority: '0', TaskAge: '0',
    TaskAttributes: JSON.stringify(contact.reason === undefined ? {} : { reason: contact.reason }),
  };
  if (queue !== undefined && contact.type === 'contact.queued') fields.TaskQueueName = queue;
  if (contact.type === 'contact.answered') Object.assign(fields, { ReservationSid: `WR${contact.id}`, WorkerSid: 'WK00000000000000000000000000000001' });
  if (contact.type === 'contact.abandoned') fields.TaskCanceledReason = 'hangup';
  if (contact.type === 'contact.resolved') fields.TaskCompletedReason = 'Task completed';
  return twilioParams(eventType, contact.at, fields);
}

export const twilioTaskrouterDialect: Dialect = {
  type: 'twilio-taskrouter',
  encode(events, config, { publicUrl }) {
    const requests: SourceRequest[] = [];
    const unsent: PeakEvent[] = [];
    const path = connectorPath(config);
    const url = publicUrl.replace(/\/+$/, '') + path;
    for (const e of events) {
      const params = paramsFor(e, config);
      if (!params) {
        unsent.push(e);
        continue;
      }
      const body = new URLSearchParams(params).toString();
      requests.push({
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(config.secret, url, body) },
        body,
      });
    }
    return { requests, unsent };
  },
};
