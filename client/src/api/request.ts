/**
 * One fetch wrapper for the pages (readiness, settings, leads): bearer token, JSON or text bodies, and
 * the server's one error shape `{ error, details }` turned into a `RequestError` whose `fields` name what
 * was wrong (`channels.chat.serviceLevel`, `rules[2].window`, a forecast's `row 7, column arrivals`).
 */

/** A problem the server pinned to one field (or to one row and column of an uploaded forecast). */
export interface FieldProblem {
  field: string;
  message: string;
  /** Forecast uploads: the CSV line (header = 1) or the 1-based element of a JSON array; 0 = the whole upload. */
  row?: number;
  column?: string;
}

/** A reply other than 2xx, with the server's message and the fields it named. */
export class RequestError extends Error {
  constructor(readonly status: number, message: string, readonly fields: FieldProblem[] = []) {
    super(message);
    this.name = 'RequestError';
  }
}

/** The message to show when the server gave none of its own. */
export function statusMessage(status: number): string {
  if (status === 0) return 'Peakwatch cannot be reached: check the connection and try again.';
  if (status === 401) return 'The token was refused: open the page link again with the right token.';
  if (status === 403) return 'This token may not do that.';
  if (status === 413) return 'That is too large to send.';
  if (status >= 500) return `Peakwatch could not do it just now (HTTP ${status}); try again.`;
  return `The request failed (HTTP ${status}).`;
}

/**
 * The fields of an error body's `details`: `[{field, message}]` (targets, rules, receivers) or
 * `[{row, column?, message}]` (forecast), whose field reads `row 7, column arrivals`. Anything else: none.
 */
export function detailsOf(body: unknown): FieldProblem[] {
  const details = (body as { details?: unknown } | null)?.details;
  if (!Array.isArray(details)) return [];
  const out: FieldProblem[] = [];
  for (const d of details) {
    if (d === null || typeof d !== 'object') continue;
    const { field, message, row, column } = d as Record<string, unknown>;
    if (typeof message !== 'string') continue;
    if (typeof field === 'string') out.push({ field, message });
    else if (typeof row === 'number') {
      const col = typeof column === 'string' ? column : undefined;
      const where = row === 0 ? 'upload' : col ? `row ${row}, column ${col}` : `row ${row}`;
      out.push({ field: where, message, row, ...(col === undefined ? {} : { column: col }) });
    }
  }
  return out;
}

/** The error a failed reply stands for: the server's `error` text (else `fallback`'s) and its fields. */
export function errorOf(status: number, body: unknown, fallback: (status: number) => string = statusMessage): RequestError {
  const error = (body as { error?: unknown } | null)?.error;
  const message = typeof error === 'string' && error.trim() ? error : fallback(status);
  return new RequestError(status, message, detailsOf(body));
}

export interface RequestOptions {
  /** A JSON value (sent as application/json) or, with `contentType`, a raw text body. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** The message when the server gives none of its own (or cannot be reached: status 0); default statusMessage. */
  fallbackMessage?: (status: number) => string;
}

/** What was thrown, as a `RequestError`: itself, or one without a status around anything else. */
export function asRequestError(err: unknown): RequestError {
  return err instanceof RequestError ? err : new RequestError(0, String(err));
}

/** Calls `/api/v1<path>` with the token; resolves with the parsed reply (null when empty), throws `RequestError`. */
export async function apiRequest<T>(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
  const raw = opts.contentType !== undefined;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : raw ? String(opts.body) : JSON.stringify(opts.body),
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new RequestError(0, (opts.fallbackMessage ?? statusMessage)(0));
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw errorOf(res.status, json, opts.fallbackMessage);
  return json as T;
}

/** What a token may do, as far as the pages need to know before they offer an action. */
export type Role = 'viewer' | 'lead' | 'admin';

/**
 * The role of a token, found by asking routes that need each role (the server has no "who am I" route):
 * `GET /receivers` needs admin, `GET /receivers/health` a lead. Null: the token is refused (401).
 * Other failures (network) throw, so a page does not wrongly tell an admin they are a viewer.
 */
export async function probeRole(token: string, signal?: AbortSignal): Promise<Role | null> {
  const status = async (path: string) => {
    try {
      await apiRequest(token, 'GET', path, { signal });
      return 200;
    } catch (err) {
      if (err instanceof RequestError && (err.status === 401 || err.status === 403)) return err.status;
      throw err;
    }
  };
  const admin = await status('/receivers');
  if (admin === 200) return 'admin';
  if (admin === 401) return null;
  return (await status('/receivers/health')) === 200 ? 'lead' : 'viewer';
}
