import type { Logger } from 'pino';
import { INGEST_LIMITS } from '../../shared/events';
import { CHANNEL_COUNTS, type ChannelCount, type DayRecord, addDays, dayBounds, dayIn } from '../../shared/history';
import { BUCKET_FIELDS, ORDERS_FIELD, REASON_FIELD_PREFIX } from '../store/bucket-fields';
import type { HistoryStore } from '../store/history-store';
import { HOUR_MS, MINUTE_MS } from '../store/keys';
import { LeaderLock } from '../store/leader-lock';
import { BUCKET_RETENTION_MS, type Store } from '../store/store';

/** The daily count each bucket counter adds to (`arr` → arrivals, …). */
const COUNT_OF_FIELD: Record<string, ChannelCount> = Object.fromEntries(CHANNEL_COUNTS.map((k) => [BUCKET_FIELDS[k], k]));
/** The counts of a day or of one of its hours. */
type Counts = Pick<DayRecord, 'orders' | 'channels' | 'reasons'>;
const emptyCounts = (): Counts => ({ orders: 0, channels: {}, reasons: {} });

function addCounts(into: Counts, c: Counts): void {
  into.orders += c.orders;
  for (const [ch, counts] of Object.entries(c.channels)) {
    const t = (into.channels[ch] ??= {});
    for (const [k, v] of Object.entries(counts)) t[k] = (t[k] ?? 0) + v;
  }
  for (const [r, v] of Object.entries(c.reasons)) into.reasons[r] = (into.reasons[r] ?? 0) + v;
}

/** Sums minute buckets (their hashes) into counts; false when they hold nothing. */
function sumBuckets(hashes: readonly Record<string, string>[], into: Counts): boolean {
  let any = false;
  for (const hash of hashes) {
    for (const [field, raw] of Object.entries(hash)) {
      const v = Number(raw);
      if (!Number.isFinite(v) || v === 0) continue;
      any = true;
      if (field === ORDERS_FIELD) { into.orders += v; continue; }
      if (field.startsWith(REASON_FIELD_PREFIX)) {
        const reason = field.slice(REASON_FIELD_PREFIX.length);
        into.reasons[reason] = (into.reasons[reason] ?? 0) + v;
        continue;
      }
      const bar = field.lastIndexOf('|');
      const count = COUNT_OF_FIELD[field.slice(bar + 1)];
      if (bar <= 0 || !count) continue;
      const counts = (into.channels[field.slice(0, bar)] ??= {});
      counts[count] = (counts[count] ?? 0) + v;
    }
  }
  return any;
}

/** A minute bucket is read only while it surely still exists (it lives the retention after its end). */
const READ_MARGIN_MS = 5 * MINUTE_MS;

/**
 * Folds one local day from its minute buckets, an hour at a time: every channel counter, orders and reason
 * counts summed. An hour whose buckets may have expired keeps its part from the last fold, so the day stays
 * whole while late events still reach its last hours (an hour's buckets live a day longer than its late events
 * can come). Writes the hour parts; returns the day (null when it holds nothing), which the caller writes.
 */
export async function foldDay(store: Store, history: HistoryStore, day: string, timeZone: string, now: number): Promise<DayRecord | null> {
  const { start, end } = dayBounds(day, timeZone);
  const stored = await history.getParts(day);
  const parts: Record<string, string | null> = {};
  const total = emptyCounts();
  for (let h = Math.floor(start / HOUR_MS); h * HOUR_MS < end; h++) {
    const from = Math.max(start, h * HOUR_MS);
    const to = Math.min(end, (h + 1) * HOUR_MS);
    if (from + BUCKET_RETENTION_MS - READ_MARGIN_MS <= now) {
      const kept = stored[String(h)];
      if (kept) addCounts(total, JSON.parse(kept) as Counts);
      continue;
    }
    const keys: string[] = [];
    for (let m = from / MINUTE_MS; m < to / MINUTE_MS; m++) keys.push(store.keys.minute(m));
    const part = emptyCounts();
    parts[String(h)] = sumBuckets(await store.readHashes(keys), part) ? JSON.stringify(part) : null;
    addCounts(total, part);
  }
  await history.putParts(day, parts, end + BUCKET_RETENTION_MS + 86_400_000);
  if (total.orders === 0 && Object.keys(total.channels).length === 0 && Object.keys(total.reasons).length === 0) return null;
  // Every channel that had anything carries every count (0 where none), so its day is known whole.
  for (const counts of Object.values(total.channels)) for (const k of CHANNEL_COUNTS) counts[k] ??= 0;
  return { day, source: 'live', at: now, ...total };
}

/** The hour buckets of a day: any of them existing means the day still holds live data. */
export function dayHourKeys(store: Store, day: string, timeZone: string): string[] {
  const { start, end } = dayBounds(day, timeZone);
  const keys: string[] = [];
  for (let h = Math.floor(start / HOUR_MS); h * HOUR_MS < end; h++) keys.push(store.keys.hour(h));
  return keys;
}

export interface FolderDeps {
  store: Store;
  history: HistoryStore;
  timeZone: string;
  logger: Logger;
  clock?: () => number;
  instanceId: string;
  /** Leader lock time to live; another instance takes over within this long after the leader dies. */
  leaseMs?: number;
  /** How often to look for days to fold (and renew the lock). */
  intervalMs?: number;
  /** A live day is folded again this long after its last fold while late events may still arrive. */
  refoldEveryMs?: number;
}

/**
 * Folds finished days into the history on one instance at a time (a Redis lock with a TTL, as the alert
 * evaluator's): each day once it ends, then again every `refoldEveryMs` until no late event can reach it
 * (7 days after it ended; its minute buckets live a day longer). A fold replaces the day whole, so folding
 * twice is folding once. Imported days are left as they are.
 */
export class HistoryFolder {
  private timer: NodeJS.Timeout | null = null;
  /** The round in flight, if any: rounds never overlap (the next is scheduled when one ends). */
  private current: Promise<void> = Promise.resolve();
  private stopped = true;
  private leader = false;
  private readonly clock: () => number;
  private readonly lock: LeaderLock;

  constructor(private readonly d: FolderDeps) {
    this.clock = d.clock ?? Date.now;
    this.lock = new LeaderLock(d.store.redis, d.store.keys.historyLeader);
  }

  isLeader(): boolean { return this.leader; }

  /** Looks for due days now, then every `intervalMs` (after the previous look ended). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops looking; a round in flight ends first, then the lock is given up for another instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
    if (this.leader) await this.lock.release(this.d.instanceId).catch(() => undefined);
    this.leader = false;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.round().then(() => { if (!this.stopped) this.schedule(this.d.intervalMs ?? 60_000); });
    }, delayMs);
  }

  private async round(): Promise<void> {
    try {
      this.leader = await this.lock.take(this.d.instanceId, this.d.leaseMs ?? 5 * 60_000);
      if (this.leader && !this.stopped) await this.foldDue();
    } catch (err) {
      this.d.logger.warn({ err: (err as Error).message }, 'history folding failed');
    }
  }

  /** Folds the days that are due at the clock's now; returns them. */
  async foldDue(): Promise<string[]> {
    const now = this.clock();
    const tz = this.d.timeZone;
    const yesterday = addDays(dayIn(now, tz), -1);
    // From the oldest day with an hour still in the buckets: each hour is folded until its late events stop.
    const days: string[] = [];
    for (let day = dayIn(now - BUCKET_RETENTION_MS, tz); day <= yesterday; day = addDays(day, 1)) days.push(day);
    const stored = await this.d.history.get(days);
    const refoldEvery = this.d.refoldEveryMs ?? 3_600_000;
    const folded: DayRecord[] = [];
    for (const [i, day] of days.entries()) {
      const rec = stored[i];
      if (rec?.source === 'import') continue;
      if (rec && (rec.at >= dayBounds(day, tz).end + INGEST_LIMITS.maxAgeMs || now - rec.at < refoldEvery)) continue;
      // A day without any hour bucket had no events: nothing to read minute by minute.
      if (!rec && (await this.d.history.countExisting(dayHourKeys(this.d.store, day, tz))) === 0) continue;
      const fresh = await foldDay(this.d.store, this.d.history, day, tz, now);
      // A day that had live figures is written even when they are gone (events retracted).
      if (fresh) folded.push(fresh);
      else if (rec) folded.push({ ...rec, at: now, orders: 0, channels: {}, reasons: {} });
    }
    await this.d.history.put(folded);
    return folded.map((r) => r.day);
  }
}
