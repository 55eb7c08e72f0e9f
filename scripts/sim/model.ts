/**
 * The peak-day model: a discrete-event simulation of customers, queues and agents that emits the events a
 * contact-centre platform would send. Time only moves when the caller advances it, and every event it
 * returns happened before that point, so it can never produce a timestamp in the future.
 */
import type { AgentStatus } from '../../shared/channels';
import type { PeakEvent } from '../../shared/events';
import { SURVEY_KINDS, SURVEY_SCALES, type SurveyKind } from '../../shared/surveys';
import { type Agent, AgentPool } from './agents';
import { TaskHeap } from './heap';
import {
  type ModelConfig, type ModelOptions, type SimChannel, SIM_CHANNELS, incidentBoost, localHour, ordersPerMinute,
  plannedAgents, resolveModel,
} from './profile';
import { Rng, fnv1a } from './random';
import { RecentWaits, patienceAfterTold } from './told-wait';
import { Customers } from './customers';

const MINUTE = 60_000;
const ROSTER_STEP = 15 * MINUTE;

interface Contact {
  readonly id: string;
  readonly channel: SimChannel;
  readonly queue: string;
  readonly reason: string;
  /** The customer's id: most are new, some come back (./customers.ts). */
  readonly customer: string;
  readonly queuedAt: number;
  state: 'waiting' | 'serving' | 'closed';
  agent?: Agent;
  answeredAt?: number;
  /** Events so far, kept while open so a late starter can still post the whole contact. */
  readonly history: PeakEvent[];
}

/** Per survey: its response rate's option, the score of a content customer, points lost per unit of bad mood, and the noise. */
const SURVEY_MODEL = {
  csat: { rate: 'csatResponseRate', content: 4.2, perPoint: 1.1, spread: 1 },
  ces: { rate: 'cesResponseRate', content: 5.8, perPoint: 1.5, spread: 1.2 },
  nps: { rate: 'npsResponseRate', content: 8.4, perPoint: 2.4, spread: 1.6 },
} as const satisfies Record<SurveyKind, { rate: keyof ModelConfig; content: number; perPoint: number; spread: number }>;

type Task =
  | { kind: 'minute' }
  | { kind: 'roster' }
  | { kind: 'arrive'; channel: SimChannel; queue: string; reason: string }
  | { kind: 'answer'; contact: Contact }
  | { kind: 'abandon'; contact: Contact }
  | { kind: 'resolve'; contact: Contact }
  | { kind: 'survey'; contact: Contact; survey: SurveyKind; score: number }
  | { kind: 'breakEnd'; channel: SimChannel; agent: Agent };

export class PeakModel {
  readonly config: ModelConfig;
  /** Prefix of every id this run makes: the same seed, start and model give the same ids. */
  readonly tag: string;
  private readonly rng: Rng;
  private readonly heap = new TaskHeap<Task>();
  private readonly pools: Record<SimChannel, AgentPool>;
  private readonly waiting: Record<SimChannel, Contact[]>;
  private readonly open = new Map<string, Contact>();
  private now: number;
  private eventSeq = 0;
  private contactSeq = 0;
  private out: PeakEvent[] = [];
  /** Agents sent on the break wave, and when it ends (breakWave). */
  private readonly waveAgents = new Set<Agent>();
  /** Per channel: contacts not answered yet (waiting or being picked up), and recent answers and abandons. */
  private readonly unanswered = Object.fromEntries(SIM_CHANNELS.map((c) => [c, 0])) as Record<SimChannel, number>;
  private readonly recent = Object.fromEntries(SIM_CHANNELS.map((c) => [c, new RecentWaits()])) as Record<SimChannel, RecentWaits>;
  private waveEnd = 0;
  private readonly customers: Customers;

  /** A model whose clock starts at `start` (epoch ms) with empty queues and nobody on shift yet. */
  constructor(options: ModelOptions, readonly start: number) {
    this.config = resolveModel(options);
    this.rng = new Rng(this.config.seed);
    this.tag = `sim${this.config.seed}-${fnv1a(JSON.stringify([this.config, start])).toString(36)}`;
    this.now = start;
    this.customers = new Customers(this.tag);
    const hooks = (channel: SimChannel) => ({
      status: (agent: Agent, status: AgentStatus) => this.emitAgent(channel, agent, status),
      breakStarted: (agent: Agent) => {
        if (this.waveAgents.delete(agent)) {
          this.heap.push(Math.max(this.now + MINUTE, this.waveEnd), { kind: 'breakEnd', channel, agent });
          return;
        }
        const [lo, hi] = this.config.breakMinutes;
        this.heap.push(this.now + Math.round(this.rng.uniform(lo, hi) * MINUTE), { kind: 'breakEnd', channel, agent });
      },
    });
    const pools = {} as Record<SimChannel, AgentPool>;
    const waiting = {} as Record<SimChannel, Contact[]>;
    for (const c of SIM_CHANNELS) {
      pools[c] = new AgentPool(`agent-${this.config.seed}-${c}`, this.config.channels[c].concurrency, hooks(c));
      waiting[c] = [];
    }
    this.pools = pools;
    this.waiting = waiting;
    this.heap.push(start, { kind: 'roster' });
    this.heap.push(start, { kind: 'minute' });
  }

  /** The model's clock: every event before it has been returned. */
  get clock(): number {
    return this.now;
  }

  /** Runs the model up to `until` (exclusive) and returns the events that happened, in time order. */
  advanceTo(until: number): PeakEvent[] {
    while (this.heap.peekTime() < until) {
      const item = this.heap.pop()!;
      this.now = item.at;
      this.run(item.task);
    }
    this.now = Math.max(this.now, until);
    const out = this.out;
    this.out = [];
    return out;
  }

  /**
   * What a platform connected right now would need to know of the past: every event so far of the contacts
   * still open, and each agent's current status stamped with the clock. Ids are stable, so posting this
   * again is harmless.
   */
  carryOver(): PeakEvent[] {
    const events: PeakEvent[] = [...this.open.values()].flatMap((c) => c.history);
    for (const c of SIM_CHANNELS) {
      for (const a of this.pools[c].agents) {
        if (a.reported === null) continue;
        events.push({ id: `${this.tag}-s${this.now.toString(36)}-${a.id}`, type: 'agent.status', at: this.now, channel: c, agentId: a.id, status: a.reported });
      }
    }
    return events;
  }

  private run(task: Task): void {
    switch (task.kind) {
      case 'minute': return this.minute();
      case 'roster': return this.roster();
      case 'arrive': return this.arrive(task.channel, task.queue, task.reason);
      case 'answer': return this.answer(task.contact);
      case 'abandon': return this.abandon(task.contact);
      case 'resolve': return this.resolve(task.contact);
      case 'survey': return this.survey(task.contact, task.survey, task.score);
      case 'breakEnd':
        this.pools[task.channel].endBreak(task.agent);
        return this.dispatch(task.channel);
    }
  }

  /** Orders of this minute, and the contacts they bring, spread over the minute. */
  private minute(): void {
    const cfg = this.config;
    const h = localHour(this.now, cfg.timeZone);
    const orders = this.rng.poisson(ordersPerMinute(cfg, h));
    if (orders > 0) this.emit({ id: this.nextId(), type: 'orders.placed', at: this.now, count: orders });
    const reasons: Record<string, number> = {};
    let base = 0;
    let boosted = 0;
    for (const [r, w] of Object.entries(cfg.reasons)) {
      reasons[r] = w * incidentBoost(cfg.incident, r, h);
      base += w;
      boosted += reasons[r];
    }
    for (const c of SIM_CHANNELS) {
      const n = this.rng.poisson(orders * cfg.contactRate * cfg.channels[c].share * (boosted / base));
      for (let i = 0; i < n; i++) {
        const at = this.now + Math.floor(this.rng.float() * MINUTE);
        this.heap.push(at, { kind: 'arrive', channel: c, queue: this.rng.pick(cfg.markets), reason: this.rng.pick(reasons) });
      }
    }
    this.heap.push(this.now + MINUTE, { kind: 'minute' });
  }

  /** Every 15 minutes: staffing follows the plan, and some agents take a break. */
  private roster(): void {
    const h = localHour(this.now, this.config.timeZone);
    const wave = this.config.breakWave;
    const waveNow = wave !== null && h >= wave.startHour && h < wave.startHour + ROSTER_STEP / 3_600_000;
    if (waveNow) this.waveEnd = this.now + wave.minutes * MINUTE;
    for (const c of SIM_CHANNELS) {
      const pool = this.pools[c];
      pool.setTarget(plannedAgents(this.config, c, h));
      if (waveNow) {
        const working = pool.agents.filter((a) => a.onShift && !a.leaving && !a.onBreak && !a.breakPending);
        for (const a of working.slice(0, Math.round(working.length * wave.share))) {
          this.waveAgents.add(a);
          pool.requestBreak(a);
        }
      }
      for (const a of pool.agents) {
        if (a.onShift && !a.leaving && !a.onBreak && this.rng.chance(this.config.breakChance)) pool.requestBreak(a);
      }
      this.dispatch(c);
    }
    this.heap.push(this.now + ROSTER_STEP, { kind: 'roster' });
  }

  private arrive(channel: SimChannel, queue: string, reason: string): void {
    const contact: Contact = {
      id: `${this.tag}-c${(this.contactSeq++).toString(36)}`, channel, queue, reason,
      customer: this.customers.arriving(this.now), queuedAt: this.now, state: 'waiting', history: [],
    };
    this.open.set(contact.id, contact);
    this.emitContact(contact, 'contact.queued');
    const patience = this.config.channels[channel].patienceSeconds;
    const told = this.config.toldWait ? this.toldWait(channel) : null;
    this.unanswered[channel]++;
    if (patience) {
      // Most customers give up within the channel's usual range; a few hang on three times longer.
      const seconds = patienceAfterTold(this.rng.uniform(patience[0], patience[1]) * (this.rng.chance(0.1) ? 3 : 1), told);
      this.heap.push(this.now + Math.round(seconds * 1_000), { kind: 'abandon', contact });
    }
    this.waiting[channel].push(contact);
    this.dispatch(channel);
  }

  /** Peakwatch's estimate for a contact arriving now on `channel`, seconds (null: nobody staffed). */
  private toldWait(channel: SimChannel): number | null {
    const agents = this.pools[channel].agents;
    const head = this.waiting[channel].find((c) => c.state === 'waiting');
    const p = this.config.channels[channel];
    return this.recent[channel].estimate(this.now, {
      position: this.unanswered[channel] + 1, waiting: this.unanswered[channel], concurrency: p.concurrency, ahtSeconds: p.handleMinutes * 60,
      available: agents.filter((a) => a.reported === 'available').length, busy: agents.filter((a) => a.reported === 'busy').length,
      oldestQueuedAt: head?.queuedAt ?? null,
    });
  }

  /** Hands waiting contacts, oldest first, to agents with room. */
  private dispatch(channel: SimChannel): void {
    const queue = this.waiting[channel];
    const pool = this.pools[channel];
    let head = 0;
    while (head < queue.length) {
      const contact = queue[head]!;
      if (contact.state !== 'waiting') {
        head++;
        continue;
      }
      const agent = pool.free();
      if (!agent) break;
      head++;
      contact.state = 'serving';
      contact.agent = agent;
      pool.take(agent);
      const [lo, hi] = this.config.channels[channel].pickupSeconds;
      this.heap.push(this.now + Math.round(this.rng.uniform(lo, hi) * 1_000), { kind: 'answer', contact });
    }
    if (head > 0) queue.splice(0, head);
  }

  private answer(contact: Contact): void {
    contact.answeredAt = this.now;
    this.unanswered[contact.channel]--;
    this.recent[contact.channel].answered(this.now, this.now - contact.queuedAt);
    this.emitContact(contact, 'contact.answered');
    const p = this.config.channels[contact.channel];
    const handle = this.rng.lognormal(p.handleMinutes, p.handleCv) * MINUTE;
    this.heap.push(this.now + Math.max(1_000, Math.round(handle)), { kind: 'resolve', contact });
  }

  private abandon(contact: Contact): void {
    if (contact.state !== 'waiting') return;
    contact.state = 'closed';
    this.unanswered[contact.channel]--;
    this.recent[contact.channel].abandoned(this.now);
    this.emitContact(contact, 'contact.abandoned');
    this.open.delete(contact.id);
    this.customers.closed(contact.customer, this.now, { abandoned: true, longWait: true });
  }

  private resolve(contact: Contact): void {
    contact.state = 'closed';
    this.emitContact(contact, 'contact.resolved');
    this.open.delete(contact.id);
    const waited = ((contact.answeredAt ?? this.now) - contact.queuedAt) / 1_000;
    this.customers.closed(contact.customer, this.now, { abandoned: false, longWait: waited > this.config.csatPatience[contact.channel] });
    if (contact.agent) this.pools[contact.channel].release(contact.agent);
    const cfg = this.config;
    const wait = ((contact.answeredAt ?? this.now) - contact.queuedAt) / 1_000;
    for (const survey of SURVEY_KINDS) {
      if (!this.rng.chance(cfg[SURVEY_MODEL[survey].rate])) continue;
      const [lo, hi] = cfg.csatDelayMinutes;
      this.heap.push(this.now + Math.round(this.rng.uniform(lo, hi) * MINUTE), { kind: 'survey', contact, survey, score: this.score(contact, survey, wait) });
    }
    this.dispatch(contact.channel);
  }

  /**
   * Survey score: content customers score high (CSAT 4-5, CES 6, NPS 8-9), and each doubling of the wait past
   * their patience costs about a point of CSAT (and as much of the other scales, in proportion).
   */
  private score(contact: Contact, survey: SurveyKind, waitSeconds: number): number {
    const ratio = waitSeconds / this.config.csatPatience[contact.channel];
    const mood = -Math.log2(1 + ratio) - (contact.reason === 'damaged-item' ? 0.4 : 0);
    const m = SURVEY_MODEL[survey];
    const { min, max } = SURVEY_SCALES[survey];
    return Math.min(max, Math.max(min, Math.round(m.content + m.perPoint * mood + m.spread * this.rng.normal())));
  }

  /** CSAT as csat.submitted (what contact systems send), CES and NPS as survey.submitted. */
  private survey(contact: Contact, survey: SurveyKind, score: number): void {
    const base = { id: this.nextId(), at: this.now, channel: contact.channel, score, contactId: contact.id, queue: contact.queue, reason: contact.reason };
    this.emit(survey === 'csat' ? { ...base, type: 'csat.submitted' } : { ...base, type: 'survey.submitted', kind: survey });
  }

  private emitContact(contact: Contact, type: 'contact.queued' | 'contact.answered' | 'contact.abandoned' | 'contact.resolved'): void {
    const event: PeakEvent = {
      id: this.nextId(), type, at: this.now, channel: contact.channel, contactId: contact.id,
      queue: contact.queue, reason: contact.reason, ...(type === 'contact.queued' ? { customerId: contact.customer } : {}),
    };
    contact.history.push(event);
    this.emit(event);
  }

  private emitAgent(channel: SimChannel, agent: Agent, status: AgentStatus): void {
    this.emit({ id: this.nextId(), type: 'agent.status', at: this.now, channel, agentId: agent.id, status });
  }

  private emit(event: PeakEvent): void {
    this.out.push(event);
  }

  private nextId(): string {
    return `${this.tag}-${(this.eventSeq++).toString(36)}`;
  }
}
