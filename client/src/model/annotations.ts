/**
 * Incident annotations ("carrier X delay from 14:05") as chart markers and list entries, and the add form's
 * checks. Pure; times are epoch ms shown in the snapshot's time zone.
 */
import type { Annotation } from '@shared/annotations';
import { hourMinute } from './format';

/** A vertical marker on a time axis: a dashed line at `start`, a band to `end` when it has one. */
export interface Marker {
  id: string;
  start: number;
  end: number | null;
  label: string;
}

/** Labels on the charts stay short; the list says the rest. */
export const MARKER_LABEL_CHARS = 22;

/** Cuts a note to at most `max` characters, at a word where one ends late enough, with an ellipsis. */
export function shortLabel(text: string, max = MARKER_LABEL_CHARS): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The markers of one channel's charts: its own notes and those for every channel (null: all notes). */
export function markersFor(annotations: readonly Annotation[], channel: string | null): Marker[] {
  return annotations
    .filter((a) => channel === null || a.channel === null || a.channel === channel)
    .map((a) => ({ id: a.id, start: a.start, end: a.end, label: shortLabel(a.text) }))
    .sort((a, b) => a.start - b.start);
}

/** `14:05–14:40`, or `from 14:05` while it lasts. */
export function annotationWhen(a: Pick<Annotation, 'start' | 'end'>, timeZone: string | undefined): string {
  const from = hourMinute(a.start, timeZone);
  return a.end === null ? `from ${from}` : `${from}–${hourMinute(a.end, timeZone)}`;
}

/** The snapshot's notes with those just added here (the push may not have brought them yet), newest first. */
export function mergeAnnotations(fromSnapshot: readonly Annotation[], added: readonly Annotation[]): Annotation[] {
  const byId = new Map<string, Annotation>();
  for (const a of [...added, ...fromSnapshot]) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => b.start - a.start || b.createdAt - a.createdAt);
}

const HHMM = /^(\d{1,2}):(\d{2})$/;

/**
 * A local time of day `HH:MM` as epoch ms on the day whose 15-minute interval starts are `starts`: the
 * interval whose local label is HH:MM rounded down to the quarter, plus the minutes past it. Interval starts
 * come from the server in its time zone, so daylight-saving days need no time-zone arithmetic here.
 * Null: not a time, or not a time of that day.
 */
export function localTimeOnDay(hhmm: string, starts: readonly number[], timeZone: string | undefined): number | null {
  const m = HHMM.exec(hhmm.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  const label = `${String(hour).padStart(2, '0')}:${String(minute - (minute % 15)).padStart(2, '0')}`;
  const start = starts.find((s) => hourMinute(s, timeZone) === label);
  return start === undefined ? null : start + (minute % 15) * 60_000;
}

export interface AnnotationForm {
  text: string;
  /** `HH:MM`, local. */
  start: string;
  /** `HH:MM`, or empty while it lasts. */
  end: string;
  /** A channel, or empty for all. */
  channel: string;
}

export type AnnotationCheck =
  | { ok: true; value: { text: string; start: number; end: number | null; channel: string | null } }
  | { ok: false; errors: Partial<Record<keyof AnnotationForm, string>> };

/** Checks the add form as the server would, each problem on its field. */
export function checkAnnotation(f: AnnotationForm, starts: readonly number[], timeZone: string | undefined): AnnotationCheck {
  const errors: Partial<Record<keyof AnnotationForm, string>> = {};
  const text = f.text.trim();
  if (!text) errors.text = 'Say what happened.';
  else if (text.length > 200) errors.text = `At most 200 characters (${text.length} now).`;
  const start = localTimeOnDay(f.start, starts, timeZone);
  if (start === null) errors.start = 'A time of today, HH:MM.';
  let end: number | null = null;
  if (f.end.trim()) {
    end = localTimeOnDay(f.end, starts, timeZone);
    if (end === null) errors.end = 'A time of today, HH:MM, or empty while it lasts.';
    else if (start !== null && end < start) errors.end = 'Must not be before the start.';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { text, start: start!, end, channel: f.channel || null } };
}
