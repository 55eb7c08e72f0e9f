import { describe, expect, it } from 'vitest';
import { type PeakEvent, checkEvent } from '../../shared/events';
import { PeakModel } from '../../scripts/sim/model';
import type { ModelOptions } from '../../scripts/sim/profile';

const HOUR = 3_600_000;
/** Black Friday 2025, 00:00 UTC: the model's day starts at a local midnight, as the runner starts it. */
const DAY = Date.UTC(2025, 10, 28);
const CHANNELS = new Set(['chat', 'voice', 'email', 'messaging', 'social']);

const days = new Map<string, PeakEvent[]>();
/** One simulated day (cached per options: several tests read the same day). */
function simulateDay(options: ModelOptions = {}): PeakEvent[] {
  const key = JSON.stringify(options);
  if (!days.has(key)) days.set(key, new PeakModel(options, DAY).advanceTo(DAY + 24 * HOUR));
  return days.get(key)!;
}

type ContactEv = Extract<PeakEvent, { contactId: string; type: `contact.${string}` }>;
const contactEvents = (events: PeakEvent[]) => events.filter((e): e is ContactEv => e.type.startsWith('contact.'));
const within = (e: PeakEvent, fromHour: number, toHour: number) => e.at >= DAY + fromHour * HOUR && e.at < DAY + toHour * HOUR;

/** Waits (ms) of answered contacts and the number abandoned, on one channel. */
function waits(events: PeakEvent[], channel: string): { answered: number[]; abandoned: number } {
  const queuedAt = new Map<string, number>();
  const answered: number[] = [];
  let abandoned = 0;
  for (const e of contactEvents(events)) {
    if (e.channel !== channel) continue;
    if (e.type === 'contact.queued') queuedAt.set(e.contactId, e.at);
    if (e.type === 'contact.answered') answered.push(e.at - queuedAt.get(e.contactId)!);
    if (e.type === 'contact.abandoned') abandoned++;
  }
  return { answered, abandoned };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('peak model', () => {
  it('the same seed gives the same events, ids included', () => {
    const a = new PeakModel({ seed: 7 }, DAY).advanceTo(DAY + 14 * HOUR);
    const b = new PeakModel({ seed: 7 }, DAY).advanceTo(DAY + 14 * HOUR);
    expect(a.length).toBeGreaterThan(10_000);
    expect(b).toEqual(a);
  });

  it('a different seed gives a different day', () => {
    const a = new PeakModel({ seed: 7 }, DAY).advanceTo(DAY + 14 * HOUR);
    const b = new PeakModel({ seed: 8 }, DAY).advanceTo(DAY + 14 * HOUR);
    const shape = (evs: PeakEvent[]) => evs.map((e) => `${e.type}@${e.at}`);
    expect(shape(b)).not.toEqual(shape(a));
    expect(new Set(b.map((e) => e.id)).has(a[0]!.id)).toBe(false);
  });

  it('advancing in uneven steps gives the same events as one step, none at or after the step end', () => {
    const whole = new PeakModel({ seed: 3 }, DAY).advanceTo(DAY + 6 * HOUR);
    const model = new PeakModel({ seed: 3 }, DAY);
    const stepped: PeakEvent[] = [];
    for (let t = DAY, i = 0; t < DAY + 6 * HOUR; i++) {
      t = Math.min(DAY + 6 * HOUR, t + [1, 997, 60_000, 3_333_333][i % 4]!);
      const batch = model.advanceTo(t);
      expect(batch.every((e) => e.at < t)).toBe(true);
      stepped.push(...batch);
    }
    expect(stepped).toEqual(whole);
  });

  it('every event passes the real ingest validator', () => {
    const events = simulateDay();
    const now = DAY + 24 * HOUR;
    const failures = events.map((e) => checkEvent(e, { channels: CHANNELS, now })).filter((r) => !r.ok);
    expect(failures).toEqual([]);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['contact.queued', 'contact.answered', 'contact.abandoned', 'contact.resolved', 'orders.placed', 'csat.submitted', 'survey.submitted', 'agent.status']));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('per contact: queued ≤ answered or abandoned ≤ resolved, each at most once', () => {
    const byContact = new Map<string, Partial<Record<ContactEv['type'], number[]>>>();
    for (const e of contactEvents(simulateDay())) {
      const c = byContact.get(e.contactId) ?? {};
      (c[e.type] ??= []).push(e.at);
      byContact.set(e.contactId, c);
    }
    expect(byContact.size).toBeGreaterThan(5_000);
    for (const [id, c] of byContact) {
      const q = c['contact.queued'];
      expect(q, id).toHaveLength(1);
      const left = [...(c['contact.answered'] ?? []), ...(c['contact.abandoned'] ?? [])];
      expect(left.length, id).toBeLessThanOrEqual(1);
      if (left[0] !== undefined) expect(left[0], id).toBeGreaterThanOrEqual(q![0]!);
      const resolved = c['contact.resolved'];
      if (resolved) {
        expect(resolved, id).toHaveLength(1);
        expect(c['contact.answered'], `${id} resolved without an answer`).toHaveLength(1);
        expect(resolved[0]!, id).toBeGreaterThanOrEqual(c['contact.answered']![0]!);
      }
      if (c['contact.abandoned']) expect(resolved, id).toBeUndefined();
    }
  });

  it('about half of the contacts are chats, and every channel gets some', () => {
    const queued = contactEvents(simulateDay()).filter((e) => e.type === 'contact.queued');
    const share = (ch: string) => queued.filter((e) => e.channel === ch).length / queued.length;
    expect(share('chat')).toBeGreaterThan(0.45);
    expect(share('chat')).toBeLessThan(0.55);
    for (const ch of ['voice', 'email', 'messaging', 'social']) expect(share(ch), ch).toBeGreaterThan(0.02);
    expect(new Set(queued.map((e) => e.queue)).size).toBeGreaterThanOrEqual(4);
  });

  it('every contact has a customer; most come once, some come back (more of those who gave up)', () => {
    const events = contactEvents(simulateDay());
    const queued = events.filter((e) => e.type === 'contact.queued');
    expect(queued.every((e) => typeof e.customerId === 'string')).toBe(true);
    const customerOf = new Map(queued.map((e) => [e.contactId, e.customerId!]));
    const contactsOf = new Map<string, number>();
    for (const e of queued) contactsOf.set(e.customerId!, (contactsOf.get(e.customerId!) ?? 0) + 1);
    const repeatShare = (queued.length - contactsOf.size) / queued.length;
    expect(repeatShare).toBeGreaterThan(0.03);
    expect(repeatShare).toBeLessThan(0.2);
    expect([...contactsOf.values()].filter((n) => n === 1).length / contactsOf.size).toBeGreaterThan(0.85);
    // Customers who abandoned come back more often than those answered.
    const cameBack = (type: string) => {
      const last = new Map<string, number>();
      for (const e of queued) last.set(e.customerId!, Math.max(last.get(e.customerId!) ?? 0, e.at));
      const ended = events.filter((e) => e.type === type);
      return ended.filter((e) => last.get(customerOf.get(e.contactId)!)! > e.at).length / ended.length;
    };
    expect(cameBack('contact.abandoned')).toBeGreaterThan(cameBack('contact.resolved') * 2);
  });

  it('arrivals follow the day: the night is far quieter than midday', () => {
    const queued = contactEvents(simulateDay()).filter((e) => e.type === 'contact.queued');
    const night = queued.filter((e) => within(e, 2, 5)).length;
    const midday = queued.filter((e) => within(e, 9, 12)).length;
    expect(midday).toBeGreaterThan(night * 5);
  });

  it('the carrier incident raises where-is-my-order\'s share in its window, and only then', () => {
    const share = (events: PeakEvent[], from: number, to: number) => {
      const q = contactEvents(events).filter((e) => e.type === 'contact.queued' && within(e, from, to));
      return q.filter((e) => e.reason === 'where-is-my-order').length / q.length;
    };
    const day = simulateDay();
    const before = share(day, 9, 11.5);
    const during = share(day, 12.5, 13.75);
    expect(during).toBeGreaterThan(before * 1.5);
    expect(share(day, 15, 17)).toBeLessThan(before * 1.25);
    const calm = simulateDay({ incident: null });
    expect(share(calm, 12.5, 13.75)).toBeLessThan(share(calm, 9, 11.5) * 1.25);
  });

  it('fewer agents mean longer waits and more abandons', () => {
    const thin = waits(simulateDay({ staffing: 0.85 }), 'chat');
    const ample = waits(simulateDay({ staffing: 1.4 }), 'chat');
    expect(mean(thin.answered)).toBeGreaterThan(mean(ample.answered) * 2);
    expect(thin.abandoned).toBeGreaterThan(ample.abandoned * 2);
  });

  it('staffing follows the day: fewer chat agents on shift at night than at midday', () => {
    const onShiftAt = (t: number) => {
      const latest = new Map<string, string>();
      for (const e of simulateDay()) if (e.type === 'agent.status' && e.channel === 'chat' && e.at <= t) latest.set(e.agentId, e.status);
      return [...latest.values()].filter((s) => s !== 'offline').length;
    };
    const night = onShiftAt(DAY + 3.5 * HOUR);
    const noon = onShiftAt(DAY + 11 * HOUR);
    expect(night).toBeGreaterThanOrEqual(2);
    expect(noon).toBeGreaterThan(night * 4);
    const statuses = new Set(simulateDay().filter((e) => e.type === 'agent.status').map((e) => e.status));
    expect(statuses).toEqual(new Set(['available', 'busy', 'away', 'offline']));
  });

  it('orders arrive every minute and the contact rate is plausible', () => {
    const day = simulateDay();
    const orders = day.filter((e) => e.type === 'orders.placed');
    expect(orders.length).toBeGreaterThan(1_400);
    const count = (from: number, to: number) => {
      const placed = orders.filter((e) => within(e, from, to)).reduce((s, e) => s + e.count, 0);
      const contacts = contactEvents(day).filter((e) => e.type === 'contact.queued' && within(e, from, to)).length;
      return contacts / placed;
    };
    expect(count(8, 11.5)).toBeGreaterThan(0.035);
    expect(count(8, 11.5)).toBeLessThan(0.06);
    expect(count(0, 24)).toBeGreaterThan(0.04);
    expect(count(0, 24)).toBeLessThan(0.065);
  });

  it('CSAT scores fall with long waits', () => {
    const day = simulateDay({ staffing: 0.85 });
    const wait = new Map<string, number>();
    const queuedAt = new Map<string, number>();
    for (const e of contactEvents(day)) {
      if (e.type === 'contact.queued') queuedAt.set(e.contactId, e.at);
      if (e.type === 'contact.answered' && e.channel === 'chat') wait.set(e.contactId, e.at - queuedAt.get(e.contactId)!);
    }
    const short: number[] = [];
    const long: number[] = [];
    for (const e of day) {
      if (e.type !== 'csat.submitted' || !e.contactId || !wait.has(e.contactId)) continue;
      (wait.get(e.contactId)! <= 30_000 ? short : wait.get(e.contactId)! >= 120_000 ? long : []).push(e.score);
    }
    expect(short.length).toBeGreaterThan(100);
    expect(long.length).toBeGreaterThan(30);
    expect(mean(long)).toBeLessThan(mean(short) - 0.7);
  });

  it('CES and NPS: a share of resolved contacts answers each, within its scale, scoring lower after long waits', () => {
    const day = simulateDay({ staffing: 0.85 });
    const wait = new Map<string, number>();
    const queuedAt = new Map<string, number>();
    let resolved = 0;
    for (const e of contactEvents(day)) {
      if (e.type === 'contact.queued') queuedAt.set(e.contactId, e.at);
      if (e.type === 'contact.answered' && e.channel === 'chat') wait.set(e.contactId, e.at - queuedAt.get(e.contactId)!);
      if (e.type === 'contact.resolved') resolved++;
    }
    for (const [kind, rate, lo, hi] of [['ces', 0.15, 1, 7], ['nps', 0.1, 0, 10]] as const) {
      const answers = day.filter((e) => e.type === 'survey.submitted' && e.kind === kind) as Extract<PeakEvent, { type: 'survey.submitted' }>[];
      expect(answers.length / resolved).toBeGreaterThan(rate * 0.8);
      expect(answers.length / resolved).toBeLessThan(rate * 1.2);
      expect(answers.every((e) => Number.isInteger(e.score) && e.score >= lo && e.score <= hi)).toBe(true);
      const short = answers.filter((e) => wait.has(e.contactId!) && wait.get(e.contactId!)! <= 30_000).map((e) => e.score);
      const long = answers.filter((e) => wait.has(e.contactId!) && wait.get(e.contactId!)! >= 120_000).map((e) => e.score);
      expect(short.length).toBeGreaterThan(30);
      expect(long.length).toBeGreaterThan(5);
      expect(mean(long)).toBeLessThan(mean(short) - (kind === 'nps' ? 1 : 0.7));
    }
  });

  it('email never abandons; chat and voice do', () => {
    const day = simulateDay({ staffing: 0.85 });
    expect(waits(day, 'email').abandoned).toBe(0);
    expect(waits(day, 'chat').abandoned).toBeGreaterThan(0);
    expect(waits(day, 'voice').abandoned).toBeGreaterThan(0);
  });
});
