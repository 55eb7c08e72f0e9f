import { Router, json } from 'express';
import { displaySchema } from '../../shared/display';
import { describeIssues } from '../../shared/events';
import type { DisplayStore } from '../store/display-store';
import { type Credentials, requireRole } from './auth';
import { HttpError } from './errors';

export interface DisplayRouteDeps {
  displayStore: DisplayStore;
  creds: Credentials;
  /** Told when the settings change, so every screen follows at once. */
  onChanged?: () => void;
}

/** `/api/v1/display`: how the screens show the figures (which survey the wall's top strip shows); an admin sets it. */
export function displayRouter(deps: DisplayRouteDeps): Router {
  const r = Router();
  r.get('/display', requireRole('viewer', deps.creds), async (_req, res) => {
    res.json(await deps.displayStore.read());
  });
  r.put('/display', requireRole('admin', deps.creds), json({ limit: 4 * 1024 }), async (req, res) => {
    const parsed = displaySchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error), parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    await deps.displayStore.write(parsed.data);
    deps.onChanged?.();
    res.json(await deps.displayStore.read());
  });
  return r;
}
