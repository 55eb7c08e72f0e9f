import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { errorReply } from './errors';

/** A route answered on Node's own request and response: it writes its reply, errors included. */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The security headers of every response. No `upgrade-insecure-requests`: a wall on the LAN opened over plain
 * HTTP by host name would otherwise fetch its assets over HTTPS and stay blank. TLS belongs to the reverse proxy
 * (docs/OPERATIONS.md).
 */
export const securityHeaders = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });

/** The headers `securityHeaders` sets, read once: they do not depend on the request. */
const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = (() => {
  const set: [string, string][] = [];
  const res = { setHeader: (name: string, value: unknown) => { set.push([name, String(value)]); }, removeHeader: () => undefined };
  securityHeaders({} as never, res as never, () => undefined);
  return set;
})();

/** A JSON reply, as Express's `res.json` writes it. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** An error as the API's error handler answers it (the one shape, 503 with Retry-After when the store is down). */
export function sendError(res: ServerResponse, err: unknown, log: Logger, path: string): void {
  const { status, body } = errorReply(err, log, path);
  if (status === 503) res.setHeader('Retry-After', '1');
  sendJson(res, status, body);
}

/**
 * The request listener of the server: the routes in `fast` (by "METHOD /path", the query aside) answered ahead of
 * Express with the same security headers, everything else by `app`. Express's own cost per request (several times
 * a bare Node handler's) is what the most-called routes save; they stay mounted in `app` as well (the same
 * handlers), so the app alone serves the same API.
 */
export function withFastRoutes(app: RequestListener, fast: ReadonlyMap<string, RawHandler>): RequestListener {
  return (req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const route = fast.get(`${req.method} ${q < 0 ? url : url.slice(0, q)}`);
    if (!route) return app(req, res);
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    void route(req, res);
  };
}
