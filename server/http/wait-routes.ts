import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import cors from 'cors';
import { Router } from 'express';
import type { Logger } from 'pino';
import { describeIssues } from '../../shared/events';
import { waitQuerySchema } from '../../shared/wait';
import type { WaitService } from '../wait/wait-service';
import { type Credentials, bearer, isWidgetKey } from './auth';
import { HttpError } from './errors';
import { type RawHandler, sendError, sendJson } from './fast-path';
import type { Refusal } from './rate-limit';

export interface WaitRouteDeps {
  service: WaitService;
  creds: Credentials;
  channels: ReadonlySet<string>;
  /** Origins of the shops' pages whose widgets may call the route (PEAKWATCH_WIDGET_ORIGINS). */
  widgetOrigins: readonly string[];
  /** The route's own rate limit per client address; null: none. */
  limit: ((ip: string) => Promise<Refusal | null>) | null;
  /** The client's address of a request (the app's trust in proxies). */
  clientAddress: (req: IncomingMessage) => string;
  logger: Logger;
}

/** The path of the route. */
export const WAIT_PATH = '/api/v1/wait';

/**
 * `GET /api/v1/wait`, the only route a widget key opens (it sits in customers' browsers, so it is worth nothing
 * anywhere else): the customer's place and expected wait, and whether the channel is open. Served before the
 * rest of the API, with CORS for the widget origins only and a rate limit of its own per client address:
 * `router` mounts it at /api/v1 (with its CORS preflight), `serve` answers a GET on Node's request and response
 * (the server's fast path: thousands of widgets poll it).
 */
export function waitRoute(deps: WaitRouteDeps): { router: Router; serve: RawHandler } {
  const allow = cors({ origin: [...deps.widgetOrigins], methods: ['GET'], allowedHeaders: ['Authorization'], maxAge: 600 });

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (deps.limit) {
        const refused = await deps.limit(deps.clientAddress(req));
        if (refused) {
          res.setHeader('Retry-After', String(refused.retryAfterSeconds));
          return sendJson(res, 429, { error: refused.error });
        }
      }
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const parsed = waitQuerySchema.safeParse(q < 0 ? {} : parseQuery(url.slice(q + 1)));
      const key = bearer(req.headers.authorization) ?? (parsed.success ? parsed.data.key ?? null : null);
      if (!isWidgetKey(key, deps.creds)) throw new HttpError(401, 'a widget key is required: Authorization: Bearer <widget key>, or ?key=<widget key>');
      if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error));
      const query = parsed.data;
      if (!deps.channels.has(query.channel)) throw new HttpError(400, `channel: unknown channel "${query.channel}" (configured: ${[...deps.channels].join(', ')})`);
      res.setHeader('cache-control', 'no-store');
      sendJson(res, 200, await deps.service.reply(query));
    } catch (err) {
      sendError(res, err, deps.logger, WAIT_PATH);
    }
  };

  const router = Router();
  router.use('/wait', allow);
  router.get('/wait', (req, res) => answer(req, res));
  return { router, serve: (req, res) => allow(req as never, res as never, () => void answer(req, res)) };
}
