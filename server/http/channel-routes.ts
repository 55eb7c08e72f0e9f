import { Router, json } from 'express';
import { channelsPutSchema, patchSetsHours } from '../../shared/channel-state';
import { describeIssues } from '../../shared/events';
import type { ChannelStore } from '../store/channel-store';
import { type Credentials, identityOf, requireRole } from './auth';
import { HttpError } from './errors';

export interface ChannelRouteDeps {
  channelStore: ChannelStore;
  creds: Credentials;
  channels: ReadonlySet<string>;
  clock: () => number;
  /** Told when a channel's settings change, so every screen shows its new state at once. */
  onChanged?: () => void;
}

/** `/api/v1/channels`: opening hours (an admin sets them) and closing (a lead closes or reopens, with a reason). */
export function channelRouter(deps: ChannelRouteDeps): Router {
  const r = Router();
  const viewer = requireRole('viewer', deps.creds);
  const lead = requireRole('lead', deps.creds);

  r.get('/channels', viewer, async (_req, res) => {
    res.json(await deps.channelStore.read());
  });

  r.put('/channels', lead, json({ limit: 64 * 1024 }), async (req, res) => {
    const parsed = channelsPutSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new HttpError(400, describeIssues(parsed.error), parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    }
    // The channels as sent: a "__proto__" channel would vanish from the parsed record rather than be refused.
    const unknown = Object.keys(req.body as object).filter((c) => !deps.channels.has(c));
    if (unknown.length) throw new HttpError(400, `${unknown[0]}: not a configured channel (configured: ${[...deps.channels].join(', ')})`);
    const who = identityOf(res);
    if (patchSetsHours(parsed.data) && who.role !== 'admin') {
      throw new HttpError(403, `hours: only an admin sets opening hours; your token is a ${who.role} token (a lead may close or reopen a channel)`);
    }
    const next = await deps.channelStore.update(parsed.data, who.name, deps.clock());
    deps.onChanged?.();
    res.json(next);
  });

  return r;
}
