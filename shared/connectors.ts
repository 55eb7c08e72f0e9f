/**
 * Connectors as configured (`GET/PUT /api/v1/connectors`) and as their health reads
 * (`GET /api/v1/connectors/health`): the schemas the server validates with and the settings page parses with.
 * What each source type sends and how it is turned into events lives in server/connectors/.
 */
import { z } from 'zod';
import { AGENT_STATUSES } from './channels';
import { EVENT_TYPES } from './events';
import { safeText } from './text';

export const CONNECTOR_TYPES = ['chatwoot', 'zendesk', 'twilio-taskrouter', 'amazon-connect', 'genesys-cloud', 'generic'] as const;
export type ConnectorTypeName = (typeof CONNECTOR_TYPES)[number];

/** A connector's name: its webhook is `POST /api/v1/connectors/<name>`, and its event ids start with it. */
export const CONNECTOR_NAME = /^[a-z0-9-]{1,40}$/;

/** The webhook path of a connector. */
export const connectorPath = (name: string) => `/api/v1/connectors/${name}`;

/** Connectors one `PUT /api/v1/connectors` may hold. */
export const MAX_CONNECTORS = 50;

/** Minutes without a request before a connector counts as silent (`silentAfter`). */
export const SILENT_AFTER_MINUTES = { default: 10, min: 1, max: 1_440 } as const;

/** Fields of a Peakwatch event that a `generic` mapping can read from the posted JSON. */
export const GENERIC_FIELDS = ['type', 'id', 'at', 'channel', 'contactId', 'queue', 'reason', 'count', 'score', 'agentId', 'status'] as const;
export type GenericField = (typeof GENERIC_FIELDS)[number];

const pointer = z.string().max(300).refine((p) => p === '' || p.startsWith('/'), 'must be a JSON pointer such as /ticket/id (or "" for the whole item)');
const sourceValue = z.string().min(1).max(200);
const peakName = safeText().min(1).max(64).regex(/^[^|]+$/, 'must not contain "|"');

/**
 * `generic` only: where each event field is in the posted JSON. `events` points at the array of items (none: the
 * body itself, an array or one object); `fields` are JSON pointers into an item; `constants` fill fields the
 * source never sends; `types` maps the source's value at `fields.type` to a Peakwatch event type (a value not
 * in the map is ignored); `timeUnit` says whether a number at `fields.at` is epoch seconds or milliseconds.
 */
export const genericMappingSchema = z.strictObject({
  events: pointer.optional(),
  fields: z.strictObject(Object.fromEntries(GENERIC_FIELDS.map((f) => [f, pointer.optional()])) as Record<GenericField, z.ZodOptional<typeof pointer>>),
  constants: z.strictObject({
    type: z.enum(EVENT_TYPES).optional(),
    channel: peakName.optional(),
    queue: peakName.optional(),
    reason: peakName.optional(),
    status: z.enum(AGENT_STATUSES).optional(),
  }).optional(),
  types: z.record(sourceValue, z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` })).optional(),
  timeUnit: z.enum(['ms', 's']).optional(),
}).superRefine((m, ctx) => {
  if (m.fields.type === undefined && m.constants?.type === undefined) ctx.addIssue({ code: 'custom', path: ['fields', 'type'], message: 'is required (or constants.type)' });
  if (m.fields.id === undefined && m.fields.contactId === undefined && m.fields.agentId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['fields', 'id'], message: 'is required (or fields.contactId / fields.agentId): event ids are made from it' });
  }
});
export type GenericMapping = z.infer<typeof genericMappingSchema>;

/** A connector's fields, each on its own (`connectorSchema` adds what holds between them). */
export const connectorFieldsSchema = z.strictObject({
  name: z.string().regex(CONNECTOR_NAME, 'must be 1-40 lower-case letters, digits or "-"'),
  type: z.enum(CONNECTOR_TYPES, { error: `must be one of ${CONNECTOR_TYPES.join(', ')}` }),
  secret: z.string().min(8, 'must be at least 8 characters').max(512).optional(),
  channels: z.record(sourceValue, peakName).optional(),
  queues: z.record(z.string().min(1).max(300), peakName).optional(),
  statuses: z.record(sourceValue, z.enum(AGENT_STATUSES, { error: `must be one of ${AGENT_STATUSES.join(', ')}` })).optional(),
  agentChannel: peakName.optional(),
  silentAfter: z.number().int().min(SILENT_AFTER_MINUTES.min).max(SILENT_AFTER_MINUTES.max).optional(),
  mapping: genericMappingSchema.optional(),
});

/** A connector as `PUT` takes it. `secret` may be left out to keep the stored one. */
export const connectorSchema = connectorFieldsSchema.superRefine((c, ctx) => {
  if (c.type === 'generic' && !c.mapping) ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'is required for a generic connector' });
  if (c.type !== 'generic' && c.mapping) ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'is for generic connectors only' });
});
export type ConnectorInput = z.infer<typeof connectorSchema>;

/** A whole list: each connector valid, no name twice. */
export const connectorListSchema = z.array(connectorSchema).max(MAX_CONNECTORS).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((c, i) => {
    if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${c.name}" is used twice` });
    seen.add(c.name);
  });
});

/** The Peakwatch channels a connector names (each must be configured), by the field that names it. */
export function channelsNamed(c: ConnectorInput): { field: string; channel: string }[] {
  const out = Object.entries(c.channels ?? {}).map(([k, channel]) => ({ field: `channels.${k}`, channel }));
  if (c.agentChannel !== undefined) out.push({ field: 'agentChannel', channel: c.agentChannel });
  if (c.mapping?.constants?.channel !== undefined) out.push({ field: 'mapping.constants.channel', channel: c.mapping.constants.channel });
  return out;
}

/** A connector as the API shows it: never the secret. */
export type PublicConnector = Omit<ConnectorInput, 'secret'> & { hasSecret: boolean };

/** One refused request (bad proof), newest first in the health. */
export interface Refusal { at: number; reason: string }

/** `GET /api/v1/connectors/health`: per connector. Times are epoch ms (null: never). */
export interface ConnectorHealth {
  name: string;
  type: ConnectorTypeName;
  /** When the connector was first configured (its silence counts from then until a first request). */
  configuredAt: number | null;
  lastRequestAt: number | null;
  /** When a request last carried an event (accepted or duplicate). */
  lastEventAt: number | null;
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: number;
  /** Requests refused for their proof (401). */
  refused: number;
  lastError: string | null;
  lastErrorAt: number | null;
  /** The latest refusals with their reason (at most REFUSALS_KEPT). */
  refusals: Refusal[];
  silentAfter: number;
}

/** Refusals each connector's health keeps. */
export const REFUSALS_KEPT = 20;

/** `POST /api/v1/connectors/<name>`: what one request did. */
export interface ConnectorReply {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: { index: number; error: string }[];
}
