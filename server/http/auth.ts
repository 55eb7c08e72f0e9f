import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Role } from '../config/config';
import { HttpError } from './errors';

const RANK: Record<Role, number> = { viewer: 1, lead: 2, admin: 3 };
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares two secrets in constant time (hashing first, so lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** The bearer token of a request, or null. */
export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

export interface Credentials {
  ingestKeys: readonly string[];
  tokens: Readonly<Record<Role, string>>;
}

/** The highest role a token grants, or null. */
export function roleOf(token: string | null, creds: Credentials): Role | null {
  if (!token) return null;
  let found: Role | null = null;
  for (const role of ['viewer', 'lead', 'admin'] as const) {
    if (safeEqual(token, creds.tokens[role]) && (!found || RANK[role] > RANK[found])) found = role;
  }
  return found;
}

/** True when the token is one of the ingest keys (checked against every key, in constant time each). */
export function isIngestKey(token: string | null, creds: Credentials): boolean {
  if (!token) return false;
  return creds.ingestKeys.reduce((ok, k) => safeEqual(token, k) || ok, false);
}

/** Requires a token of at least `role` (each higher role may do what the lower may). */
export function requireRole(role: Role, creds: Credentials): RequestHandler {
  return (req, res, next) => {
    const token = bearer(req.headers.authorization);
    const have = roleOf(token, creds);
    if (!have) return next(new HttpError(401, `a ${role} token is required: Authorization: Bearer <token>`));
    if (RANK[have] < RANK[role]) return next(new HttpError(403, `this needs the ${role} role; your token is a ${have} token`));
    res.locals.role = have;
    next();
  };
}

/** Requires one of the ingest keys. */
export function requireIngestKey(creds: Credentials): RequestHandler {
  return (req, _res, next) => {
    if (!isIngestKey(bearer(req.headers.authorization), creds)) {
      return next(new HttpError(401, 'an ingest key is required: Authorization: Bearer <ingest key>'));
    }
    next();
  };
}
