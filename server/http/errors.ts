import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { StoreUnavailableError } from '../store/store';

/** An error with the HTTP status and the message the client should read. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The one error shape every route answers with: a message for a person, and sometimes details (e.g. per field). */
export const errorBodySchema = z.object({
  error: z.string(),
  details: z.unknown().optional(),
});
type ErrorBody = z.infer<typeof errorBodySchema>;

/** The status and body an error is answered with: the one shape `{ "error": "...", "details"?: ... }`, never a stack trace. */
export function errorReply(err: unknown, log: Logger, path: string): { status: number; body: ErrorBody } {
  const e = (err ?? {}) as { type?: string; status?: number; limit?: number; message?: string; expose?: boolean };
  if (err instanceof HttpError) return { status: err.status, body: { error: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
  if (e.type === 'entity.too.large') return { status: 413, body: { error: `body is larger than ${e.limit} bytes` } };
  if (e.type === 'entity.parse.failed') return { status: 400, body: { error: 'body is not valid JSON' } };
  if (e.type && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return { status: e.status, body: { error: e.message ?? 'bad request' } };
  if (e.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    // A stream error body-parser wrapped as a 400 without a type: zlib's, for a body that is not what its
    // Content-Encoding says. Its message is the library's, not one for the client.
    return { status: e.status, body: { error: 'body could not be decoded: does its Content-Encoding match it?' } };
  }
  if (err instanceof StoreUnavailableError) {
    log.warn({ err: err.message, path }, 'store unavailable');
    return { status: 503, body: { error: 'storage unavailable, retry shortly' } };
  }
  log.error({ err, path }, 'unhandled error');
  return { status: 500, body: { error: 'internal error' } };
}

/** The one error shape for every route of the app (errorReply). */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, body } = errorReply(err, log, req.path);
    if (status === 503) res.setHeader('Retry-After', '1');
    res.status(status).json(body);
  };
}

/** 404 in the same shape. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: `no route ${req.method} ${req.path}` });
};
