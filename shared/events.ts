import { DateTime } from 'luxon';
import { z } from 'zod';
import { AGENT_STATUSES } from './channels';
import { SURVEY_KINDS, SURVEY_SCALES, scoreRangeText } from './surveys';
import { safeText } from './text';

/** Limits of the ingest contract (docs/METRICS.md, "Events"). */
export const INGEST_LIMITS = {
  maxBodyBytes: 1024 * 1024,
  maxEvents: 5_000,
  maxFutureMs: 5 * 60_000,
  maxAgeMs: 7 * 86_400_000,
  duplicateWindowMs: 48 * 3_600_000,
} as const;

export const CONTACT_EVENT_TYPES = ['contact.queued', 'contact.answered', 'contact.abandoned', 'contact.resolved'] as const;
export const EVENT_TYPES = [...CONTACT_EVENT_TYPES, 'orders.placed', 'csat.submitted', 'survey.submitted', 'agent.status'] as const;
export type ContactEventType = (typeof CONTACT_EVENT_TYPES)[number];

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Event time: ISO-8601 with a zone, or epoch milliseconds; normalised to epoch ms. */
const at = z.union([
  z.number().int('must be whole epoch milliseconds').nonnegative().max(8.64e15),
  z.string().regex(ISO, 'must be an ISO-8601 time with a zone (e.g. 2026-11-27T10:15:00Z) or epoch milliseconds'),
], { error: 'must be an ISO-8601 string or epoch milliseconds' }).transform((v, ctx) => {
  // luxon checks the calendar (Date.parse would roll 2026-11-31 over to 1 December).
  const ms = typeof v === 'number' ? v : DateTime.fromISO(v, { setZone: true }).toMillis();
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'is not a valid date and time' });
    return z.NEVER;
  }
  return ms;
});

/** Names used inside keys and hash fields: no separators, no control or bidirectional characters. */
const label = (max: number) => safeText().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).regex(/^[^|]+$/, 'must not contain "|"');
/** A contact reason as events carry it (and as the series of a reason is asked for). */
export const reasonNameSchema = label(64);
/** A contact's or agent's id: no control or bidirectional characters either. */
const externalId = (required: string) => safeText({ error: required }).min(1, 'must not be empty').max(128, 'must be at most 128 characters');

/** An event's id: unique per event; the key of duplicates and of retraction. */
export const eventIdSchema = z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const id = eventIdSchema;
const channel = z.string({ error: 'is required (a configured channel)' }).min(1, 'must not be empty');

/**
 * The customer behind a contact: whatever stable id the contact system has for them. Read from `contact.queued`
 * (checked, and ignored, on the other contact events, so an integration that sends it on every event loses
 * none). Never stored as sent: the server keeps a keyed hash of it (docs/METRICS.md, "Repeat contacts").
 */
const customerId = externalId('must be a string (the customer\'s id in your contact system)');

const contactEvent = (type: ContactEventType) => z.object({
  id, type: z.literal(type), at, channel,
  contactId: externalId('is required for contact events (a string)'),
  queue: label(64).optional(),
  reason: reasonNameSchema.optional(),
  customerId: customerId.optional(),
});

const CSAT_SCORE = `must be ${scoreRangeText('csat')}`;

/** The optional fields of a survey response. */
const surveyOptions = {
  contactId: externalId('must be a string').optional(),
  queue: label(64).optional(),
  reason: reasonNameSchema.optional(),
};

/** One event of the ingest contract, as parsed (times as epoch ms). */
export const eventSchema = z.discriminatedUnion('type', [
  ...CONTACT_EVENT_TYPES.map(contactEvent) as [ReturnType<typeof contactEvent>, ...ReturnType<typeof contactEvent>[]],
  z.object({
    id, type: z.literal('orders.placed'), at,
    count: z.number({ error: 'is required: a positive whole number of orders placed in that minute' })
      .int('must be a whole number').positive('must be at least 1').max(10_000_000, 'must be at most 10,000,000'),
    channel: z.string().optional(),
  }),
  z.object({
    id, type: z.literal('csat.submitted'), at, channel,
    score: z.number({ error: `is required: ${scoreRangeText('csat')}` }).int(CSAT_SCORE).min(SURVEY_SCALES.csat.min, CSAT_SCORE).max(SURVEY_SCALES.csat.max, CSAT_SCORE),
    ...surveyOptions,
  }),
  z.object({
    id, type: z.literal('survey.submitted'), at, channel,
    kind: z.enum(SURVEY_KINDS, { error: (iss) => `${iss.input === undefined ? 'is required:' : 'must be'} one of ${SURVEY_KINDS.join(', ')}` }),
    score: z.number({ error: `is required: an integer (${SURVEY_KINDS.map((k) => `${k} ${SURVEY_SCALES[k].min}-${SURVEY_SCALES[k].max}`).join(', ')})` }),
    ...surveyOptions,
  }).check((ctx) => {
    const { kind, score } = ctx.value;
    const { min, max } = SURVEY_SCALES[kind];
    if (!Number.isInteger(score) || score < min || score > max) ctx.issues.push({ code: 'custom', input: score, path: ['score'], message: `must be ${scoreRangeText(kind)} for kind ${kind}` });
  }),
  z.object({
    id, type: z.literal('agent.status'), at, channel,
    agentId: externalId('is required for agent.status (a string)'),
    status: z.enum(AGENT_STATUSES, { error: `must be one of ${AGENT_STATUSES.join(', ')}` }),
  }),
], { error: (iss) => (iss.code === 'invalid_union' ? `type: must be one of ${EVENT_TYPES.join(', ')}` : undefined) });

export type PeakEvent = z.infer<typeof eventSchema>;

export type EventCheck = { ok: true; event: PeakEvent } | { ok: false; error: string };

/** Turns zod issues into one line that names each field, e.g. `contactId: is required for contact events`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.map(String).join('.');
      return path && !i.message.startsWith(`${path}:`) ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/**
 * Validates one raw event against the contract and the context: the configured channels and the clock
 * (more than 5 min in the future or older than 7 days is rejected).
 */
export function checkEvent(raw: unknown, ctx: { channels: ReadonlySet<string>; now: number }): EventCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'event must be a JSON object' };
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
  const event = parsed.data;
  if (event.at > ctx.now + INGEST_LIMITS.maxFutureMs) return { ok: false, error: 'at: is more than 5 minutes in the future' };
  if (event.at < ctx.now - INGEST_LIMITS.maxAgeMs) return { ok: false, error: 'at: is older than 7 days' };
  if (event.channel !== undefined && !ctx.channels.has(event.channel)) {
    return { ok: false, error: `channel: unknown channel "${event.channel.slice(0, 40)}" (configured: ${[...ctx.channels].join(', ')})` };
  }
  return { ok: true, event };
}
