/**
 * What Peakwatch's store knows of a channel, rebuilt from the events a simulated day emits (the waiting
 * contacts in queued order, agents by status, minute buckets of answers, abandons and handle times), and
 * the predictors the wait benchmark compares, each reading only that.
 */
import type { PeakEvent } from '../../shared/events';
import { WAIT_CALIBRATION, predictWait } from '../../shared/wait-predictor';

interface Minute { answered: number; abandoned: number; waitMs: number; handled: number; handleMs: number }

/** A moment's view of one channel: everything a predictor may read. */
export interface Situation {
  /** 1-based place among the waiting; `waiting` counts the contact itself when it is waiting. */
  position: number;
  waiting: number;
  agentsAvailable: number;
  agentsBusy: number;
  concurrency: number;
  /** Recent window (WAIT_CALIBRATION.recentMinutes): its length, answers, abandons, ASA and AHT (null without). */
  recentSeconds: number;
  answered: number;
  abandoned: number;
  asaSeconds: number | null;
  ahtSeconds: number | null;
  /** How long the head of the line has waited so far, s; the wait of the last contact answered, s (null before one). */
  holSeconds: number;
  lesSeconds: number | null;
}

/** Handle time assumed before any contact was resolved, s (as the server's fallback). */
const FALLBACK_AHT_S = 600;

export class ChannelView {
  /** Waiting contacts in queued order (events arrive in time order, so an arrival goes last). */
  readonly queue: { id: string; queuedAt: number }[] = [];
  private readonly contacts = new Map<string, { queuedAt: number; answeredAt?: number }>();
  private readonly agents = new Map<string, string>();
  private readonly minutes = new Map<number, Minute>();
  private les: number | null = null;

  constructor(readonly channel: string, readonly concurrency: number) {}

  apply(e: PeakEvent): void {
    if (!('channel' in e) || e.channel !== this.channel) return;
    if (e.type === 'agent.status') {
      this.agents.set(e.agentId, e.status);
      return;
    }
    if (!('contactId' in e) || e.contactId === undefined) return;
    const c = this.contacts.get(e.contactId);
    const m = this.minute(e.at);
    if (e.type === 'contact.queued') {
      this.contacts.set(e.contactId, { queuedAt: e.at });
      this.queue.push({ id: e.contactId, queuedAt: e.at });
    } else if (e.type === 'contact.answered' && c) {
      c.answeredAt = e.at;
      this.leave(e.contactId);
      m.answered++;
      m.waitMs += e.at - c.queuedAt;
      this.les = (e.at - c.queuedAt) / 1000;
    } else if (e.type === 'contact.abandoned' && c) {
      this.leave(e.contactId);
      m.abandoned++;
    } else if (e.type === 'contact.resolved' && c) {
      if (c.answeredAt !== undefined) {
        m.handled++;
        m.handleMs += e.at - c.answeredAt;
      }
      this.contacts.delete(e.contactId);
    }
  }

  /** The view at `now` for the contact at `position` (an arrival: waiting + 1). */
  situation(now: number, position: number): Situation {
    const w = WAIT_CALIBRATION.recentMinutes;
    const last = Math.floor(now / 60_000);
    const sum: Minute = { answered: 0, abandoned: 0, waitMs: 0, handled: 0, handleMs: 0 };
    for (let k = last - w + 1; k <= last; k++) {
      const m = this.minutes.get(k);
      if (m) for (const f of Object.keys(sum) as (keyof Minute)[]) sum[f] += m[f];
    }
    let available = 0;
    let busy = 0;
    for (const s of this.agents.values()) {
      if (s === 'available') available++;
      else if (s === 'busy') busy++;
    }
    return {
      position, waiting: this.queue.length, agentsAvailable: available, agentsBusy: busy, concurrency: this.concurrency,
      recentSeconds: (w - 1) * 60 + (now % 60_000) / 1000, answered: sum.answered, abandoned: sum.abandoned,
      asaSeconds: sum.answered ? sum.waitMs / sum.answered / 1000 : null,
      ahtSeconds: sum.handled ? sum.handleMs / sum.handled / 1000 : null,
      holSeconds: this.queue.length ? (now - this.queue[0]!.queuedAt) / 1000 : 0,
      lesSeconds: this.les,
    };
  }

  private leave(id: string): void {
    const i = this.queue.findIndex((q) => q.id === id);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private minute(at: number): Minute {
    const k = Math.floor(at / 60_000);
    let m = this.minutes.get(k);
    if (!m) this.minutes.set(k, (m = { answered: 0, abandoned: 0, waitMs: 0, handled: 0, handleMs: 0 }));
    return m;
  }
}

/** A predictor: seconds expected for the situation, and (Peakwatch's only) an 80 % range. */
export interface Predictor {
  name: string;
  predict(s: Situation): { ewt: number; range?: [number, number] };
}

/**
 * The classic predictors estimate the wait of a contact joining the back of the queue (place waiting + 1);
 * for a contact further ahead the benchmark scales them by its share of the queue (place / (waiting + 1)).
 */
const share = (s: Situation) => s.position / (s.waiting + 1);
const aht = (s: Situation) => s.ahtSeconds ?? FALLBACK_AHT_S;

export const PREDICTORS: Predictor[] = [
  {
    name: 'Peakwatch',
    predict: (s) => {
      const e = predictWait({ ...s, abandonedRecent: s.abandoned, ahtSeconds: aht(s) });
      return e ? { ewt: e.ewtSeconds, range: e.ewtRange } : { ewt: 0, range: [0, 0] };
    },
  },
  { name: 'head of line (HOL)', predict: (s) => ({ ewt: s.holSeconds * share(s) }) },
  { name: 'last to enter service (LES)', predict: (s) => ({ ewt: (s.lesSeconds ?? 0) * share(s) }) },
  { name: 'current ASA (15 min)', predict: (s) => ({ ewt: (s.asaSeconds ?? 0) * share(s) }) },
  {
    name: 'queue × AHT ÷ agents',
    predict: (s) => {
      const slots = (s.agentsAvailable + s.agentsBusy) * s.concurrency;
      return { ewt: slots ? (s.position * aht(s)) / slots : 0 };
    },
  },
];
