import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { NamedToken, Role } from '../config/config';
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
  /** The unnamed token of each role (the lead's may be left out when named lead tokens are given). */
  tokens: Readonly<Partial<Record<Role, string>>>;
  /** Lead tokens with the name their acks, silences and notes record (PEAKWATCH_LEAD_TOKENS). */
  namedLeads?: readonly NamedToken[];
  /** Keys of the customer widget (PEAKWATCH_WIDGET_KEYS): `GET /api/v1/wait` and nothing else. */
  widgetKeys?: readonly string[];
}

/** Who a token is: its role, and the name what it does is recorded under (the role's own name when unnamed). */
export interface Identity {
  role: Role;
  name: string;
}

/** The identity a token grants (the highest role when one token is configured twice), or null. */
export function identify(token: string | null, creds: Credentials): Identity | null {
  if (!token) return null;
  const candidates: Identity[] = [];
  // Every configured token is compared (in constant time each), whichever matches first.
  for (const role of ['viewer', 'lead', 'admin'] as const) {
    const t = creds.tokens[role];
    if (t !== undefined && safeEqual(token, t)) candidates.push({ role, name: role });
  }
  for (const lead of creds.namedLeads ?? []) if (safeEqual(token, lead.token)) candidates.push({ role: 'lead', name: lead.name });
  return candidates.reduce<Identity | null>((best, c) => (!best || RANK[c.role] > RANK[best.role] ? c : best), null);
}

/** True when the token is any configured credential: a role's token or an ingest key. */
export function isCredential(token: string | null, creds: Credentials): boolean {
  return identify(token, creds) !== null || isIngestKey(token, creds);
}

/** The identity `requireRole` found for this request. */
export function identityOf(res: Response): Identity {
  return res.locals.identity as Identity;
}

/** True when the token is one of the ingest keys (checked against every key, in constant time each). */
export function isIngestKey(token: string | null, creds: Credentials): boolean {
  if (!token) return false;
  return creds.ingestKeys.reduce((ok, k) => safeEqual(token, k) || ok, false);
}

/** True when the token is one of the widget keys (checked against every key, in constant time each). */
export function isWidgetKey(token: string | null, creds: Credentials): boolean {
  if (!token) return false;
  return (creds.widgetKeys ?? []).reduce((ok, k) => safeEqual(token, k) || ok, false);
}

/** Requires a token of at least `role` (each higher role may do what the lower may). */
export function requireRole(role: Role, creds: Credentials): RequestHandler {
  return (req, res, next) => {
    const token = bearer(req.headers.authorization);
    const who = identify(token, creds);
    if (!who) return next(new HttpError(401, `a ${role} token is required: Authorization: Bearer <token>`));
    if (RANK[who.role] < RANK[role]) return next(new HttpError(403, `this needs the ${role} role; your token is a ${who.role} token`));
    res.locals.identity = who;
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
