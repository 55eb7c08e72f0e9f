import { DEFAULT_CHANNELS } from '../../shared/channels';
import { type EventCheck, checkEvent } from '../../shared/events';

/** Builders and checks shared by the event validator's unit tests: a fixed clock, one event of each type. */
export const NOW = Date.UTC(2026, 10, 27, 10, 15, 0); // 2026-11-27T10:15:00Z
export const MIN = 60_000;
export const DAY = 86_400_000;
export const ctx = { channels: new Set<string>(DEFAULT_CHANNELS), now: NOW };

export const check = (raw: unknown, c: { channels: ReadonlySet<string>; now: number } = ctx) => checkEvent(raw, c);

export function ok(r: EventCheck) {
  if (!r.ok) throw new Error(`expected the event to be accepted, got: ${r.error}`);
  return r.event;
}
export function error(r: EventCheck): string {
  if (r.ok) throw new Error(`expected the event to be rejected, got: ${JSON.stringify(r.event)}`);
  return r.error;
}

export const contact = (over: Record<string, unknown> = {}) => ({
  id: 'evt-1', type: 'contact.queued', at: NOW - MIN, channel: 'chat', contactId: 'c-1', ...over,
});
export const orders = (over: Record<string, unknown> = {}) => ({ id: 'evt-o', type: 'orders.placed', at: NOW - MIN, count: 12, ...over });
export const csatEv = (over: Record<string, unknown> = {}) => ({ id: 'evt-c', type: 'csat.submitted', at: NOW - MIN, channel: 'chat', score: 4, ...over });
export const agent = (over: Record<string, unknown> = {}) => ({
  id: 'evt-a', type: 'agent.status', at: NOW - MIN, channel: 'voice', agentId: 'agent-7', status: 'available', ...over,
});
export const without = (o: Record<string, unknown>, key: string) => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};
