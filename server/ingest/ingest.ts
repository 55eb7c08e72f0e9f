import { INGEST_LIMITS, checkEvent, type PeakEvent } from '../../shared/events';
import { HttpError } from '../http/errors';
import type { Store } from '../store/store';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

export interface IngestDeps {
  store: Store;
  channels: ReadonlySet<string>;
  clock: () => number;
  /** Told after Redis applied at least one event (marks the state dirty for the broadcaster). */
  onApplied?: (accepted: number) => void;
}

/** The events of a body: a JSON array, or `{"events": [...]}`. */
export function eventsOf(body: unknown): unknown[] {
  const events = Array.isArray(body) ? body
    : body !== null && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events) ? (body as { events: unknown[] }).events
    : null;
  if (!events) throw new HttpError(400, 'body must be a JSON array of events, or {"events": [...]}');
  if (events.length > INGEST_LIMITS.maxEvents) {
    throw new HttpError(413, `batch has ${events.length} events; at most ${INGEST_LIMITS.maxEvents} per request`);
  }
  return events;
}

/**
 * Validates every event, applies the valid ones (a mixed batch still applies its valid events) and
 * resolves only after Redis applied them.
 */
export async function ingest(body: unknown, deps: IngestDeps): Promise<IngestResult> {
  const raw = eventsOf(body);
  const now = deps.clock();
  const valid: PeakEvent[] = [];
  const rejected: IngestResult['rejected'] = [];
  raw.forEach((r, index) => {
    const check = checkEvent(r, { channels: deps.channels, now });
    if (check.ok) valid.push(check.event);
    else rejected.push({ index, error: check.error });
  });
  const applied = valid.length ? await deps.store.applyEvents(valid) : [];
  const accepted = applied.filter(Boolean).length;
  if (accepted > 0) deps.onApplied?.(accepted);
  return { accepted, duplicates: applied.length - accepted, rejected };
}
