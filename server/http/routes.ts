import { Router, json } from 'express';
import { INGEST_LIMITS, describeIssues, eventIdSchema } from '../../shared/events';
import { RETRACT_BODY_BYTES, type RetractResult, retractSchema } from '../../shared/retract';
import { targetsSchema, type Targets } from '../../shared/targets';
import { ingest, type IngestDeps } from '../ingest/ingest';
import type { AppMetrics } from '../metrics/prometheus';
import { readSeries, seriesQuerySchema } from '../metrics/series';
import type { Snapshot } from '../../shared/snapshot';
import type { Store } from '../store/store';
import { type Credentials, identityOf, requireIngestKey, requireRole } from './auth';
import { HttpError } from './errors';

export interface ApiDeps extends IngestDeps {
  creds: Credentials;
  metrics: AppMetrics;
  snapshot: (opts?: { queues?: boolean }) => Promise<Snapshot>;
  targets: {
    get(): Promise<Targets>;
    set(t: Targets): Promise<void>;
  };
}

/** `/api/v1`: events, snapshot, targets. */
export function apiRouter(deps: ApiDeps): Router {
  const r = Router();
  const viewer = requireRole('viewer', deps.creds);
  const admin = requireRole('admin', deps.creds);

  r.post('/events',
    (_req, res, next) => { res.on('finish', () => deps.metrics.batches.inc({ status: String(res.statusCode) })); next(); },
    requireIngestKey(deps.creds),
    // Any content type: integrations that forget the header still get their JSON read.
    json({ limit: INGEST_LIMITS.maxBodyBytes, type: () => true, strict: false }),
    async (req, res) => {
      const end = deps.metrics.latency.startTimer();
      const result = await ingest(req.body, deps);
      end();
      deps.metrics.events.inc({ result: 'accepted' }, result.accepted);
      deps.metrics.events.inc({ result: 'duplicate' }, result.duplicates);
      deps.metrics.events.inc({ result: 'rejected' }, result.rejected.length);
      res.json(result);
    });

  // Undo: what an event did is withdrawn as if it had never been received (lua/retract-1.lua).
  r.post('/events/retract', admin, json({ limit: RETRACT_BODY_BYTES }), async (req, res) => {
    const parsed = retractSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error));
    const { withdrawn, events } = await deps.store.retractEvents(parsed.data.ids);
    if (withdrawn > 0) deps.onApplied?.(0); // every screen redraws without them
    const retracted = events.filter((e) => e.state === 'retracted').length;
    const result: RetractResult = { retracted, unknown: events.length - retracted };
    res.json(result);
  });

  r.get('/events/:id', admin, async (req, res) => {
    const id = eventIdSchema.safeParse(req.params.id);
    if (!id.success) throw new HttpError(400, `id: ${describeIssues(id.error)}`);
    res.json((await deps.store.findEvents([id.data]))[0]);
  });

  r.get('/whoami', viewer, (_req, res) => {
    const { role, name } = identityOf(res);
    res.json({ role, name });
  });

  r.get('/snapshot', viewer, async (req, res) => {
    const queues = req.query.queues === '1' || req.query.queues === 'true';
    res.json(await deps.snapshot({ queues }));
  });

  r.get('/series', viewer, async (req, res) => {
    const parsed = seriesQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error));
    const q = parsed.data;
    if (q.channel !== undefined && q.channel !== 'total' && !deps.channels.has(q.channel)) {
      throw new HttpError(400, `channel: unknown channel "${q.channel.slice(0, 40)}" (configured: ${[...deps.channels].join(', ')}, or total)`);
    }
    res.json(await readSeries(deps.store, [...deps.channels], q, deps.clock()));
  });

  r.get('/targets', viewer, async (_req, res) => {
    res.json(await deps.targets.get());
  });

  r.put('/targets', admin, json({ limit: 64 * 1024 }), async (req, res) => {
    const parsed = targetsSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error), parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    const current = await deps.targets.get();
    // The channels as sent: zod builds the record by assignment, so a "__proto__" channel would not be refused
    // but vanish from `parsed.data` (becoming its prototype) while the rest of the body is stored.
    const unknown = Object.keys((req.body as { channels: object }).channels).filter((c) => !deps.channels.has(c));
    if (unknown.length) throw new HttpError(400, `channels.${unknown[0]}: not a configured channel (configured: ${[...deps.channels].join(', ')})`);
    const next: Targets = { ...parsed.data, channels: { ...current.channels, ...parsed.data.channels } };
    await deps.targets.set(next);
    deps.onApplied?.(0); // every screen recolours at once
    res.json(next);
  });

  return r;
}

/** Liveness, readiness and Prometheus: open to all. */
export function opsRouter(store: Store, metrics: AppMetrics): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  r.get('/readyz', async (_req, res) => {
    const ok = await store.ping();
    res.status(ok ? 200 : 503).json(ok ? { ok: true } : { ok: false, error: 'Redis unreachable' });
  });
  r.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.scrape());
  });
  return r;
}
