import type { Redis } from 'ioredis';
import { BUCKET_FIELDS, channelField } from '../store/bucket-fields';
import { type Keys, MINUTE_MS } from '../store/keys';
import { BUCKET_RETENTION_MS, type Store, StoreUnavailableError } from '../store/store';
import type { ForecastRow } from './forecast-parse';

/** One channel's uploaded forecast of one day, as stored. */
export interface UploadedForecast {
  uploadedAt: number;
  /** Interval start (epoch ms, as a string key) → arrivals. */
  intervals: Record<string, number>;
}

/** Uploaded forecasts by day, then channel. */
export type UploadedByDay = Map<string, Map<string, UploadedForecast>>;

/**
 * Redis access of readiness: uploaded forecasts (one hash per local day, a field per channel) and the
 * arrivals of minute buckets. Holds nothing itself: every figure is read from Redis on each call.
 */
export class ForecastStore {
  private readonly redis: Redis;
  private readonly keys: Keys;
  private readonly minuteKey: (minute: number) => string;

  constructor(store: Store) {
    this.redis = store.redis;
    this.keys = store.keys;
    this.minuteKey = store.bucketKeys('channel').minute;
  }

  /**
   * Stores an upload in one transaction: for each day and channel in it, the rows replace that channel's
   * forecast of that day (other channels' stay). A day's forecast expires 8 days after the day ends, like
   * the buckets it is compared with.
   */
  async save(groups: ReadonlyMap<string, ReadonlyMap<string, readonly ForecastRow[]>>, dayEnds: ReadonlyMap<string, number>, uploadedAt: number): Promise<void> {
    const multi = this.redis.multi();
    for (const [day, byChannel] of groups) {
      const key = this.keys.forecast(day);
      for (const [channel, rows] of byChannel) {
        const value: UploadedForecast = { uploadedAt, intervals: Object.fromEntries(rows.map((r) => [String(r.start), r.arrivals])) };
        multi.hset(key, channel, JSON.stringify(value));
      }
      multi.pexpireat(key, dayEnds.get(day)! + BUCKET_RETENTION_MS);
    }
    const res = await this.call(() => multi.exec());
    if (!res) throw new StoreUnavailableError('transaction aborted');
    for (const [err] of res) if (err) throw new StoreUnavailableError(err);
  }

  /** The uploaded forecasts of some days (a day or channel without one is absent). One round trip. */
  async read(days: readonly string[]): Promise<UploadedByDay> {
    const out: UploadedByDay = new Map();
    if (days.length === 0) return out;
    const pipeline = this.redis.pipeline();
    for (const d of days) pipeline.hgetall(this.keys.forecast(d));
    const res = await this.call(() => pipeline.exec());
    days.forEach((day, i) => {
      const [err, hash] = res?.[i] ?? [new Error('no reply'), null];
      if (err) throw new StoreUnavailableError(err);
      const byChannel = new Map<string, UploadedForecast>();
      for (const [channel, json] of Object.entries(hash as Record<string, string>)) byChannel.set(channel, JSON.parse(json) as UploadedForecast);
      out.set(day, byChannel);
    });
    return out;
  }

  /**
   * Arrivals of each channel in each minute starting at `minuteStarts` (epoch ms), pipelined in one round
   * trip: HMGET of just those fields, not whole buckets. `null` where the bucket has no such field.
   */
  async minuteArrivals(minuteStarts: readonly number[], channels: readonly string[]): Promise<(number | null)[][]> {
    if (minuteStarts.length === 0 || channels.length === 0) return minuteStarts.map(() => channels.map(() => null));
    const fields = channels.map((ch) => channelField(ch, BUCKET_FIELDS.arrivals));
    const pipeline = this.redis.pipeline();
    for (const t of minuteStarts) pipeline.hmget(this.minuteKey(Math.floor(t / MINUTE_MS)), ...fields);
    const res = await this.call(() => pipeline.exec());
    return minuteStarts.map((_, i) => {
      const [err, values] = res?.[i] ?? [new Error('no reply'), null];
      if (err) throw new StoreUnavailableError(err);
      return (values as (string | null)[]).map((v) => (v === null ? null : Number(v)));
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
