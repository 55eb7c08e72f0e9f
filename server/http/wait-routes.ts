import cors from 'cors';
import { type RequestHandler, Router } from 'express';
import { describeIssues } from '../../shared/events';
import { waitQuerySchema } from '../../shared/wait';
import type { WaitService } from '../wait/wait-service';
import { type Credentials, bearer, isWidgetKey } from './auth';
import { HttpError } from './errors';

export interface WaitRouteDeps {
  service: WaitService;
  creds: Credentials;
  channels: ReadonlySet<string>;
  /** Origins of the shops' pages whose widgets may call the route (PEAKWATCH_WIDGET_ORIGINS). */
  widgetOrigins: readonly string[];
  /** The route's own rate limit per client address; null: none. */
  limit: RequestHandler | null;
}

/**
 * `GET /api/v1/wait`, the only route a widget key opens (it sits in customers' browsers, so it is worth nothing
 * anywhere else): the customer's place and expected wait, and whether the channel is open. Mounted before the
 * rest of the API, with CORS for the widget origins only and a rate limit of its own per client address.
 */
export function waitRouter(deps: WaitRouteDeps): Router {
  const r = Router();
  r.use('/wait', cors({ origin: [...deps.widgetOrigins], methods: ['GET'], allowedHeaders: ['Authorization'], maxAge: 600 }));
  if (deps.limit) r.use('/wait', deps.limit);
  r.get('/wait', async (req, res) => {
    const parsed = waitQuerySchema.safeParse(req.query);
    const key = bearer(req.headers.authorization) ?? (parsed.success ? parsed.data.key ?? null : null);
    if (!isWidgetKey(key, deps.creds)) throw new HttpError(401, 'a widget key is required: Authorization: Bearer <widget key>, or ?key=<widget key>');
    if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error));
    const q = parsed.data;
    if (!deps.channels.has(q.channel)) throw new HttpError(400, `channel: unknown channel "${q.channel}" (configured: ${[...deps.channels].join(', ')})`);
    res.setHeader('cache-control', 'no-store');
    res.json(await deps.service.reply(q));
  });
  return r;
}
