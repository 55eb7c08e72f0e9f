/**
 * What the customer widget says (no dependency: the widget script stays a few KB). The wording of a reply of
 * `GET /api/v1/wait` for the person waiting.
 */
import type { WaitReply } from './wait';

/** How often the widget asks, ms (the benchmarks and the route's rate limit assume it). */
export const WIDGET_POLL_MS = 10_000;

/** English ordinal of a place: 1st 2nd 3rd 4th … 11th 12th 13th … 21st 22nd 23rd … 111th. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** "about 2 min", or "less than a minute". */
export function aboutMinutes(seconds: number): string {
  return seconds < 45 ? 'less than a minute' : `about ${Math.max(1, Math.round(seconds / 60))} min`;
}

/** What to show: a line, the email form instead (nobody can answer), or nothing (the contact is not waiting any more). */
export type WidgetView = { kind: 'line'; text: string } | { kind: 'email'; text: string } | { kind: 'none' };

export function widgetView(r: Pick<WaitReply, 'state' | 'position' | 'ewtSeconds'>): WidgetView {
  if (r.state === 'closed') return { kind: 'email', text: 'We are closed right now.' };
  if (r.state === 'unstaffed') return { kind: 'email', text: 'Nobody can answer the chat right now.' };
  if (r.position === null) return { kind: 'none' };
  if (r.position === 1) return { kind: 'line', text: 'You are next' };
  const wait = r.ewtSeconds === null ? '' : ` · ${aboutMinutes(r.ewtSeconds)}`;
  return { kind: 'line', text: `You are ${ordinal(r.position)} in line${wait}` };
}
