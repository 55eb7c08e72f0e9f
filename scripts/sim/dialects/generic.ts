/**
 * The generic dialect: Peakwatch events in the shape of the generic connector's sample mapping
 * (GENERIC_SAMPLE_MAPPING: `{"events": [{"kind", "time", "ticket": {...}, ...}]}`), with the bearer secret. A
 * generic connector configured with that mapping reads every event back; the mapping has no survey kinds but
 * CSAT, so CES and NPS responses are left unsent.
 */
import type { PeakEvent } from '../../../shared/events';
import { connectorPath } from '../../../shared/connectors';
import { GENERIC_SAMPLE_MAPPING } from '../../../server/connectors/sources/generic';
import type { Dialect } from './dialect';

const KIND_OF = Object.fromEntries(Object.entries(GENERIC_SAMPLE_MAPPING.types ?? {}).map(([kind, type]) => [type, kind]));

/** One event as an item of the sample mapping's shape. */
function item(e: PeakEvent): Record<string, unknown> {
  const base = { kind: KIND_OF[e.type], time: e.at };
  switch (e.type) {
    case 'orders.placed': return { ...base, ticket: { id: e.id }, orders: e.count };
    case 'agent.status': return { ...base, ticket: { id: e.id, channel: e.channel }, agent: { id: e.agentId, state: e.status } };
    case 'csat.submitted':
      return { ...base, ticket: { id: e.contactId ?? e.id, channel: e.channel, group: e.queue, tags: e.reason ? [e.reason] : [] }, rating: e.score };
    default: return { ...base, ticket: { id: e.contactId, channel: e.channel, group: e.queue, tags: e.reason ? [e.reason] : [] } };
  }
}

/** Events per request (a source batching its deliveries). */
const PER_REQUEST = 50;

export const genericDialect: Dialect = {
  type: 'generic',
  encode(events, config) {
    const requests = [];
    const unsent = events.filter((e) => e.type === 'survey.submitted');
    const sent = events.filter((e) => e.type !== 'survey.submitted');
    for (let i = 0; i < sent.length; i += PER_REQUEST) {
      requests.push({
        path: connectorPath(config.name),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${config.secret}` },
        body: JSON.stringify({ events: sent.slice(i, i + PER_REQUEST).map(item) }),
      });
    }
    return { requests, unsent };
  },
};
