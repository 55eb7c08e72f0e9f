import type { Redis } from 'ioredis';
import type { PeakEvent } from '../../shared/events';
import { INGEST_LIMITS } from '../../shared/events';
import { MAX_QUEUES, MAX_REASONS, OTHER_NAME } from '../../shared/cardinality';
import type { Targets } from '../../shared/targets';
import type { EventLookup, EventState } from '../../shared/retract';
import { REPEAT_WINDOW_H } from '../../shared/metrics';
import { CONTACT_KIND, decodeRecord } from './event-record';
import { CustomerKeys } from './customer-key';
import { type Keys, hourOf, minuteOf } from './keys';
import { defineScripts } from './scripts';
import { ReadBatch, StoreUnavailableError } from './read-batch';

/** Retention of minute and hour buckets after the bucket ends: 8 days, so last week's same weekday is there for the forecast. */
export const BUCKET_RETENTION_MS = 8 * 86_400_000;
/** How long an open contact's state lives without any event (long enough for any backlog worth showing). */
const OPEN_CONTACT_TTL_S = 30 * 86_400;
/**
 * The default duplicate window, 48 h (long enough for an integration's retries): how long an event id is recognised, and so how long a closed
 * contact keeps its state (its event ids live in it). An event re-sent later than that counts again, as the
 * contract allows. Redis memory levels off once the window has passed: it holds the contacts closed within it.
 * `PEAKWATCH_DUPLICATE_WINDOW_S` changes it (StoreOptions.duplicateWindowMs).
 */
const DEFAULT_DUPLICATE_WINDOW_MS = INGEST_LIMITS.duplicateWindowMs;
/** Events per script call: big enough to amortise the call, small enough not to block Redis for long. */
const EVENTS_PER_CALL = 1000;

type Hash = Record<string, string>;

/**
 * The field of <prefix>last-event that any applied event updates (channel names cannot be "*"), as
 * lua/includes/last-event.lua writes it (tests/integration/last-event.test.ts reads it back through the snapshot).
 */
const ANY_EVENT_FIELD = '*';
const epochOrNull = (v: string | null): number | null => (v === null ? null : Number(v));

/** When events were last applied, from <prefix>last-event (see lua/includes/last-event.lua). Epoch ms. */
export interface LastEvents {
  any: number | null;
  /** In the order of the channels asked for. */
  channels: (number | null)[];
  watchingSince: number | null;
}

/** Live gauges of one set of contacts (a channel or a queue), raw from Redis. */
export interface LiveRaw {
  waiting: number;
  oldestWaitingSince: number | null;
  open: number;
  oldestOpenSince: number | null;
  /** Open contacts per age band, in BACKLOG_BANDS order. */
  bands: number[];
}

export { ReadBatch, StoreUnavailableError } from './read-batch';

export interface StoreOptions {
  /** How long an event id is a duplicate and a closed contact is kept; default DEFAULT_DUPLICATE_WINDOW_MS. */
  duplicateWindowMs?: number;
  /** Queue names per channel before more fold into `(other)` (PEAKWATCH_MAX_QUEUES); default MAX_QUEUES.default. */
  maxQueues?: number;
  /** Reason names of the tenant before more fold into `(other)` (PEAKWATCH_MAX_REASONS); default MAX_REASONS.default. */
  maxReasons?: number;
  /** A contact is a repeat when its customer had another contact this long before (PEAKWATCH_REPEAT_WINDOW_H), ms. */
  repeatWindowMs?: number;
}

/**
 * Redis access of the counters: ingest (the Lua scripts), buckets, live sets, agents, targets and the dirty
 * signal. Alerts, annotations, forecasts, rate limits and Socket.IO's adapter have their own modules on the
 * same connection. One instance per tenant.
 */
export class Store {
  readonly duplicateWindowMs: number;
  readonly maxQueues: number;
  readonly maxReasons: number;
  readonly repeatWindowMs: number;
  /** The keyed hash that stands for customer ids (the raw id is never stored). */
  readonly customers: CustomerKeys;

  constructor(readonly redis: Redis, readonly keys: Keys, readonly clock: () => number = Date.now, options: StoreOptions = {}) {
    this.duplicateWindowMs = options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
    this.maxQueues = options.maxQueues ?? MAX_QUEUES.default;
    this.maxReasons = options.maxReasons ?? MAX_REASONS.default;
    this.repeatWindowMs = options.repeatWindowMs ?? REPEAT_WINDOW_H.default * 3_600_000;
    this.customers = new CustomerKeys(redis, keys.customerSecret);
    defineScripts(redis);
  }

  /**
   * Applies validated events atomically per script call, all calls in one pipeline (one round trip).
   * Resolves, once Redis has applied them, to one flag per event: true applied, false duplicate.
   */
  async applyEvents(events: readonly PeakEvent[]): Promise<boolean[]> {
    const groups: Record<'contact' | 'orders' | 'survey' | 'agent', number[]> = { contact: [], orders: [], survey: [], agent: [] };
    events.forEach((e, i) => {
      const g = e.type === 'orders.placed' ? 'orders' : e.type === 'csat.submitted' || e.type === 'survey.submitted' ? 'survey' : e.type === 'agent.status' ? 'agent' : 'contact';
      groups[g].push(i);
    });
    const { keys } = this;
    const dedup = this.duplicateWindowMs;
    const pipeline = this.redis.pipeline();
    const now = this.clock();
    const calls: number[][] = [];
    const repeats = this.repeatArgs();
    const customer = events.some((e) => e.type === 'contact.queued' && e.customerId !== undefined) ? await this.customers.get() : null;
    for (const [group, indexes] of Object.entries(groups)) {
      for (let start = 0; start < indexes.length; start += EVENTS_PER_CALL) {
        const chunk = indexes.slice(start, start + EVENTS_PER_CALL);
        const args: (string | number)[] = [];
        for (const i of chunk) {
          const e = events[i]!;
          switch (e.type) {
            case 'orders.placed': args.push(e.id, e.at, e.count); break;
            case 'csat.submitted': args.push(e.id, 'c', e.at, e.channel, 'csat', e.score, e.queue ?? ''); break;
            case 'survey.submitted': args.push(e.id, 'v', e.at, e.channel, e.kind, e.score, e.queue ?? ''); break;
            case 'agent.status': args.push(e.id, e.at, e.channel, e.agentId, e.status); break;
            default: args.push(e.id, CONTACT_KIND[e.type], e.at, e.channel, e.contactId, e.queue ?? '', e.reason ?? '',
              e.type === 'contact.queued' && e.customerId !== undefined ? customer!(e.customerId) : '');
          }
        }
        calls.push(chunk);
        if (group === 'contact') {
          pipeline.applyContacts(keys.tenant, keys.prefix, BUCKET_RETENTION_MS, now, OPEN_CONTACT_TTL_S, Math.ceil(dedup / 1000),
            this.maxQueues, this.maxReasons, OTHER_NAME, ...repeats, ...args);
        } else if (group === 'orders') pipeline.applyOrders(keys.tenant, keys.prefix, dedup, BUCKET_RETENTION_MS, now, ...args);
        else if (group === 'survey') pipeline.applySurveys(keys.tenant, keys.prefix, dedup, BUCKET_RETENTION_MS, now, this.maxQueues, OTHER_NAME, ...args);
        else pipeline.applyAgents(keys.tenant, keys.prefix, dedup, now, ...args);
      }
    }
    const applied = new Array<boolean>(events.length).fill(false);
    if (calls.length === 0) return applied;
    const results = await this.exec(pipeline);
    results.forEach(([err, flags], c) => {
      if (err) throw new StoreUnavailableError(err);
      calls[c]!.forEach((eventIndex, j) => { applied[eventIndex] = (flags as string)[j] === '1'; });
    });
    return applied;
  }

  /**
   * Withdraws the events of these ids as if they had never been received, atomically (lua/retract-1.lua); an id
   * not known yet is remembered, so its event stays out when it arrives. `withdrawn`: how many this call took
   * out (0 when they all were before); `events`: each id's state after the call.
   */
  async retractEvents(ids: readonly string[]): Promise<{ withdrawn: number; events: EventLookup[] }> {
    return this.eventsCall('retract', ids);
  }

  /** What the events of these ids were and whether they count now (read only). */
  async findEvents(ids: readonly string[]): Promise<EventLookup[]> {
    return (await this.eventsCall('find', ids)).events;
  }

  private async eventsCall(mode: 'find' | 'retract', ids: readonly string[]): Promise<{ withdrawn: number; events: EventLookup[] }> {
    const distinct = [...new Set(ids)];
    if (distinct.length === 0) return { withdrawn: 0, events: [] };
    const { keys } = this;
    const reply = await this.call(() => this.redis.retractEvents(keys.tenant, keys.prefix, this.duplicateWindowMs, BUCKET_RETENTION_MS,
      this.clock(), Math.ceil(this.duplicateWindowMs / 1000), mode, this.maxQueues, this.maxReasons, OTHER_NAME, ...this.repeatArgs(), ...distinct));
    const events = distinct.map((id, i): EventLookup => {
      const record = String(reply[2 + 2 * i] ?? '');
      return { id, state: reply[1 + 2 * i] as EventState, event: record ? decodeRecord(record) : null };
    });
    return { withdrawn: Number(reply[0]), events };
  }

  /** The repeat window and how long a customer's contacts are kept after the latest (the window plus the oldest event time accepted), ms. */
  private repeatArgs(): [number, number] {
    return [this.repeatWindowMs, this.repeatWindowMs + INGEST_LIMITS.maxAgeMs];
  }

  /** A batch of reads that run together, at one point in time. */
  batch(): ReadBatch {
    return new ReadBatch(this.redis);
  }

  /** Runs `fn`'s reads in one batch of their own, unless given one to join (then resolves after its `exec`). */
  private async read<T>(batch: ReadBatch | undefined, fn: (b: ReadBatch) => Promise<T>): Promise<T> {
    if (batch) return fn(batch);
    const own = this.batch();
    // Awaited together: when the batch fails, every part's rejection is handled.
    const [result] = await Promise.all([fn(own), own.exec()]);
    return result;
  }

  /** HGETALL of many bucket keys; missing buckets are empty. */
  async readHashes(keyNames: readonly string[], batch?: ReadBatch): Promise<Hash[]> {
    if (keyNames.length === 0) return [];
    return this.read(batch, (b) => b.queue((tx) => {
      for (const k of keyNames) tx.hgetall(k);
      return keyNames.length;
    }, (v) => v as Hash[]));
  }

  /** Minute and hour bucket keys (channel level, or queue level). */
  bucketKeys(kind: 'channel' | 'queue') {
    return kind === 'channel'
      ? { minute: this.keys.minute, hour: this.keys.hour }
      : { minute: this.keys.queueMinute, hour: this.keys.queueHour };
  }

  /**
   * Live gauges per channel, by queue (queue "" for contacts without one, first): the queues with open contacts
   * only (lua/live-read-1.lua), one call whatever the number of names ever seen. `bandEdges` are the age limits
   * in ms between bands (ascending), e.g. [1h, 4h, 24h, 3d].
   */
  async readLive(channels: readonly string[], now: number, bandEdges: readonly number[], batch?: ReadBatch): Promise<Map<string, LiveRaw>[]> {
    const per = 5 + bandEdges.length + 1;
    return this.read(batch, (b) => b.queue((tx) => {
      tx.liveRead(this.keys.tenant, this.keys.prefix, now, bandEdges.length, ...bandEdges, ...channels);
      return 1;
    }, ([reply]) => (reply as (string | number | null)[][]).map((rows) => {
      const queues = new Map<string, LiveRaw>();
      for (let i = 0; i < rows.length; i += per) {
        const v = rows.slice(i, i + per);
        const bands = v.slice(5) as number[];
        // A contact queued "in the future" (clock skew, ≤ 5 min) is the youngest band.
        const futureOpen = (v[3] as number) - bands.reduce((a, c) => a + c, 0);
        if (futureOpen > 0) bands[0] = (bands[0] ?? 0) + futureOpen;
        queues.set(String(v[0]), {
          waiting: v[1] as number, oldestWaitingSince: v[2] === null ? null : Number(v[2]),
          open: v[3] as number, oldestOpenSince: v[4] === null ? null : Number(v[4]), bands,
        });
      }
      return queues;
    })));
  }

  /**
   * When the server last applied an event (epoch ms, null before the first): any event, and each of `channels`'
   * events; and since when this tenant is watched (null when no server marked it yet).
   */
  async readLastEvents(channels: readonly string[], batch?: ReadBatch): Promise<LastEvents> {
    return this.read(batch, (b) => b.queue((tx) => {
      tx.hmget(this.keys.lastEvent, ANY_EVENT_FIELD, ...channels).get(this.keys.watchingSince);
      return 2;
    }, ([times, since]) => {
      const [any, ...perChannel] = (times as (string | null)[]).map(epochOrNull);
      return { any: any ?? null, channels: perChannel.map((t) => t ?? null), watchingSince: epochOrNull(since as string | null) };
    }));
  }

  /** Marks since when this tenant is watched, unless a server did before (`now`: the caller's clock). */
  async markWatching(now: number): Promise<void> {
    await this.call(() => this.redis.set(this.keys.watchingSince, String(now), 'NX'));
  }

  /** Agents per status for each channel. */
  async readAgents(channels: readonly string[], batch?: ReadBatch): Promise<Hash[]> {
    return this.readHashes(channels.map((c) => this.keys.agentCounts(c)), batch);
  }

  /**
   * Carries the queue names of an older version's set into live-queues (those with open contacts; the registry
   * learns the others again as they are used) and deletes the set. Idempotent; costs nothing once done.
   */
  async migrateLegacyQueues(channels: readonly string[]): Promise<void> {
    for (const ch of channels) {
      const names = await this.call(() => this.redis.smembers(this.keys.legacyQueues(ch)));
      if (names.length === 0) continue;
      const counts = await this.exec(names.reduce((p, q) => p.zcard(this.keys.queueOpen(ch, q)), this.redis.pipeline()));
      const live = names.filter((_, i) => Number(counts[i]![1]) > 0);
      const done = this.redis.pipeline();
      if (live.length) done.sadd(this.keys.liveQueues(ch), ...live);
      await this.exec(done.del(this.keys.legacyQueues(ch)));
    }
  }

  /** Current targets, or null when none were ever stored. */
  async getTargets(): Promise<Targets | null> {
    const raw = await this.call(() => this.redis.get(this.keys.targets));
    return raw ? (JSON.parse(raw) as Targets) : null;
  }

  /** Stores targets and the thresholds the ingest scripts read, in one transaction. */
  async setTargets(targets: Targets): Promise<void> {
    const thresholds: string[] = [];
    for (const [ch, t] of Object.entries(targets.channels)) {
      thresholds.push(`${ch}|T`, String(t.slThresholdSeconds));
      if (t.shortAbandonSeconds !== null) thresholds.push(`${ch}|S`, String(t.shortAbandonSeconds));
    }
    const multi = this.redis.multi().set(this.keys.targets, JSON.stringify(targets)).del(this.keys.thresholds);
    if (thresholds.length) multi.hset(this.keys.thresholds, ...thresholds);
    await this.exec(multi as unknown as ReturnType<Redis['pipeline']>);
  }

  /** Returns the stored development token of a role, creating it once (shared by every instance). */
  async devToken(role: string, generate: () => string): Promise<string> {
    await this.call(() => this.redis.hsetnx(this.keys.devTokens, role, generate()));
    return (await this.call(() => this.redis.hget(this.keys.devTokens, role)))!;
  }

  /** Tells every instance that the state changed (Redis pub/sub). */
  async publishDirty(): Promise<void> {
    await this.call(() => this.redis.publish(this.keys.dirtyChannel, String(this.clock())));
  }

  /**
   * Calls `onDirty` whenever any instance publishes a change. `subscriber` must be a connection of its own
   * (a subscribed connection can do nothing else).
   */
  async subscribeDirty(subscriber: Redis, onDirty: () => void): Promise<void> {
    subscriber.on('message', (channel: string) => { if (channel === this.keys.dirtyChannel) onDirty(); });
    await subscriber.subscribe(this.keys.dirtyChannel);
  }

  /** True when Redis answers a PING. */
  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  private async exec(pipeline: ReturnType<Redis['pipeline']>): Promise<[Error | null, unknown][]> {
    const res = await this.call(() => pipeline.exec());
    if (!res) throw new StoreUnavailableError('transaction aborted');
    return res;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }
}
