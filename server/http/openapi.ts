import { createRequire } from 'node:module';
import { HOME_PAGE, PAGES, PAGE_NAMES } from '../../shared/pages';
import { Router } from 'express';
import { z } from 'zod';
import { createDocument, type ZodOpenApiPathsObject, type oas31 } from 'zod-openapi';
import { receiverSchema, ruleSchema } from '../../shared/alerts';
import { annotationInputSchema } from '../../shared/annotations';
import { channelsPutSchema, channelsSettingsSchema } from '../../shared/channel-state';
import { OTHER_NAME } from '../../shared/cardinality';
import { CONNECTOR_TYPES, MAX_CONNECTORS, connectorFieldsSchema, connectorSchema } from '../../shared/connectors';
import { INGEST_LIMITS, eventSchema } from '../../shared/events';
import { EVENT_STATES, RETRACT_MAX_IDS, retractSchema } from '../../shared/retract';
import { targetsSchema } from '../../shared/targets';
import { displaySchema } from '../../shared/display';
import { waitQuerySchema, waitReplySchema } from '../../shared/wait';
import { seriesQuerySchema } from '../metrics/series';
import { HISTORY_CSV_COLUMNS, HISTORY_CSV_OPTIONAL_COLUMNS } from '../../shared/history';
import { historyQuerySchema } from '../history/query';
import { HISTORY_UPLOAD_LIMIT } from './history-routes';
import { ackSchema, silenceSchema } from '../../shared/alerts';
import { ALERT_HISTORY_LIMIT, MAX_RULES } from './alert-routes';
import { errorBodySchema } from './errors';
import { json, op, queryParam, typed } from './openapi-op';
import { ROLES } from '../config/config';

/**
 * The HTTP API as an OpenAPI 3.1 document, generated from the zod schemas the routes validate with. Served at
 * `GET /api/v1/openapi.json` and written to docs/openapi.json (`npm run docs:openapi`); a test checks that
 * every route of the app is listed here and that the file is up to date.
 */

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const events = z.array(eventSchema.meta({ id: 'Event' })).max(INGEST_LIMITS.maxEvents);
const publicReceivers = z.array(receiverSchema.omit({ secret: true }).extend({ hasSecret: z.boolean() }));
const idPath = z.object({ id: z.string() });
const publicConnectors = z.array(connectorFieldsSchema.omit({ secret: true }).extend({ hasSecret: z.boolean() }));
const namePath = z.object({ name: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const connectorReply = typed('ConnectorReply', 'shared/connectors.ts');

/** Pages of the web client (the single-page app's index.html): `/` is the home page's. */
const CLIENT_PAGES: Record<string, string> = Object.fromEntries([
  ['/', `The start page: ${PAGES[HOME_PAGE].summary}`],
  ...PAGE_NAMES.map((p) => [PAGES[p].path, PAGES[p].summary]),
]);

function paths(): ZodOpenApiPathsObject {
  const p: ZodOpenApiPathsObject = {
    '/api/v1/events': { post: op({
      tag: 'ingest', access: 'ingest', summary: 'Send events',
      description: `A JSON array of events, or \`{"events": [...]}\`; at most ${INGEST_LIMITS.maxEvents} events and ${INGEST_LIMITS.maxBodyBytes} bytes. `
        + 'Any Content-Type is read as JSON. Each event is checked on its own: a bad one is listed in `rejected` (with its index and a message '
        + 'naming the field) and the valid ones are applied. An id seen before is a duplicate and changes nothing. Answered after Redis applied '
        + 'the events. Field limits and the metrics they feed: docs/METRICS.md.',
      body: { required: true, content: json(z.union([events, z.object({ events })])) },
      ok: { description: '`{"accepted": n, "duplicates": n, "rejected": [{"index": i, "error": "..."}]}`', content: json(typed('IngestResult', 'server/ingest/ingest.ts')) },
      errors: [400, 413],
    }) },
    '/api/v1/events/retract': { post: op({
      tag: 'ingest', access: 'admin', summary: 'Retract events: withdraw what they did, as if they had never been received',
      description: `At most ${RETRACT_MAX_IDS} distinct ids. Every figure the events moved is restored (a contact is recomputed from its other `
        + 'events; an agent\'s status falls back to the one before). Idempotent. A retracted id stays out when it is sent again, and an id not '
        + 'received yet is remembered so that its event stays out when it arrives (counted in `unknown`), both for the duplicate window; an '
        + 'event received longer ago than the duplicate window is `unknown` and cannot be retracted. Every screen redraws.',
      body: { required: true, content: json(retractSchema) },
      ok: { description: '`retracted`: ids whose events no longer count (withdrawn now or before); `unknown`: the others', content: json(z.object({ retracted: z.number().int(), unknown: z.number().int() })) },
      errors: [400, 413],
    }) },
    '/api/v1/events/{id}': { get: op({
      tag: 'ingest', access: 'admin', summary: 'Find an event by id: what it was and whether it counts',
      description: `\`state\`: ${EVENT_STATES.map((s) => `\`${s}\``).join(', ')}. \`event\`: what the event did (null when unknown, or retracted before it arrived), kept for the duplicate window.`,
      path: idPath,
      ok: { description: '`{"id": "...", "state": "applied", "event": {"type": "...", "at": 0, ...}}`', content: json(typed('EventLookup', 'shared/retract.ts')) },
      errors: [400],
    }) },
    '/api/v1/whoami': { get: op({
      tag: 'figures', access: 'viewer', summary: 'The role of the token',
      ok: { description: 'The role', content: json(z.object({ role: z.enum(ROLES) })) },
    }) },
    '/api/v1/snapshot': { get: op({
      tag: 'figures', access: 'viewer', summary: 'All current figures',
      description: 'Per channel live gauges and the 15m, 60m and today windows, totals across channels, top reasons, active alerts, annotations, targets, '
        + `and \`cardinality\`: queue and reason names against their limits and the contacts counted under \`${OTHER_NAME}\` beyond them. Definitions: docs/METRICS.md.`,
      params: [queryParam('queues', '`1` or `true`: add per-queue figures under `channels.<ch>.queues`', { type: 'string', enum: ['1', 'true'] })],
      ok: { description: 'The snapshot', content: json(typed('Snapshot', 'shared/snapshot.ts')) },
    }) },
    '/api/v1/series': { get: op({
      tag: 'figures', access: 'viewer', summary: 'One metric over time, for charts',
      description: '`channel` is a configured channel or `total`. Intervals start at multiples of `step` since the epoch. '
        + '`reasonIntensity` is one contact reason\'s contacts per order (`reason=`, across channels); definitions: docs/METRICS.md.',
      query: seriesQuerySchema,
      ok: { description: 'The points', content: json(typed('Series', 'shared/series.ts')) },
      errors: [400],
    }) },
    '/api/v1/targets': {
      get: op({ tag: 'configuration', access: 'viewer', summary: 'Targets and thresholds', ok: { description: 'The targets', content: json(targetsSchema) } }),
      put: op({
        tag: 'configuration', access: 'admin', summary: 'Replace the targets',
        description: 'Channels left out of `channels` keep their targets; a channel that is not configured is a 400. Every screen recolours at once.',
        body: { required: true, content: json(targetsSchema) },
        ok: { description: 'The targets now in force', content: json(targetsSchema) },
        errors: [400, 413],
      }),
    },
    '/api/v1/display': {
      get: op({ tag: 'configuration', access: 'viewer', summary: 'How the screens show the figures', ok: { description: 'The display settings', content: json(displaySchema) } }),
      put: op({
        tag: 'configuration', access: 'admin', summary: 'Set which survey (csat, ces, nps) the wall\'s top strip shows',
        description: 'Stored in Redis and carried in every snapshot (`display`): every open wall follows at once, without a reload.',
        body: { required: true, content: json(displaySchema) }, ok: { description: 'The display settings now', content: json(displaySchema) }, errors: [400, 413],
      }),
    },
    '/api/v1/channels': {
      get: op({
        tag: 'configuration', access: 'viewer', summary: 'Opening hours and closes of every channel',
        description: 'Hours are local wall-clock times in PEAKWATCH_TZ; `hours: null` is open 24×7, a day left out is closed that day. The state they give each channel is `channels.<ch>.state` in the snapshot.',
        ok: { description: 'The settings per channel', content: json(channelsSettingsSchema) },
      }),
      put: op({
        tag: 'configuration', access: 'lead', summary: 'Close or reopen a channel (lead), set its weekly hours (admin)',
        description: 'Names only the channels and fields it changes: `{"voice": {"closed": true, "closedReason": "carrier outage"}}`. Closing needs a reason; '
          + '`closedBy` (the token\'s name) and `closedAt` are recorded by the server, and a body that gives them is a 400. Reopening clears the reason. '
          + '`hours` needs the admin role (403 for a lead). Intervals are `["HH:MM", "HH:MM"]`, end after start ("24:00" ends at midnight), none overlapping. Every screen shows the new state at once.',
        body: { required: true, content: json(channelsPutSchema) },
        ok: { description: 'Every channel\'s settings now', content: json(channelsSettingsSchema) },
        errors: [400, 413],
      }),
    },
    '/api/v1/annotations': {
      get: op({
        tag: 'alerts', access: 'viewer', summary: 'Incident annotations overlapping a time range',
        params: [
          queryParam('from', 'Epoch ms; default 24 hours ago', { type: 'integer' }),
          queryParam('to', 'Epoch ms, ≥ from; default now', { type: 'integer' }),
        ],
        ok: { description: 'The annotations', content: json({ type: 'array', items: typed('Annotation', 'shared/annotations.ts') }) },
        errors: [400],
      }),
      post: op({
        tag: 'alerts', access: 'lead', summary: 'Add an annotation',
        description: '`channel` null: all channels. `start` at most a day ahead. `by` defaults to the role of the token.',
        body: { required: true, content: json(annotationInputSchema) },
        ok: { status: 201, description: 'The annotation', content: json(typed('Annotation', 'shared/annotations.ts')) },
        errors: [400, 413],
      }),
    },
    '/api/v1/annotations/{id}': { delete: op({
      tag: 'alerts', access: 'lead', summary: 'Remove an annotation', path: idPath,
      ok: { status: 204, description: 'Removed' }, errors: [404],
    }) },
    '/api/v1/alerts': { get: op({
      tag: 'alerts', access: 'viewer', summary: 'Active alerts and the alert log',
      params: [queryParam('limit', `Log entries, newest first; clamped to 1-${ALERT_HISTORY_LIMIT.max}`, { type: 'integer', default: ALERT_HISTORY_LIMIT.default })],
      ok: { description: '`{"active": [...], "history": [...]}`', content: json(typed('AlertsReply', 'shared/alerts.ts')) },
    }) },
    '/api/v1/alerts/{id}/ack': { post: op({
      tag: 'alerts', access: 'lead', summary: 'Acknowledge an active alert: stops its repeats and escalation',
      description: '`id` is `<ruleId>:<channel>`. `by` defaults to the role of the token.',
      path: idPath, body: { content: json(ackSchema) },
      ok: { description: 'The alert, acked', content: json(typed('Alert', 'shared/alerts.ts')) },
      errors: [400, 404, 409, 413],
    }) },
    '/api/v1/silences': { post: op({
      tag: 'alerts', access: 'lead', summary: 'Silence an alert for some minutes',
      body: { required: true, content: json(silenceSchema) },
      ok: { description: 'The alert, silenced', content: json(typed('Alert', 'shared/alerts.ts')) },
      errors: [400, 404, 413],
    }) },
    '/api/v1/rules': {
      get: op({ tag: 'configuration', access: 'viewer', summary: 'Alert rules (stored, or the defaults)', ok: { description: 'The rules', content: json(z.array(ruleSchema)) } }),
      put: op({
        tag: 'configuration', access: 'admin', summary: 'Replace the alert rules',
        description: `At most ${MAX_RULES} rules, ids unique. \`channel\`: a configured channel, \`"*"\` (each channel) or \`"total"\`. Windowed metrics need \`window\`, live ones take none. Routes name receivers (or \`"*"\`).`,
        body: { required: true, content: json(z.array(ruleSchema).max(MAX_RULES)) },
        ok: { description: 'The rules stored (defaults filled in)', content: json(z.array(ruleSchema)) },
        errors: [400, 413],
      }),
    },
    '/api/v1/receivers': {
      get: op({ tag: 'configuration', access: 'admin', summary: 'Notification receivers (secrets never shown)', ok: { description: 'The receivers', content: json(publicReceivers) } }),
      put: op({
        tag: 'configuration', access: 'admin', summary: 'Replace the receivers',
        description: 'A receiver sent without `secret` keeps its stored one. A receiver a rule routes to cannot be removed (400).',
        body: { required: true, content: json(z.array(receiverSchema)) },
        ok: { description: 'The receivers stored', content: json(publicReceivers) },
        errors: [400, 413],
      }),
    },
    '/api/v1/receivers/health': { get: op({
      tag: 'alerts', access: 'lead', summary: 'Delivery health per receiver, and the latest dead letters',
      ok: { description: 'The health', content: json(typed('HealthReply', 'shared/alerts.ts')) },
    }) },
    '/api/v1/connectors': {
      get: op({ tag: 'connectors', access: 'lead', summary: 'Connectors (secrets never shown)', ok: { description: 'The connectors', content: json(publicConnectors) } }),
      put: op({
        tag: 'connectors', access: 'admin', summary: 'Replace the connectors',
        description: `At most ${MAX_CONNECTORS}, names unique. \`type\`: ${CONNECTOR_TYPES.join(', ')}. A connector sent without \`secret\` keeps its stored one; `
          + 'a new one needs it. Channels named in maps must be configured channels; `mapping` is for generic connectors only (and required there). '
          + 'Field by field: docs/CONNECTORS.md.',
        body: { required: true, content: json(z.array(connectorSchema).max(MAX_CONNECTORS)) },
        ok: { description: 'The connectors stored', content: json(publicConnectors) },
        errors: [400, 413],
      }),
    },
    '/api/v1/connectors/health': { get: op({
      tag: 'connectors', access: 'lead', summary: 'Per connector: last request and event, counts, last error, latest refusals',
      ok: { description: '`{"connectors": [...]}`', content: json(typed('{connectors: ConnectorHealth[]}', 'shared/connectors.ts')) },
    }) },
    '/api/v1/connectors/{name}': { post: op({
      tag: 'connectors', access: 'open', summary: "A contact system's webhook",
      description: "The body as the source sends it (JSON, or form-encoded for Twilio; at most 1 MiB), proved as the source proves it (signature, "
        + "token or bearer secret: docs/CONNECTORS.md), not with a Peakwatch token. Its events go through the same path as POST /api/v1/events. "
        + 'A refused proof is a 401 and changes nothing; events that mean nothing to Peakwatch are counted as `ignored`. Answered after Redis applied the events.',
      path: namePath, body: { required: true, content: { 'application/json': { schema: { type: 'object' } }, 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } },
      ok: { description: '`{"accepted", "duplicates", "ignored", "rejected": [{"index", "error"}]}`', content: json(connectorReply) },
      errors: [400, 401, 404, 413, 503],
    }) },
    '/api/v1/connectors/{name}/sample': { get: op({
      tag: 'connectors', access: 'admin', summary: 'A payload this connector accepts, and its webhook URL',
      path: namePath, ok: { description: '`{"webhookUrl", "describe", "contentType", "body"}`: the URL from PEAKWATCH_PUBLIC_URL, else the one this request came by', content: json({ type: 'object' }) }, errors: [404],
    }) },
    '/api/v1/connectors/{name}/test': { post: op({
      tag: 'connectors', access: 'admin', summary: 'Send a test event: the sample through the connector, as a dry run',
      description: 'The sample is proved, read, translated and each event checked against the contract; nothing is applied and the health is not touched.',
      path: namePath, ok: { description: '`{"sample", "events", "ignored", "rejected"}`', content: json({ type: 'object' }) }, errors: [404],
    }) },
    '/api/v1/readiness': { get: op({
      tag: 'readiness', access: 'viewer', summary: 'Peak readiness per channel: forecast vs actual, Erlang C staffing, backlog clear time, the day\'s targets',
      ok: { description: 'The readiness', content: json(typed('Readiness', 'shared/readiness.ts')) },
    }) },
    '/api/v1/forecast': {
      get: op({
        tag: 'readiness', access: 'viewer', summary: 'The arrivals forecast of a day per channel and 15-minute interval',
        params: [queryParam('day', 'YYYY-MM-DD; default today', { type: 'string', format: 'date' })],
        ok: { description: 'The forecast and where it comes from', content: json({ type: 'object' }) },
        errors: [400],
      }),
      put: op({
        tag: 'readiness', access: 'admin', summary: 'Upload a forecast (replaces, per day and channel, what it names)',
        description: 'A bad row rejects the whole upload with a 400 naming it; `details` lists up to 50 problems.',
        body: { required: true, content: {
          'text/csv': { schema: { type: 'string', description: 'Header `channel,interval_start,arrivals`; interval_start `HH:MM` (today) or ISO-8601' } },
          'application/json': { schema: { type: 'array', items: { type: 'object', properties: { channel: { type: 'string' }, intervalStart: { type: ['string', 'integer'] }, arrivals: { type: 'integer', minimum: 0 } }, required: ['channel', 'intervalStart', 'arrivals'] } } },
        } },
        ok: { description: '`{"rows": n, "stored": {"<day>": {"<channel>": intervals}}}`', content: json({ type: 'object' }) },
        errors: [400, 413, 415],
      }),
    },
    '/api/v1/history': {
      get: op({
        tag: 'history', access: 'viewer', summary: 'Daily history summed by day, ISO week or calendar month',
        description: 'Periods in PEAKWATCH_TZ; each sums the counts of its days within from-to and recomputes the ratios from those sums. '
          + '`channel` narrows `channels`; `totals` and `reasons` are across all channels. `ces`, `nps`, `repeatRate` are null while the days keep no counts for them. '
          + 'from-to must lie between the oldest day kept (PEAKWATCH_HISTORY_DAYS) and today. Definitions: docs/METRICS.md; the review page: docs/HISTORY.md.',
        query: historyQuerySchema,
        ok: { description: '`{"step", "from", "to", "periods": [...]}`', content: json(typed('HistoryReply', 'shared/history.ts')) },
        errors: [400],
      }),
      put: op({
        tag: 'history', access: 'admin', summary: 'Import days of history (CSV), e.g. last year\'s peak from the old system',
        description: `Columns \`${HISTORY_CSV_COLUMNS.join(',')}\`: a channel's row leaves orders empty, a \`total\` row carries only orders; optional \`${HISTORY_CSV_OPTIONAL_COLUMNS.join(',')}\`. Each day in the upload replaces that day whole. `
          + 'A bad row rejects the upload: 400 naming its row and column (`details` lists up to 20 problems). Days holding live figures: 409 unless `replace=1`.',
        params: [queryParam('replace', '`1`: replace days that hold live figures', { type: 'string', enum: ['1', 'true'] })],
        body: { required: true, content: { 'text/csv': { schema: { type: 'string', maxLength: HISTORY_UPLOAD_LIMIT } } } },
        ok: { description: '`{"days": n, "from", "to", "replaced"}`', content: json({ type: 'object' }) },
        errors: [400, 409, 413, 415],
      }),
    },
    '/api/v1/history.csv': { get: op({
      tag: 'history', access: 'viewer', summary: 'Export the daily history as CSV (the import\'s columns)',
      params: [
        queryParam('from', 'YYYY-MM-DD; default the oldest day kept', { type: 'string', format: 'date' }),
        queryParam('to', 'YYYY-MM-DD; default today', { type: 'string', format: 'date' }),
      ],
      ok: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
      errors: [400],
    }) },
    '/api/v1/wait': { get: op({
      tag: 'customers', access: 'widget', summary: 'A waiting customer\'s place, expected wait and whether the channel is open',
      description: 'The only route a widget key opens (PEAKWATCH_WIDGET_KEYS, as a bearer token or `?key=`); CORS allows PEAKWATCH_WIDGET_ORIGINS; '
        + 'its own rate limit per client address (PEAKWATCH_RATE_WAIT). `position` is the 1-based place of `contactId` among the contacts '
        + 'waiting in `queue` (the channel\'s without one) by queued time, null when it is not waiting; without `contactId`, a contact arriving '
        + 'now (waiting + 1). `ewtSeconds` and `ewtRange` (80 % of realized waits) are null unless the channel is open. The predictor: docs/API.md.',
      query: waitQuerySchema.omit({ key: true }),
      ok: { description: 'The wait', content: json(waitReplySchema) },
      errors: [400],
    }) },
    '/widget.js': { get: op({
      tag: 'customers', access: 'open', summary: 'The customer widget script a shop\'s chat page includes (docs/WIDGET.md)',
      ok: { description: 'JavaScript; 503 when it is not built', content: { 'text/javascript': { schema: { type: 'string' } } } },
    }) },
    '/api/v1/openapi.json': { get: op({ tag: 'operations', access: 'open', summary: 'This document', ok: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } }) },
    '/healthz': { get: op({ tag: 'operations', access: 'open', summary: 'Liveness', ok: { description: '`{"ok": true}`', content: json({ type: 'object' }) } }) },
    '/readyz': { get: op({
      tag: 'operations', access: 'open', summary: 'Readiness: Redis reachable',
      ok: { description: '`{"ok": true}`', content: json({ type: 'object' }) }, errors: [503],
    }) },
    '/metrics': { get: op({
      tag: 'operations', access: 'open', summary: 'Prometheus metrics: ingest counts, batch latency, the live figures as gauges',
      ok: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
    }) },
  };
  for (const [path, summary] of Object.entries(CLIENT_PAGES)) {
    p[path] = { get: op({ tag: 'pages', access: 'open', summary, ok: { description: 'The web client (HTML); 503 when it is not built', content: { 'text/html': { schema: { type: 'string' } } } } }) };
  }
  return p;
}

const bearer = (description: string): oas31.SecuritySchemeObject => ({ type: 'http', scheme: 'bearer', description });

/** Builds the document (deterministic: the same code gives the same JSON). */
export function buildOpenApiDocument(): oas31.OpenAPIObject {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Peakwatch API',
      version,
      description: 'Real-time monitor for a customer-support war room. Authentication, roles and errors: docs/API.md; metric definitions: docs/METRICS.md.',
    },
    tags: ['ingest', 'figures', 'alerts', 'configuration', 'connectors', 'readiness', 'history', 'customers', 'operations', 'pages'].map((name) => ({ name })),
    paths: paths(),
    components: {
      schemas: { Error: errorBodySchema, Targets: targetsSchema, Rule: ruleSchema, Receiver: receiverSchema },
      securitySchemes: {
        ingestKey: bearer('An ingest key (PEAKWATCH_INGEST_KEYS): POST /api/v1/events only'),
        viewer: bearer('The viewer token (PEAKWATCH_VIEWER_TOKEN)'),
        lead: bearer('The lead token (PEAKWATCH_LEAD_TOKEN): may do what a viewer may'),
        admin: bearer('The admin token (PEAKWATCH_ADMIN_TOKEN): may do what a lead may'),
        widgetKey: bearer('A widget key (PEAKWATCH_WIDGET_KEYS): GET /api/v1/wait only'),
        widgetKeyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'A widget key as `?key=`, for pages that send no header' },
      },
    },
  });
}

let cached: string | null = null;

/** The document as the JSON text served and written to docs/openapi.json. */
export function openApiJson(): string {
  cached ??= `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
  return cached;
}

/** `GET /api/v1/openapi.json`, open to all (it holds no secret). */
export function openApiRouter(): Router {
  const r = Router();
  r.get('/openapi.json', (_req, res) => { res.type('application/json').send(openApiJson()); });
  return r;
}
