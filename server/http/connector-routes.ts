import { Router, json, raw } from 'express';
import { listIssues } from '../../shared/alerts';
import { type ConnectorInput, type PublicConnector, CONNECTOR_NAME, channelsNamed, connectorListSchema, connectorPath } from '../../shared/connectors';
import { INGEST_LIMITS, checkEvent } from '../../shared/events';
import { type ConnectorConfig, ConnectorInputError } from '../connectors/connector';
import { type ReceiveDeps, dryRun, receive } from '../connectors/receive';
import { connectorType } from '../connectors/registry';
import { type Credentials, requireRole } from './auth';
import { HttpError } from './errors';

export interface ConnectorRouteDeps extends ReceiveDeps {
  creds: Credentials;
}

/** Connectors as the API shows them: never the secret. */
const publicConnector = ({ secret, ...c }: ConnectorConfig): PublicConnector => ({ ...(c as Omit<ConnectorInput, 'secret'>), hasSecret: Boolean(secret) });

const fail = (field: string, message: string) => new HttpError(400, `${field}: ${message}`, [{ field, message }]);

/**
 * Checks a whole connector list against the configuration: the schema, a known and implemented type, the
 * channels it names configured, a secret for each new connector (a left-out secret keeps the stored one).
 */
export function validateConnectors(body: unknown, current: readonly ConnectorConfig[], channels: ReadonlySet<string>): ConnectorConfig[] {
  if (!Array.isArray(body)) throw new HttpError(400, 'body must be a JSON array of connectors');
  const p = connectorListSchema.safeParse(body);
  if (!p.success) {
    const fields = listIssues(p.error, 'connectors');
    throw new HttpError(400, fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }
  const stored = new Map(current.map((c) => [c.name, c]));
  return p.data.map((c, i) => {
    const at = `connectors[${i}]`;
    if (!connectorType(c.type)) throw fail(`${at}.type`, `"${c.type}" is not available in this version`);
    // The maps as sent: a "__proto__" key would vanish from the parsed record rather than be refused.
    const sent = (body as Record<string, unknown>[])[i]!;
    for (const map of ['channels', 'queues', 'statuses'] as const) {
      const keys = Object.keys((sent[map] as object | undefined) ?? {});
      if (keys.length !== Object.keys(c[map] ?? {}).length) throw fail(`${at}.${map}`, 'has a key that cannot be used');
    }
    const unknown = channelsNamed(c).find((x) => !channels.has(x.channel));
    if (unknown) throw fail(`${at}.${unknown.field}`, `"${unknown.channel}" is not a configured channel (configured: ${[...channels].join(', ')})`);
    const secret = c.secret ?? stored.get(c.name)?.secret;
    if (secret === undefined) throw fail(`${at}.secret`, 'is required for a new connector');
    return { ...c, secret } as ConnectorConfig;
  });
}

/** First value of each query parameter, as strings. */
function queryOf(q: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(q)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

/** `/api/v1/connectors`: configuration (admin writes, lead reads), health, sample and test, and each connector's webhook. */
export function connectorRouter(deps: ConnectorRouteDeps): Router {
  const r = Router();
  const lead = requireRole('lead', deps.creds);
  const admin = requireRole('admin', deps.creds);
  const load = async (name: string) => {
    const config = CONNECTOR_NAME.test(name) ? await deps.connectors.get(name) : null;
    const type = config && connectorType(config.type);
    if (!config || !type) throw new HttpError(404, `no connector "${name.slice(0, 40)}"`);
    return { config, type };
  };

  r.get('/connectors', lead, async (_req, res) => { res.json((await deps.connectors.list()).map(publicConnector)); });

  r.put('/connectors', admin, json({ limit: 256 * 1024 }), async (req, res) => {
    const current = await deps.connectors.list();
    const next = validateConnectors(req.body, current, deps.channels);
    await deps.connectors.set(next, deps.clock());
    const names = new Set(next.map((c) => c.name));
    await deps.connectors.forget(current.map((c) => c.name).filter((n) => !names.has(n)));
    res.json(next.map(publicConnector));
  });

  r.get('/connectors/health', lead, async (_req, res) => {
    res.json({ connectors: await deps.connectors.health(await deps.connectors.list()) });
  });

  r.get('/connectors/:name/sample', admin, async (req, res) => {
    const { config, type } = await load(String(req.params.name));
    const origin = deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.json({ webhookUrl: `${origin}${connectorPath(config.name)}`, describe: type.describe, ...type.sample({ config, now: deps.clock() }) });
  });

  r.post('/connectors/:name/test', admin, async (req, res) => {
    const { config, type } = await load(String(req.params.name));
    const sample = type.sample({ config, now: deps.clock() });
    const now = deps.clock();
    const check = (e: unknown) => { const c = checkEvent(e, { channels: deps.channels, now }); return c.ok ? null : c.error; };
    try {
      res.json({ sample, ...dryRun(type, config, Buffer.from(sample.body), deps, check) });
    } catch (err) {
      if (err instanceof ConnectorInputError) throw new HttpError(400, `the sample could not be read: ${err.message}`);
      throw err;
    }
  });

  // Raw bytes, whatever the content type: the sources sign them, JSON or form-encoded.
  r.post('/connectors/:name', raw({ type: () => true, limit: INGEST_LIMITS.maxBodyBytes }), async (req, res) => {
    const { config, type } = await load(String(req.params.name));
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
    const pathAndQuery = req.originalUrl;
    const reply = await receive(type, config, {
      rawBody, headers, query: queryOf(req.query as Record<string, unknown>), pathAndQuery,
      seenUrl: `${req.protocol}://${req.get('host') ?? 'unknown'}${pathAndQuery}`,
    }, deps);
    res.json(reply);
  });

  return r;
}
