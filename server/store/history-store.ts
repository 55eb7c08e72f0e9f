import type { Redis } from 'ioredis';
import { type DayRecord, addDays } from '../../shared/history';
import type { Keys } from './keys';
import { StoreUnavailableError } from './store';

const DAY_MS = 86_400_000;
const monthOf = (day: string) => day.slice(0, 7);

/** The months (`YYYY-MM`) that hold the days from `from` to `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = monthOf(to);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return out;
    out.push(month);
    if (++m > 12) { m = 1; y += 1; }
  }
}

/**
 * The daily history in Redis: one hash per calendar month, a field per day holding the day's record as JSON.
 * Three years are 37 hashes of about 31 fields, read in one round trip. A month's hash expires once its last
 * day has been kept `keepDays` (each write sets it); reads ignore days older than that as well.
 */
export class HistoryStore {
  /**
   * Days parsed before, by day, with the JSON they were parsed from: a day whose stored JSON is unchanged is
   * not parsed again (most of a three-year read). Only `read` uses it; its records are never changed by callers.
   */
  private readonly parsed = new Map<string, { json: string; rec: DayRecord }>();

  constructor(private readonly redis: Redis, private readonly keys: Keys, readonly keepDays: number) {}

  /** The first day still kept when today is `today`. */
  firstKept(today: string): string {
    return addDays(today, -(this.keepDays - 1));
  }

  /** Records of the days from `from` to `to` (inclusive) that hold one, in day order. */
  async read(from: string, to: string): Promise<DayRecord[]> {
    const months = monthsBetween(from, to);
    const pipeline = this.redis.pipeline();
    for (const m of months) pipeline.hgetall(this.keys.history(m));
    const res = await this.exec(pipeline);
    const out: DayRecord[] = [];
    for (const [err, hash] of res) {
      if (err) throw new StoreUnavailableError(err);
      const days = hash as Record<string, string>;
      for (const day in days) if (day >= from && day <= to) out.push(this.parse(day, days[day]!));
    }
    return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  private parse(day: string, json: string): DayRecord {
    const hit = this.parsed.get(day);
    if (hit?.json === json) return hit.rec;
    // Bounded by the days kept (and a few months of slack for ranges read around them).
    if (this.parsed.size > this.keepDays + 100) this.parsed.clear();
    const rec = JSON.parse(json) as DayRecord;
    this.parsed.set(day, { json, rec });
    return rec;
  }

  /** The records of some days (null where none), one round trip. */
  async get(days: readonly string[]): Promise<(DayRecord | null)[]> {
    if (days.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const d of days) pipeline.hget(this.keys.history(monthOf(d)), d);
    return (await this.exec(pipeline)).map(([err, v]) => {
      if (err) throw new StoreUnavailableError(err);
      return v === null ? null : (JSON.parse(v as string) as DayRecord);
    });
  }

  /** Writes day records (each replaces its day whole: writing one twice is writing it once), one transaction. */
  async put(records: readonly DayRecord[]): Promise<void> {
    if (records.length === 0) return;
    const multi = this.redis.multi();
    const months = new Set<string>();
    for (const r of records) {
      multi.hset(this.keys.history(monthOf(r.day)), r.day, JSON.stringify(r));
      months.add(monthOf(r.day));
    }
    for (const m of months) {
      // Kept until the month's last day is older than keepDays (two days of slack for time zones).
      const nextMonth = `${monthOf(addDays(`${m}-01`, 31))}-01`;
      multi.pexpireat(this.keys.history(m), Date.parse(`${nextMonth}T00:00:00Z`) + (this.keepDays + 2) * DAY_MS);
    }
    await this.exec(multi as unknown as ReturnType<Redis['pipeline']>);
  }

  /** The hour parts a live day was folded from (see HistoryFolder): field = hour index, value = JSON. */
  async getParts(day: string): Promise<Record<string, string>> {
    try {
      return await this.redis.hgetall(this.keys.historyParts(day));
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  /** Replaces some hour parts of a day (null: an empty hour), kept until `expireAt` (epoch ms). */
  async putParts(day: string, parts: Record<string, string | null>, expireAt: number): Promise<void> {
    const key = this.keys.historyParts(day);
    const multi = this.redis.multi();
    const set = Object.entries(parts).filter(([, v]) => v !== null).flat() as string[];
    const gone = Object.entries(parts).filter(([, v]) => v === null).map(([k]) => k);
    if (set.length) multi.hset(key, ...set);
    if (gone.length) multi.hdel(key, ...gone);
    multi.pexpireat(key, expireAt);
    await this.exec(multi as unknown as ReturnType<Redis['pipeline']>);
  }

  /** How many of these keys exist (the buckets of a day: does it hold live data?). */
  async countExisting(keyNames: readonly string[]): Promise<number> {
    if (keyNames.length === 0) return 0;
    try {
      return await this.redis.exists(...keyNames);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  private async exec(pipeline: ReturnType<Redis['pipeline']>): Promise<[Error | null, unknown][]> {
    let res: [Error | null, unknown][] | null;
    try {
      res = await pipeline.exec();
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
    if (!res) throw new StoreUnavailableError('transaction aborted');
    return res;
  }
}
