/**
 * The ack and silence forms' input, checked as the API checks it (server/http/alert-routes.ts), so a lead
 * hears of a mistake before the round trip; the server's word still stands and is shown when it differs.
 */

/** The durations a silence offers with one tap, in minutes. */
export const SILENCE_PRESETS: readonly number[] = [15, 60, 240, 1440];
export const SILENCE_MAX_MINUTES = 1440;
export const NOTE_MAX = 500;

/** `15 min`, `1 h`, `1 h 30 min`, `24 h`. */
export function minutesLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export type Checked<T> = { ok: true; body: T } | { ok: false; field: string; error: string };

/** The body of `POST /alerts/:id/ack`: an optional note (what is being done). Who acked is the token's name. */
export function ackBody(input: { note: string }): Checked<{ note: string }> {
  const note = input.note.trim();
  if (note.length > NOTE_MAX) return { ok: false, field: 'note', error: `Note: at most ${NOTE_MAX} characters.` };
  return { ok: true, body: { note } };
}

/** The body of `POST /silences`: whole minutes 1-1440 and a reason are required. */
export function silenceBody(input: { alertId: string; minutes: string; reason: string }):
  Checked<{ alertId: string; minutes: number; reason: string }> {
  const text = input.minutes.trim();
  const minutes = Number(text);
  if (!/^\d+$/.test(text) || minutes < 1 || minutes > SILENCE_MAX_MINUTES) {
    return { ok: false, field: 'minutes', error: `Duration: whole minutes from 1 to ${SILENCE_MAX_MINUTES} (24 h).` };
  }
  const reason = input.reason.trim();
  if (!reason) return { ok: false, field: 'reason', error: 'Reason: say why it is silenced, for whoever looks next.' };
  if (reason.length > NOTE_MAX) return { ok: false, field: 'reason', error: `Reason: at most ${NOTE_MAX} characters.` };
  return { ok: true, body: { alertId: input.alertId, minutes, reason } };
}
