/**
 * Zendesk's dialect: one event webhook per event, signed as Zendesk signs (HMAC-SHA256 of timestamp + body).
 * Zendesk has no abandon, no "busy" agent state and no survey or orders event: those are left unsent.
 */
import { createHmac } from 'node:crypto';
import type { PeakEvent } from '../../../shared/events';
import type { ConnectorConfig } from '../../../server/connectors/connector';
import {
  ZENDESK_AGENT_CHANNELS, ZENDESK_CHANNELS, ZENDESK_EVENT, ZENDESK_STATUSES, zendeskPayload,
} from '../../../server/connectors/sources/zendesk';
import type { Json } from '../../../server/connectors/sources/source-kit';
import type { Dialect, SourceRequest } from './dialect';
import { connectorPath, sourceQueue, sourceValue } from './dialect-kit';

/** Zendesk's signature headers over `body`, stamped `now` (ISO-8601 to the second, as Zendesk sends it). */
export function zendeskHeaders(secret: string, body: string, now: number): Record<string, string> {
  const timestamp = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const signature = createHmac('sha256', secret).update(timestamp + body).digest('base64');
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-id': '01GK8E6BKWMJZD2T8Y5AXJQMG5',
    'x-zendesk-webhook-signature': signature,
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
}

function payloadFor(e: PeakEvent, config: ConnectorConfig): Json | undefined {
  if (e.type === 'agent.status') {
    const state = sourceValue(e.status, config.statuses, ZENDESK_STATUSES);
    const channel = sourceValue(e.channel, config.channels, ZENDESK_AGENT_CHANNELS);
    if (state === undefined || channel === undefined) return undefined;
    return zendeskPayload({
      type: ZENDESK_EVENT.agentState, id: e.id, at: e.at, agentId: e.agentId,
      event: { updated_at: new Date(e.at).toISOString(), previous_state: 'offline', new_state: state, channel },
    });
  }
  if (e.type !== 'contact.queued' && e.type !== 'contact.answered' && e.type !== 'contact.resolved') return undefined;
  const via = sourceValue(e.channel, config.channels, ZENDESK_CHANNELS);
  if (via === undefined) return undefined;
  const ticket = { id: e.contactId, via, groupId: sourceQueue(config, e.queue), tags: e.reason === undefined ? [] : [e.reason] };
  if (e.type === 'contact.queued') return zendeskPayload({ type: ZENDESK_EVENT.created, id: e.id, at: e.at, ticket, event: { current: { status: 'NEW' } } });
  if (e.type === 'contact.answered') {
    return zendeskPayload({
      type: ZENDESK_EVENT.comment, id: e.id, at: e.at, ticket,
      event: { comment: { id: e.id, body: 'Thanks for waiting, looking into it now.', is_public: true, author: { id: '8447388090495', is_staff: true, name: 'Support Agent' } } },
    });
  }
  return zendeskPayload({ type: ZENDESK_EVENT.status, id: e.id, at: e.at, ticket, event: { current: 'SOLVED', previous: 'OPEN' } });
}

export const zendeskDialect: Dialect = {
  type: 'zendesk',
  encode(events, config, { now }) {
    const requests: SourceRequest[] = [];
    const unsent: PeakEvent[] = [];
    for (const e of events) {
      const payload = payloadFor(e, config);
      if (!payload) {
        unsent.push(e);
        continue;
      }
      const body = JSON.stringify(payload);
      requests.push({ path: connectorPath(config), headers: zendeskHeaders(config.secret, body, now), body });
    }
    return { requests, unsent };
  },
};
