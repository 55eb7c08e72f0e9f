/**
 * Any JSON webhook, by a declarative mapping (shared/connectors.ts, `genericMappingSchema`): JSON pointers for
 * each event field, a value map for the event type (and the connector's `statuses` and `channels` maps for agent
 * statuses and channels), constants for what the source never sends. Proved by `Authorization: Bearer <secret>`.
 */
import jsonpointer from 'jsonpointer';
import { type GenericField, type GenericMapping, genericMappingSchema } from '../../../shared/connectors';
import { bearer, safeEqual } from '../../http/auth';
import { type ConnectorContext, type ConnectorType, ConnectorInputError, type Translation } from '../connector';
import { parseJson, record } from '../parse';

const KIND: Record<string, string> = {
  'contact.queued': 'queued', 'contact.answered': 'answered', 'contact.abandoned': 'abandoned', 'contact.resolved': 'resolved',
  'csat.submitted': 'csat', 'orders.placed': 'orders', 'agent.status': 'status',
};

/** A primitive at `pointer` in `item` (objects, arrays and inherited properties do not count). */
function read(item: unknown, pointer: string | undefined): string | number | boolean | undefined {
  if (pointer === undefined) return undefined;
  let v: unknown;
  try {
    v = pointer === '' ? item : jsonpointer.get(item as object, pointer);
  } catch {
    return undefined;
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

/** The mapping sent as a sample (and the simulator's generic dialect posts in its shape). */
export const GENERIC_SAMPLE_MAPPING: GenericMapping = {
  events: '/events',
  fields: {
    type: '/kind', id: '/ticket/id', at: '/time', channel: '/ticket/channel', contactId: '/ticket/id', queue: '/ticket/group',
    reason: '/ticket/tags/0', score: '/rating', agentId: '/agent/id', status: '/agent/state', count: '/orders',
  },
  types: {
    'ticket.created': 'contact.queued', 'ticket.first_reply': 'contact.answered', 'ticket.abandoned': 'contact.abandoned',
    'ticket.solved': 'contact.resolved', 'survey.answered': 'csat.submitted', 'orders.counted': 'orders.placed', 'agent.state': 'agent.status',
  },
  timeUnit: 'ms',
};

function translateItem(item: unknown, m: GenericMapping, ctx: ConnectorContext): Record<string, unknown> | string {
  const { config } = ctx;
  const f = (field: GenericField) => read(item, m.fields[field]);
  const rawType = f('type');
  const type = rawType === undefined ? m.constants?.type : m.types?.[String(rawType)] ?? (m.types ? undefined : String(rawType));
  if (type === undefined) return rawType === undefined ? `no type at ${m.fields.type ?? '(none)'}` : `type "${String(rawType).slice(0, 60)}" is not in the mapping's types`;
  const event: Record<string, unknown> = { type };
  const at = f('at');
  event.at = typeof at === 'number' && m.timeUnit === 's' ? Math.round(at * 1000) : at ?? ctx.now;
  const channel = f('channel');
  const mappedChannel = channel === undefined ? undefined : config.channels?.[String(channel)] ?? String(channel);
  event.channel = mappedChannel ?? m.constants?.channel ?? (type === 'agent.status' ? config.agentChannel ?? 'voice' : undefined);
  const contactId = f('contactId');
  if (contactId !== undefined) event.contactId = `${config.name}:${String(contactId)}`;
  const queue = f('queue');
  const q = queue === undefined ? m.constants?.queue : config.queues?.[String(queue)] ?? String(queue);
  if (q !== undefined) event.queue = q;
  const reason = f('reason') ?? m.constants?.reason;
  if (reason !== undefined) event.reason = String(reason);
  for (const k of ['count', 'score'] as const) {
    const v = f(k);
    if (v !== undefined) event[k] = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  }
  const agentId = f('agentId');
  if (agentId !== undefined) event.agentId = String(agentId);
  const status = f('status');
  if (type === 'agent.status') event.status = status === undefined ? m.constants?.status : config.statuses?.[String(status)] ?? String(status);
  const sourceId = f('id') ?? contactId ?? (agentId === undefined ? undefined : `${String(agentId)}@${String(event.at)}`);
  event.id = `${config.name}:${String(sourceId ?? `@${String(event.at)}`)}:${KIND[type] ?? type}`;
  return event;
}

export const generic: ConnectorType = {
  type: 'generic',
  describe: 'Any JSON webhook, by a mapping of JSON pointers; Authorization: Bearer <secret>',

  verify(req, ctx) {
    const token = bearer(req.headers.authorization);
    if (token === null) return { ok: false, reason: 'no Authorization: Bearer header' };
    return safeEqual(token, ctx.config.secret) ? { ok: true } : { ok: false, reason: 'wrong bearer secret' };
  },

  parse: (req) => parseJson(req.rawBody),

  translate(body, ctx): Translation {
    const parsed = genericMappingSchema.safeParse(ctx.config.mapping);
    if (!parsed.success) throw new ConnectorInputError('the connector has no valid mapping: fix it on the settings page');
    const m = parsed.data;
    let items: unknown = body;
    if (m.events !== undefined && m.events !== '') {
      try {
        items = jsonpointer.get(body as object, m.events);
      } catch {
        items = undefined;
      }
      if (!Array.isArray(items)) throw new ConnectorInputError(`${m.events}: not an array of events in the body`);
    }
    const list = Array.isArray(items) ? items : [items];
    const out: Translation = { events: [], ignored: [] };
    for (const item of list) {
      if (!record(item)) { out.ignored.push('an item that is not a JSON object'); continue; }
      const e = translateItem(item, m, ctx);
      if (typeof e === 'string') out.ignored.push(e);
      else out.events.push(e);
    }
    return out;
  },

  sample(ctx) {
    // Built from the connector's own mapping, so what it shows is what this connector accepts.
    const parsed = genericMappingSchema.safeParse(ctx.config.mapping);
    const m = parsed.success ? parsed.data : GENERIC_SAMPLE_MAPPING;
    const item: Record<string, unknown> = {};
    const put = (field: GenericField, v: unknown) => {
      const p = m.fields[field];
      if (p) jsonpointer.set(item, p, v);
    };
    const typeValue = m.types ? Object.entries(m.types).find(([, t]) => t === 'contact.queued')?.[0] : 'contact.queued';
    if (typeValue !== undefined) put('type', typeValue);
    put('id', 'peakwatch-test-1');
    put('contactId', 'peakwatch-test-1');
    put('at', m.timeUnit === 's' ? Math.floor(ctx.now / 1000) : ctx.now);
    put('channel', Object.keys(ctx.config.channels ?? {})[0] ?? 'chat');
    put('queue', 'peakwatch-test');
    const body: Record<string, unknown> = {};
    if (m.events) jsonpointer.set(body, m.events, [item]);
    return { contentType: 'application/json', body: JSON.stringify(m.events ? body : item) };
  },
};
