import { type EventLookup, type RecordedEvent, type RetractRequest, type RetractResult, retractSchema } from '@shared/retract';
import { count, longDate, clockTime } from './format';

/** The id typed in, as the retraction the server takes (the shared schema), or what is wrong with it. */
export function retractionOf(text: string): { ok: true; request: RetractRequest } | { ok: false; error: string } {
  const parsed = retractSchema.safeParse({ ids: [text.trim()] });
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, error: `The event id ${parsed.error.issues[0]?.message ?? 'is not valid'}.` };
}

/** One line of what an event did, e.g. `orders.placed · 10,000,000 orders · Fri 27 Nov 2026 10:15:00`. */
export function eventSummary(e: RecordedEvent, timeZone?: string): string {
  const parts: string[] = [e.type];
  if (e.type === 'orders.placed') parts.push(`${count(e.count ?? null)} orders`);
  if (e.type === 'csat.submitted') parts.push(`score ${e.score}`);
  if (e.type === 'agent.status') parts.push(`agent ${e.agentId} ${e.status}`);
  if (e.contactId !== undefined) parts.push(`contact ${e.contactId}`);
  if (e.channel) parts.push(e.channel + (e.queue ? ` / ${e.queue}` : ''));
  if (e.reason) parts.push(`reason ${e.reason}`);
  parts.push(`${longDate(e.at, timeZone)} ${clockTime(e.at, timeZone)}`);
  return parts.join(' · ');
}

/** What a lookup found, for a person. */
export function lookupText(l: EventLookup): string {
  if (l.state === 'applied') return 'It counts in the figures.';
  if (l.state === 'retracted') return l.event ? 'It was retracted: it no longer counts.' : 'It was retracted before it arrived: it will not count when it does.';
  return 'No event with this id is known: never received, or received longer ago than the duplicate window (48 h by default).';
}

/** The outcome of retracting one id, for a person. */
export function retractText(r: RetractResult): string {
  return r.retracted > 0
    ? 'Retracted: the figures no longer count it, on every screen.'
    : 'Not known, so nothing changed; if it arrives within the duplicate window it will not count.';
}
