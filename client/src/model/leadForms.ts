/**
 * The ack and silence forms' input, checked with the API's own schemas (shared/alerts.ts), so a lead hears of
 * a mistake before the round trip; the server's word still stands and is shown when it differs.
 */
import { type z } from 'zod';
import { NOTE_MAX, SILENCE_MAX_MINUTES, ackSchema, silenceSchema } from '@shared/alerts';

export { NOTE_MAX, SILENCE_MAX_MINUTES };

/** The durations a silence offers with one tap, in minutes. */
export const SILENCE_PRESETS: readonly number[] = [15, 60, 240, 1440];

/** `15 min`, `1 h`, `1 h 30 min`, `24 h`. */
export function minutesLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export type Checked<T> = { ok: true; body: T } | { ok: false; field: string; error: string };

/** How the forms name their fields in a message. */
const FIELD_NAMES: Record<string, string> = { note: 'Note', minutes: 'Duration', reason: 'Reason' };

/** The body as the schema reads it, or its first problem, named by the form's field. */
function check<S extends z.ZodType>(schema: S, body: unknown): Checked<z.infer<S>> {
  const p = schema.safeParse(body);
  if (p.success) return { ok: true, body: p.data };
  const issue = p.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  return { ok: false, field, error: `${FIELD_NAMES[field] ?? field}: ${issue.message}` };
}

/** The body of `POST /alerts/:id/ack`: an optional note (what is being done). Who acked is the token's name. */
export function ackBody(input: { note: string }): Checked<{ note: string }> {
  return check(ackSchema, { note: input.note.trim() });
}

/** The body of `POST /silences`: whole minutes 1-1440 and a reason are required. */
export function silenceBody(input: { alertId: string; minutes: string; reason: string }):
  Checked<{ alertId: string; minutes: number; reason: string }> {
  const text = input.minutes.trim();
  // Digits only: Number('') is 0 and Number('1e3') is 1000; anything else is sent as NaN for the schema to refuse.
  const minutes = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return check(silenceSchema, { alertId: input.alertId, minutes, reason: input.reason.trim() });
}
