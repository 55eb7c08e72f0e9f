import type { Redis } from 'ioredis';
import { type ConnectorHealth, type Refusal, REFUSALS_KEPT, SILENT_AFTER_MINUTES } from '../../shared/connectors';
import type { ConnectorSilence } from '../alerts/rule-value';
import type { ConnectorConfig } from '../connectors/connector';
import type { Keys } from './keys';
import { StoreUnavailableError } from './store';

/** What one webhook request came to, for the connector's health. */
export interface RequestOutcome {
  at: number;
  accepted?: number;
  duplicates?: number;
  ignored?: number;
  rejected?: number;
  /** The proof failed (a 401): why. */
  refused?: string;
  /** What went wrong (unreadable body, rejected events, a likely wrong public URL). */
  error?: string;
}

const COUNTS = ['accepted', 'duplicates', 'ignored', 'rejected', 'refused'] as const;
const num = (v: string | undefined) => (v === undefined ? null : Number(v));

/**
 * How long a webhook may use the connectors as read before (one Redis read less per request at thousands a
 * second); a change made on another instance reaches this one within it, one made here at once.
 */
export const CONFIG_CACHE_MS = 1_000;

/** Redis access of the connectors: their configuration (secrets included) and their health. */
export class ConnectorStore {
  private cached: { at: number; list: Promise<ConnectorConfig[]> } | null = null;

  constructor(private readonly redis: Redis, private readonly keys: Keys, private readonly clock: () => number = Date.now) {}

  /** The connectors as stored now. */
  async list(): Promise<ConnectorConfig[]> {
    const raw = await this.call(() => this.redis.get(this.keys.connectors));
    return raw ? (JSON.parse(raw) as ConnectorConfig[]) : [];
  }

  /** One connector for a webhook: from the list read within CONFIG_CACHE_MS. */
  async get(name: string): Promise<ConnectorConfig | null> {
    const now = this.clock();
    if (!this.cached || now - this.cached.at >= CONFIG_CACHE_MS || now < this.cached.at) {
      const list = this.list();
      this.cached = { at: now, list };
      list.catch(() => { this.cached = null; });
    }
    return (await this.cached.list).find((c) => c.name === name) ?? null;
  }

  /** Stores the list; a connector new to the list is marked configured at `now` (its silence counts from then). */
  async set(list: ConnectorConfig[], now: number): Promise<void> {
    const tx = this.redis.multi().set(this.keys.connectors, JSON.stringify(list));
    for (const c of list) tx.hsetnx(this.keys.connectorHealth(c.name), 'configuredAt', now);
    this.cached = null;
    await this.call(() => tx.exec());
    this.cached = null;
  }

  /** Each connector's silence: since its last request (or since it was configured), and its silentAfter. */
  async silences(): Promise<ConnectorSilence[]> {
    return (await this.health(await this.list())).map((h) => ({ name: h.name, since: h.lastRequestAt ?? h.configuredAt, silentAfter: h.silentAfter }));
  }

  /** Counts one request (in one round trip): its events, its refusal or its error, and when. */
  async record(name: string, o: RequestOutcome): Promise<void> {
    const key = this.keys.connectorHealth(name);
    const tx = this.redis.multi().hset(key, 'lastRequestAt', o.at);
    for (const c of COUNTS) {
      const n = c === 'refused' ? (o.refused === undefined ? 0 : 1) : o[c] ?? 0;
      if (n > 0) tx.hincrby(key, c, n);
    }
    if ((o.accepted ?? 0) + (o.duplicates ?? 0) > 0) tx.hset(key, 'lastEventAt', o.at);
    if (o.error !== undefined) tx.hset(key, 'lastError', o.error.slice(0, 500), 'lastErrorAt', o.at);
    if (o.refused !== undefined) {
      const list = this.keys.connectorRefusals(name);
      tx.lpush(list, JSON.stringify({ at: o.at, reason: o.refused.slice(0, 300) } satisfies Refusal)).ltrim(list, 0, REFUSALS_KEPT - 1);
    }
    await this.call(() => tx.exec());
  }

  async health(connectors: readonly ConnectorConfig[]): Promise<ConnectorHealth[]> {
    if (!connectors.length) return [];
    const p = this.redis.pipeline();
    for (const c of connectors) p.hgetall(this.keys.connectorHealth(c.name)).lrange(this.keys.connectorRefusals(c.name), 0, -1);
    const res = await this.call(() => p.exec());
    return connectors.map((c, i) => {
      const [errH, h] = res![i * 2]!;
      const [errR, r] = res![i * 2 + 1]!;
      if (errH || errR) throw new StoreUnavailableError(errH ?? errR);
      const hash = h as Record<string, string>;
      return {
        name: c.name, type: c.type,
        configuredAt: num(hash.configuredAt), lastRequestAt: num(hash.lastRequestAt), lastEventAt: num(hash.lastEventAt),
        accepted: Number(hash.accepted ?? 0), duplicates: Number(hash.duplicates ?? 0), ignored: Number(hash.ignored ?? 0),
        rejected: Number(hash.rejected ?? 0), refused: Number(hash.refused ?? 0),
        lastError: hash.lastError ?? null, lastErrorAt: num(hash.lastErrorAt),
        refusals: (r as string[]).map((x) => JSON.parse(x) as Refusal),
        silentAfter: c.silentAfter ?? SILENT_AFTER_MINUTES.default,
      };
    });
  }

  /** Health of connectors that no longer exist is forgotten. */
  async forget(names: readonly string[]): Promise<void> {
    if (!names.length) return;
    await this.call(() => this.redis.del(...names.flatMap((n) => [this.keys.connectorHealth(n), this.keys.connectorRefusals(n)])));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
    }
  }
}
