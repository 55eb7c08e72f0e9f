import { Router, json } from 'express';
import { annotationInputSchema } from '../../shared/annotations';
import { describeIssues } from '../../shared/events';
import type { AnnotationStore } from '../store/annotation-store';
import { type Credentials, identityOf, requireRole } from './auth';
import { HttpError } from './errors';

export interface AnnotationRouteDeps {
  annotations: AnnotationStore;
  creds: Credentials;
  channels: ReadonlySet<string>;
  clock: () => number;
  /** Told when annotations change, so every screen redraws its markers. */
  onChanged?: () => void;
}

/** `/api/v1/annotations`: incident notes; leads write, viewers read. */
export function annotationRouter(deps: AnnotationRouteDeps): Router {
  const r = Router();
  const viewer = requireRole('viewer', deps.creds);
  const lead = requireRole('lead', deps.creds);

  r.get('/annotations', viewer, async (req, res) => {
    const now = deps.clock();
    const from = req.query.from === undefined ? now - 86_400_000 : Number(req.query.from);
    const to = req.query.to === undefined ? now : Number(req.query.to);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) throw new HttpError(400, 'from, to: epoch milliseconds, from ≤ to');
    res.json(await deps.annotations.between(from, to));
  });

  r.post('/annotations', lead, json({ limit: 16 * 1024 }), async (req, res) => {
    const p = annotationInputSchema.safeParse(req.body);
    if (!p.success) throw new HttpError(400, describeIssues(p.error));
    const a = p.data;
    if (a.channel !== null && !deps.channels.has(a.channel)) throw new HttpError(400, `channel: unknown channel "${a.channel}"`);
    const now = deps.clock();
    if (a.start > now + 86_400_000) throw new HttpError(400, 'start: more than a day in the future');
    const created = await deps.annotations.add({ ...a, by: identityOf(res).name, createdAt: now });
    deps.onChanged?.();
    res.status(201).json(created);
  });

  r.delete('/annotations/:id', lead, async (req, res) => {
    if (!(await deps.annotations.remove(String(req.params.id)))) throw new HttpError(404, 'no such annotation');
    deps.onChanged?.();
    res.status(204).end();
  });

  return r;
}
