import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type DayRecord, addDays } from '../../shared/history';
import {
  DAY_COLUMNS, type PackedDay, type PackedSum, type PackedTotal, REV_FIELD, TOTAL_FIELD, addPacked, columnsField, columnsOf,
  decodeDay, decodeTotal, emptyPackedSum, encodeDay, encodeTotal, isDayField, knowsColumns, learnColumnsField, toDayRecord,
} from './history-record';
import type { Keys } from './keys';
import { defineScripts } from './scripts';
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

/** The day after a month's last day. */
const nextMonthStart = (month: string) => `${monthOf(addDays(`${month}-01`, 31))}-01`;

/**
 * What tells a month's hash has changed: its `#rev` (replaced by every write of a day) and how many fields it
 * holds (a hash of days stored before `#rev` existed changes only by expiring, or by a write that sets one).
 */
const monthVersion = (rev: string | null, fields: number) => `${rev ?? ''}|${fields}`;

/** Days and whole-month totals read for summing (see readForSum). */
export interface HistoryRead {
  days: PackedDay[];
  totals: { month: string; total: PackedTotal }[];
}

/**
 * The daily history in Redis: one hash per calendar month, a field per day holding the day's counts in the
 * compact form of ./history-record, the column lists they use and the month's total. Three years are 37 hashes
 * of about 31 fields, read in one round trip; or 37 totals when whole months are summed. A month's hash
 * expires once its last day has been kept `keepDays` (each write sets it); reads ignore days older than that
 * as well.
 */
export class HistoryStore {
  /**
   * Months read before, by month: their days and the version they were read at (see monthVersion). Their
   * records are never changed by callers.
   */
  private readonly months = new Map<string, { version: string; days: PackedDay[] }>();

  constructor(private readonly redis: Redis, private readonly keys: Keys, readonly keepDays: number) {
    defineScripts(redis);
  }

  /** The first day still kept when today is `today`. */
  firstKept(today: string): string {
    return addDays(today, -(this.keepDays - 1));
  }

  /** Records of the days from `from` to `to` (inclusive) that hold one, in day order. */
  async read(from: string, to: string): Promise<DayRecord[]> {
    return (await this.readForSum(from, to, false)).days.map(toDayRecord);
  }

  /**
   * The days from `from` to `to` (inclusive) to sum, in day order; with `wholeMonths`, a month the range holds
   * whole comes as its total instead of its days (a total that a later write left stale is summed again from
   * the days, and stored). A month read before and unchanged since (its `#rev` and field count) is not read again.
   */
  async readForSum(from: string, to: string, wholeMonths: boolean): Promise<HistoryRead> {
    const months = monthsBetween(from, to);
    const whole = new Set(months.filter((m) => wholeMonths && `${m}-01` >= from && addDays(nextMonthStart(m), -1) <= to));
    const pipeline = this.redis.pipeline();
    for (const m of months) {
      const key = this.keys.history(m);
      if (whole.has(m)) pipeline.hmget(key, TOTAL_FIELD, REV_FIELD);
      else if (this.months.has(m)) pipeline.hget(key, REV_FIELD).hlen(key);
      else pipeline.hgetall(key);
    }
    const res = await this.exec(pipeline);
    let at = 0;
    const next = () => {
      const [err, v] = res[at++]!;
      if (err) throw new StoreUnavailableError(err);
      return v;
    };
    const out: HistoryRead = { days: [], totals: [] };
    const again: string[] = [];
    const take = (days: readonly PackedDay[]) => { for (const d of days) if (d.day >= from && d.day <= to) out.days.push(d); };
    for (const month of months) {
      if (whole.has(month)) {
        const [json, rev] = next() as (string | null)[];
        const id = json ? columnsOf(json) : null;
        const total = id && knowsColumns(id) ? decodeTotal(json!) : null;
        if (total && total.rev === (rev ?? '')) out.totals.push({ month, total });
        else again.push(month);
      } else if (this.months.has(month)) {
        const version = monthVersion(next() as string | null, next() as number);
        const hit = this.months.get(month)!;
        if (hit.version === version) take(hit.days);
        else again.push(month);
      } else {
        take(this.decodeMonth(month, next() as Record<string, string>));
      }
    }
    for (const { month, hash } of again.length ? await this.readMonths(again) : []) {
      const days = this.decodeMonth(month, hash);
      if (!whole.has(month)) { take(days); continue; }
      if (days.length === 0) continue;
      const sum = emptyPackedSum();
      for (const d of days) addPacked(sum, d);
      const rev = hash[REV_FIELD] ?? '';
      out.totals.push({ month, total: { rev, days: sum.days, importedDays: sum.importedDays, orders: sum.orders, channels: sum.channels, reasons: sum.reasons } });
      await this.storeTotal(month, sum, rev);
    }
    out.days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    return out;
  }

  /** Decodes every day of a month's hash, kept with the month's version for the next read. */
  private decodeMonth(month: string, hash: Record<string, string>): PackedDay[] {
    let fields = 0;
    for (const f in hash) {
      fields += 1;
      if (!isDayField(f)) learnColumnsField(f, hash[f]!);
    }
    const days: PackedDay[] = [];
    for (const day in hash) {
      if (!isDayField(day)) continue;
      days.push(decodeDay(day, hash[day]!));
    }
    if (this.months.size > this.keepDays / 28 + 6) this.months.clear();
    if (fields) this.months.set(month, { version: monthVersion(hash[REV_FIELD] ?? null, fields), days });
    return days;
  }

  private async readMonths(months: readonly string[]): Promise<{ month: string; hash: Record<string, string> }[]> {
    const pipeline = this.redis.pipeline();
    for (const m of months) pipeline.hgetall(this.keys.history(m));
    return (await this.exec(pipeline)).map(([err, hash], i) => {
      if (err) throw new StoreUnavailableError(err);
      return { month: months[i]!, hash: hash as Record<string, string> };
    });
  }

  /** Stores a month's total summed at `rev`, unless a day was written since. */
  private async storeTotal(month: string, sum: PackedSum, rev: string): Promise<void> {
    const { value, columns } = encodeTotal(sum, rev);
    try {
      await this.redis.historyTotal(this.keys.history(month), REV_FIELD, rev, TOTAL_FIELD, value, columnsField(columns.id), columns.json);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  /** The records of some days (null where none), one round trip (two the first time a column list is met). */
  async get(days: readonly string[]): Promise<(DayRecord | null)[]> {
    if (days.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const d of days) pipeline.hget(this.keys.history(monthOf(d)), d);
    const values = (await this.exec(pipeline)).map(([err, v]) => {
      if (err) throw new StoreUnavailableError(err);
      return v as string | null;
    });
    const unknown = new Map<string, string>();
    values.forEach((v, i) => {
      const id = v === null ? null : columnsOf(v);
      if (id && !knowsColumns(id)) unknown.set(id, monthOf(days[i]!));
    });
    if (unknown.size) {
      const lists = this.redis.pipeline();
      for (const [id, month] of unknown) lists.hget(this.keys.history(month), columnsField(id));
      for (const [i, [err, json]] of (await this.exec(lists)).entries()) {
        if (err) throw new StoreUnavailableError(err);
        if (typeof json === 'string') learnColumnsField(columnsField([...unknown.keys()][i]!), json);
      }
    }
    return values.map((v, i) => (v === null ? null : toDayRecord(decodeDay(days[i]!, v))));
  }

  /**
   * Writes day records (each replaces its day whole: writing one twice is writing it once), one transaction;
   * then sums each month written again into its total.
   */
  async put(records: readonly DayRecord[]): Promise<void> {
    if (records.length === 0) return;
    const multi = this.redis.multi();
    const months = new Set(records.map((r) => monthOf(r.day)));
    for (const m of months) multi.hset(this.keys.history(m), columnsField(DAY_COLUMNS.id), DAY_COLUMNS.json);
    for (const r of records) multi.hset(this.keys.history(monthOf(r.day)), r.day, encodeDay(r));
    for (const m of months) {
      multi.hset(this.keys.history(m), REV_FIELD, randomUUID());
      // Kept until the month's last day is older than keepDays (two days of slack for time zones).
      multi.pexpireat(this.keys.history(m), Date.parse(`${nextMonthStart(m)}T00:00:00Z`) + (this.keepDays + 2) * DAY_MS);
    }
    await this.exec(multi as unknown as ReturnType<Redis['pipeline']>);
    for (const { month, hash } of await this.readMonths([...months])) {
      const sum = emptyPackedSum();
      for (const d of this.decodeMonth(month, hash)) addPacked(sum, d);
      await this.storeTotal(month, sum, hash[REV_FIELD] ?? '');
    }
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
