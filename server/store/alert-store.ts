import type { Redis } from 'ioredis';
import type { Alert, AlertTransition, DeadLetter, Delivery, HistoryEntry, ReceiverConfig, ReceiverHealth, Rule } from '../../shared/alerts';
import type { AlertEvent } from '../../shared/socket';
import type { Keys } from './keys';
import { LeaderLock } from './leader-lock';

export type { AlertTransition, DeadLetter, Delivery, ReceiverHealth };
import { defineScripts } from './scripts';
import { StoreUnavailableError } from './store';

export interface Ack { at: number; by: string; note: string }
export interface Silence { at: number; until: number; by: string; reason: string }

const LOG_RETENTION_MS = 30 * 86_400_000;
const OUTBOX_MAX = 100_000;
const DEAD_LETTERS_MAX = 1_000;
const DELIVERY_GROUP = 'deliver';

const parse = <T>(raw: string | null): T | null => (raw ? (JSON.parse(raw) as T) : null);

/** Redis access of the alert module: rules, receivers, alert states, log, outbox, leader lock. */
export class AlertStore {
  /**
   * `announce`: where alert events go once written (fired, resolved, acked, silenced); the application emits
   * them to every instance's sockets through Socket.IO's Redis adapter. None: nowhere.
   */
  constructor(readonly redis: Redis, readonly keys: Keys, private readonly opts: { announce?: (event: AlertEvent) => void } = {}) {
    defineScripts(redis);
  }

  async getRules(): Promise<Rule[] | null> { return parse(await this.call(() => this.redis.get(this.keys.rules))); }
  async setRules(rules: Rule[]): Promise<void> { await this.call(() => this.redis.set(this.keys.rules, JSON.stringify(rules))); }
  async getReceivers(): Promise<ReceiverConfig[] | null> { return parse(await this.call(() => this.redis.get(this.keys.receivers))); }
  async setReceivers(r: ReceiverConfig[]): Promise<void> { await this.call(() => this.redis.set(this.keys.receivers, JSON.stringify(r))); }

  /** Current alert states, acks and silences, in one round trip. */
  async loadState(): Promise<{ alerts: Map<string, Alert>; acks: Map<string, Ack>; silences: Map<string, Silence> }> {
    const res = await this.exec(this.redis.pipeline().hgetall(this.keys.alerts).hgetall(this.keys.acks).hgetall(this.keys.silences));
    const toMap = <T>(h: unknown) => new Map(Object.entries((h ?? {}) as Record<string, string>).map(([k, v]) => [k, JSON.parse(v) as T]));
    return { alerts: toMap<Alert>(res[0]), acks: toMap<Ack>(res[1]), silences: toMap<Silence>(res[2]) };
  }

  /** Active alerts (pending or firing), for the snapshot. */
  async activeAlerts(): Promise<Alert[]> {
    const all = await this.call(() => this.redis.hgetall(this.keys.alerts));
    return Object.values(all).map((v) => JSON.parse(v) as Alert).filter((a) => a.state === 'pending' || a.state === 'firing')
      .sort((a, b) => (a.severity === b.severity ? (a.startedAt ?? 0) - (b.startedAt ?? 0) : a.severity === 'critical' ? -1 : 1));
  }

  /**
   * Writes one evaluation in one transaction: changed alert states, their transitions to the log (trimmed to
   * 30 days) and the deliveries to the outbox; alerts to `forget` (their rule gone) with their acks and
   * silences, and silences that have run out; once written, announces the alert events.
   */
  async saveEvaluation(e: {
    alerts: Alert[]; transitions: AlertTransition[]; deliveries: Delivery[]; clearAcks: string[]; events: AlertEvent[]; now: number;
    forget?: string[]; expiredSilences?: string[];
  }): Promise<void> {
    const forget = e.forget ?? [];
    const expired = e.expiredSilences ?? [];
    if (!e.alerts.length && !e.transitions.length && !e.deliveries.length && !forget.length && !expired.length) return;
    const m = this.redis.multi();
    if (e.alerts.length) m.hset(this.keys.alerts, ...e.alerts.flatMap((a) => [a.id, JSON.stringify(a)]));
    if (forget.length) m.hdel(this.keys.alerts, ...forget);
    if (e.clearAcks.length || forget.length) m.hdel(this.keys.acks, ...e.clearAcks, ...forget);
    if (expired.length || forget.length) m.hdel(this.keys.silences, ...expired, ...forget);
    const minId = `${e.now - LOG_RETENTION_MS}-0`;
    for (const t of e.transitions) m.xadd(this.keys.alertLog, 'MINID', '~', minId, '*', 'json', JSON.stringify(t));
    for (const d of e.deliveries) m.xadd(this.keys.outbox, 'MAXLEN', '~', String(OUTBOX_MAX), '*', 'json', JSON.stringify(d));
    await this.exec(m as unknown as ReturnType<Redis['pipeline']>);
    for (const ev of e.events) this.announce(ev);
  }

  /** Announces an alert event (see the constructor's `announce`). */
  announce(event: AlertEvent): void {
    this.opts.announce?.(event);
  }

  async setAck(alertId: string, ack: Ack): Promise<void> { await this.call(() => this.redis.hset(this.keys.acks, alertId, JSON.stringify(ack))); }
  async setSilence(alertId: string, s: Silence): Promise<void> { await this.call(() => this.redis.hset(this.keys.silences, alertId, JSON.stringify(s))); }
  async logTransition(t: AlertTransition | Record<string, unknown>, now: number): Promise<void> {
    await this.call(() => this.redis.xadd(this.keys.alertLog, 'MINID', '~', `${now - LOG_RETENTION_MS}-0`, '*', 'json', JSON.stringify(t)));
  }

  /** The newest entries of the alert log. */
  async history(limit: number): Promise<HistoryEntry[]> {
    const rows = await this.call(() => this.redis.xrevrange(this.keys.alertLog, '+', '-', 'COUNT', limit));
    return rows.map(([id, fields]) => ({ id, ...(JSON.parse(fields[1]!) as Omit<HistoryEntry, 'id'>) }));
  }

  /** Takes or keeps the evaluator's leader lock. */
  async takeLeaderLock(instanceId: string, ttlMs: number): Promise<boolean> {
    return this.call(() => new LeaderLock(this.redis, this.keys.leader).take(instanceId, ttlMs));
  }

  /** Gives the lock up (on shutdown) if this instance holds it. */
  async resign(instanceId: string): Promise<void> {
    await this.call(() => new LeaderLock(this.redis, this.keys.leader).release(instanceId));
  }

  /** Creates the outbox's consumer group once (starting at the stream's end). */
  async ensureOutboxGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.keys.outbox, DELIVERY_GROUP, '$', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw new StoreUnavailableError(err);
    }
  }

  /**
   * New deliveries for this consumer (each entry goes to exactly one consumer of the group), blocking up to
   * `blockMs`. `redis` must be a connection that may block.
   */
  async readOutbox(redis: Redis, consumer: string, count: number, blockMs: number): Promise<{ id: string; delivery: Delivery }[]> {
    const res = (await redis.xreadgroup('GROUP', DELIVERY_GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.keys.outbox, '>')) as
      [string, [string, string[]][]][] | null;
    return (res?.[0]?.[1] ?? []).map(([id, fields]) => ({ id, delivery: JSON.parse(fields[1]!) as Delivery }));
  }

  /** Entries another consumer took but never acknowledged (it died): claimed by this one. */
  async claimStale(consumer: string, minIdleMs: number, count: number): Promise<{ id: string; delivery: Delivery }[]> {
    const res = (await this.call(() => this.redis.xautoclaim(this.keys.outbox, DELIVERY_GROUP, consumer, minIdleMs, '0-0', 'COUNT', count))) as [string, [string, string[] | null][]];
    return res[1].filter(([, f]) => f).map(([id, fields]) => ({ id, delivery: JSON.parse(fields![1]!) as Delivery }));
  }

  /** The delivery is done with (delivered, rescheduled or dead): acknowledged and removed. */
  async ackOutbox(id: string): Promise<void> {
    await this.exec(this.redis.pipeline().xack(this.keys.outbox, DELIVERY_GROUP, id).xdel(this.keys.outbox, id));
  }

  async scheduleRetry(d: Delivery, at: number): Promise<void> {
    await this.call(() => this.redis.zadd(this.keys.outboxRetry, at, JSON.stringify(d)));
  }

  /** Retries due now; each is taken by exactly one instance. */
  async takeDueRetries(now: number, limit: number): Promise<Delivery[]> {
    return (await this.call(() => this.redis.takeDue(this.keys.outboxRetry, now, limit))).map((m) => JSON.parse(m) as Delivery);
  }

  async recordSuccess(receiver: string, now: number): Promise<void> {
    await this.call(() => this.redis.hset(this.keys.receiverHealth(receiver), 'lastOkAt', now, 'failuresInRow', 0));
  }

  /** `reply`: the start of what the receiver answered (the admin's to see), null when it answered nothing. */
  async recordFailure(receiver: string, error: string, now: number, reply: string | null = null): Promise<void> {
    const key = this.keys.receiverHealth(receiver);
    const p = this.redis.pipeline().hset(key, 'lastErrorAt', now, 'lastError', error.slice(0, 300));
    if (reply === null) p.hdel(key, 'lastReply');
    else p.hset(key, 'lastReply', reply.slice(0, 300));
    await this.exec(p.hincrby(key, 'failuresInRow', 1));
  }

  async deadLetter(d: DeadLetter): Promise<void> {
    await this.exec(this.redis.pipeline().lpush(this.keys.deadLetters, JSON.stringify(d)).ltrim(this.keys.deadLetters, 0, DEAD_LETTERS_MAX - 1)
      .hincrby(this.keys.receiverHealth(d.receiver), 'deadLetters', 1));
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    return (await this.call(() => this.redis.lrange(this.keys.deadLetters, 0, limit - 1))).map((v) => JSON.parse(v) as DeadLetter);
  }

  async health(receivers: string[]): Promise<ReceiverHealth[]> {
    if (!receivers.length) return [];
    const p = this.redis.pipeline();
    for (const r of receivers) p.hgetall(this.keys.receiverHealth(r));
    const res = await this.exec(p);
    const num = (v: string | undefined) => (v === undefined ? null : Number(v));
    return receivers.map((receiver, i) => {
      const h = (res[i] ?? {}) as Record<string, string>;
      return { receiver, lastOkAt: num(h.lastOkAt), lastErrorAt: num(h.lastErrorAt), lastError: h.lastError ?? null,
        lastReply: h.lastReply ?? null, failuresInRow: Number(h.failuresInRow ?? 0), deadLetters: Number(h.deadLetters ?? 0) };
    });
  }

  private async exec(p: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
    const res = await this.call(() => p.exec());
    if (!res) throw new StoreUnavailableError('transaction aborted');
    return res.map(([err, v]) => {
      if (err) throw new StoreUnavailableError(err);
      return v;
    });
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
    }
  }
}
