import { Router, json } from 'express';
import { z } from 'zod';
import { ackSchema, listIssues, receiverListSchemaFor, ruleSchema, ruleShapeProblem, silenceSchema, type ReceiverConfig, type Rule } from '../../shared/alerts';
import { type ReceiverAllow, NO_INTERNAL } from '../../shared/receiver-url';
import { describeIssues } from '../../shared/events';
import type { AlertStore } from '../store/alert-store';
import { type Credentials, identityOf, requireRole } from './auth';
import { HttpError } from './errors';

export interface AlertRouteDeps {
  alerts: AlertStore;
  creds: Credentials;
  channels: ReadonlySet<string>;
  clock: () => number;
  /** Current rules and receivers (stored, or the defaults). */
  rules(): Promise<Rule[]>;
  receivers(): Promise<ReceiverConfig[]>;
  /** Internal hosts and ranges receivers may point at (PEAKWATCH_RECEIVER_ALLOW); default none. */
  receiverAllow?: ReceiverAllow;
}


/** Entries of the alert log `GET /api/v1/alerts` returns: `?limit=` is clamped to 1-max. */
export const ALERT_HISTORY_LIMIT = { default: 100, max: 500 } as const;
/** Rules one `PUT /api/v1/rules` may hold. */
export const MAX_RULES = 200;

function bad(error: z.ZodError, prefix = ''): HttpError {
  const msg = describeIssues(error);
  return new HttpError(400, prefix ? `${prefix}${msg}` : msg, error.issues.map((i) => ({ field: `${prefix}${i.path.join('.')}`, message: i.message })));
}

/** Checks a whole rule set against the configuration: each problem named by its field. */
export function validateRules(body: unknown, channels: ReadonlySet<string>, receiverNames: ReadonlySet<string>): Rule[] {
  if (!Array.isArray(body)) throw new HttpError(400, 'body must be a JSON array of rules');
  if (body.length > MAX_RULES) throw new HttpError(400, `at most ${MAX_RULES} rules`);
  const ids = new Set<string>();
  return body.map((raw, i) => {
    const p = ruleSchema.safeParse(raw);
    const at = `rules[${i}]`;
    if (!p.success) throw bad(p.error, `${at}.`);
    const r = p.data;
    const fail = (field: string, msg: string) => new HttpError(400, `${at}.${field}: ${msg}`, [{ field: `${at}.${field}`, message: msg }]);
    if (ids.has(r.id)) throw fail('id', `"${r.id}" is used twice`);
    ids.add(r.id);
    if (r.channel !== '*' && r.channel !== 'total' && !channels.has(r.channel)) throw fail('channel', `must be a configured channel (${[...channels].join(', ')}), "*" or "total"`);
    const shape = ruleShapeProblem(r);
    if (shape) throw fail(shape.field, shape.message);
    const unknown = [...r.routes, ...r.escalateTo].find((n) => n !== '*' && !receiverNames.has(n));
    if (unknown) throw fail(r.routes.includes(unknown) ? 'routes' : 'escalateTo', `no receiver named "${unknown}"`);
    return r;
  });
}

/** An error as earlier versions stored it, `… answered HTTP 502: <the reply's start>`, without the reply. */
const withoutReply = (error: string) => error.replace(/( answered HTTP \d{3}): [\s\S]*$/, '$1');

/** Receivers as the API shows them: never the secret. */
const publicReceiver = ({ secret, ...r }: ReceiverConfig) => ({ ...r, hasSecret: Boolean(secret) });

/** `/api/v1`: alerts, acks, silences, rules, receivers. */
export function alertRouter(deps: AlertRouteDeps): Router {
  const r = Router();
  const viewer = requireRole('viewer', deps.creds);
  const lead = requireRole('lead', deps.creds);
  const admin = requireRole('admin', deps.creds);
  const body = json({ limit: 256 * 1024 });
  const receiverListSchema = receiverListSchemaFor(deps.receiverAllow ?? NO_INTERNAL);

  r.get('/alerts', viewer, async (req, res) => {
    const { default: dflt, max } = ALERT_HISTORY_LIMIT;
    const limit = Math.min(max, Math.max(1, Number(req.query.limit ?? dflt) || dflt));
    res.json({ active: await deps.alerts.activeAlerts(), history: await deps.alerts.history(limit) });
  });

  r.post('/alerts/:id/ack', lead, body, async (req, res) => {
    const p = ackSchema.safeParse(req.body ?? {});
    if (!p.success) throw bad(p.error);
    const id = String(req.params.id);
    const { alerts } = await deps.alerts.loadState();
    const alert = alerts.get(id);
    if (!alert) throw new HttpError(404, `no alert "${id.slice(0, 100)}"`);
    if (alert.state !== 'firing' && alert.state !== 'pending') throw new HttpError(409, `alert "${id}" is ${alert.state}: only an active alert can be acked`);
    const at = deps.clock();
    const by = identityOf(res).name;
    await deps.alerts.setAck(id, { at, by, note: p.data.note });
    await deps.alerts.logTransition({ alertId: id, kind: 'acked', at, by, note: p.data.note }, at);
    const acked = { ...alert, ackedAt: at, ackedBy: by, ackNote: p.data.note };
    deps.alerts.announce({ kind: 'acked', alert: acked });
    res.json(acked);
  });

  r.post('/silences', lead, body, async (req, res) => {
    const p = silenceSchema.safeParse(req.body);
    if (!p.success) throw bad(p.error);
    const { alerts } = await deps.alerts.loadState();
    const alert = alerts.get(p.data.alertId);
    if (!alert) throw new HttpError(404, `alertId: no alert "${p.data.alertId.slice(0, 100)}"`);
    const at = deps.clock();
    const silence = { at, until: at + p.data.minutes * 60_000, by: identityOf(res).name, reason: p.data.reason };
    await deps.alerts.setSilence(alert.id, silence);
    await deps.alerts.logTransition({ alertId: alert.id, kind: 'silenced', ...silence }, at);
    const silenced = { ...alert, silencedUntil: silence.until, silenceReason: silence.reason };
    deps.alerts.announce({ kind: 'silenced', alert: silenced });
    res.json(silenced);
  });

  r.get('/rules', viewer, async (_req, res) => { res.json(await deps.rules()); });
  r.put('/rules', admin, body, async (req, res) => {
    const names = new Set((await deps.receivers()).map((x) => x.name));
    const rules = validateRules(req.body, deps.channels, names);
    await deps.alerts.setRules(rules);
    res.json(rules);
  });

  r.get('/receivers', admin, async (_req, res) => { res.json((await deps.receivers()).map(publicReceiver)); });
  r.put('/receivers', admin, body, async (req, res) => {
    if (!Array.isArray(req.body)) throw new HttpError(400, 'body must be a JSON array of receivers');
    const current = new Map((await deps.receivers()).map((x) => [x.name, x]));
    const p = receiverListSchema.safeParse(req.body);
    if (!p.success) {
      const fields = listIssues(p.error, 'receivers');
      throw new HttpError(400, fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    }
    const names = new Set(p.data.map((x) => x.name));
    // A secret left out keeps the stored one (the API never shows it, so a client cannot send it back).
    const next = p.data.map((x) => {
      const kept = current.get(x.name)?.secret;
      return x.secret === undefined && kept ? { ...x, secret: kept } : x;
    });
    const used = (await deps.rules()).flatMap((x) => [...x.routes, ...x.escalateTo]).find((n) => n !== '*' && !names.has(n));
    if (used) throw new HttpError(400, `receivers: "${used}" is routed to by a rule; change the rule first`);
    await deps.alerts.setReceivers(next);
    res.json(next.map(publicReceiver));
  });

  // What a receiver answered can be anything its server says (an internal page, a stack trace): the admin, who
  // configures receivers, sees its start; a lead sees Peakwatch's description and the status only.
  r.get('/receivers/health', lead, async (_req, res) => {
    const names = (await deps.receivers()).map((x) => x.name);
    const [health, deadLetters] = [await deps.alerts.health(names), await deps.alerts.deadLetters(50)];
    if (identityOf(res).role === 'admin') { res.json({ receivers: health, deadLetters }); return; }
    res.json({
      receivers: health.map(({ lastReply, ...h }) => ({ ...h, lastError: h.lastError && withoutReply(h.lastError) })),
      deadLetters: deadLetters.map(({ reply, ...d }) => ({ ...d, error: withoutReply(d.error) })),
    });
  });

  return r;
}
