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

/** The one error shape: `{ "error": "...", "details"?: ... }`. Never a stack trace. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = err as { type?: string; status?: number; limit?: number; message?: string; expose?: boolean };
    let status = 500;
    let body: ErrorBody = { error: 'internal error' };
    if (err instanceof HttpError) {
      status = err.status;
      body = { error: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
    } else if (e.type === 'entity.too.large') {
      status = 413;
      body = { error: `body is larger than ${e.limit} bytes` };
    } else if (e.type === 'entity.parse.failed') {
      status = 400;
      body = { error: 'body is not valid JSON' };
    } else if (e.type && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      status = e.status;
      body = { error: e.message ?? 'bad request' };
    } else if (e.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      // A stream error body-parser wrapped as a 400 without a type: zlib's, for a body that is not what its
      // Content-Encoding says. Its message is the library's, not one for the client.
      status = e.status;
      body = { error: 'body could not be decoded: does its Content-Encoding match it?' };
    } else if (err instanceof StoreUnavailableError) {
      status = 503;
      body = { error: 'storage unavailable, retry shortly' };
      log.warn({ err: err.message, path: req.path }, 'store unavailable');
    } else {
      log.error({ err, path: req.path }, 'unhandled error');
    }
    if (status === 503) res.setHeader('Retry-After', '1');
    res.status(status).json(body);
  };
}

/** 404 in the same shape. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: `no route ${req.method} ${req.path}` });
};
