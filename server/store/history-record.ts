/**
 * The stored form of the daily history and the sums the history query adds it into.
 *
 * A month hash (keys.history) holds:
 * - a field per day `YYYY-MM-DD`: `[columnsId, source, at, orders, {channel: [count, …]}, {reason: count}]`, each
 *   channel's counts a flat array in the order of a column list (null: not known that day, as the counts an
 *   imported day lacks; missing at the end: not known either, as counts added to CHANNEL_COUNTS since);
 * - a field `#columns:<columnsId>` per column list its records use: the JSON array of the count names. The id is
 *   a hash of the names, so a new count appended to CHANNEL_COUNTS gives a new list beside the old one and every
 *   record stays readable by name;
 * - `#rev`: a token every write of days replaces;
 * - `#total`: the month's days summed, `[columnsId, rev, days, importedDays, orders, {channel: [sum, …]},
 *   {reason: sum}]`, its columns CHANNEL_COUNTS, WAIT_KNOWN and any other count its days had; valid while
 *   `#rev` still holds the rev it was summed at;
 * - days written before this form: the JSON of a DayRecord (read as they are).
 */
import { createHash } from 'node:crypto';
import { CHANNEL_COUNTS, type ChannelCounts, type DayRecord, type SummedDays, WAIT_KNOWN, waitKnownOf } from '../../shared/history';

export const TOTAL_FIELD = '#total';
export const REV_FIELD = '#rev';
const COLUMNS_FIELD_PREFIX = '#columns:';
export const columnsField = (id: string) => `${COLUMNS_FIELD_PREFIX}${id}`;
/** True for a day's field (the other fields of a month hash start with `#`). */
export const isDayField = (field: string) => !field.startsWith('#');

/** Every count name this process sums, by index: CHANNEL_COUNTS, WAIT_KNOWN, then names met in stored lists. */
const COLUMNS: string[] = [...CHANNEL_COUNTS, WAIT_KNOWN];
const INDEX = new Map(COLUMNS.map((c, i) => [c, i]));
const indexOf = (name: string): number => {
  let i = INDEX.get(name);
  if (i === undefined) { i = COLUMNS.push(name) - 1; INDEX.set(name, i); }
  return i;
};
const ANSWERED = indexOf('answered');
const WAIT_MS = indexOf('waitMs');
const WAIT_KNOWN_AT = indexOf(WAIT_KNOWN);

const columnsId = (names: readonly string[]) => createHash('sha1').update(names.join(',')).digest('hex').slice(0, 12);

/** Column lists by id: names and where each lands in COLUMNS (null when it lands where it stands). */
const LISTS = new Map<string, { names: readonly string[]; at: number[] | null }>();
/** Learns a column list (content-addressed: an id always names the same list). */
function learnColumns(id: string, json: string): void {
  if (LISTS.has(id)) return;
  const names = JSON.parse(json) as string[];
  if (!Array.isArray(names) || columnsId(names) !== id) throw new Error(`history: column list ${id} does not match its id`);
  const at = names.map(indexOf);
  LISTS.set(id, { names, at: at.every((x, i) => x === i) ? null : at });
}
/** Learns the column list of a month hash's `#columns:<id>` field (other fields are left alone). */
export function learnColumnsField(field: string, json: string): void {
  if (field.startsWith(COLUMNS_FIELD_PREFIX)) learnColumns(field.slice(COLUMNS_FIELD_PREFIX.length), json);
}
/** A column list: its id and JSON (learned by this process). */
export const columnList = (names: readonly string[]) => {
  const id = columnsId(names);
  learnColumns(id, JSON.stringify(names));
  return { id, json: JSON.stringify(names) };
};
/** The columns days are written with. */
export const DAY_COLUMNS = columnList(CHANNEL_COUNTS);
/** True when this process knows the column list `id` (else its `#columns:` field is to be read first). */
export const knowsColumns = (id: string) => LISTS.has(id);

/** Counts per channel by COLUMNS index (null or missing: not known). */
export type PackedChannels = Record<string, (number | null | undefined)[]>;
/** Counts of one or more days. Never changed once made: sums share them. */
export interface Packed {
  days: number;
  importedDays: number;
  orders: number;
  /** WAIT_KNOWN among them. */
  channels: PackedChannels;
  reasons: Record<string, number>;
  /** The channels by name, made once when first asked for (toSummedDays). */
  named?: Record<string, ChannelCounts>;
}
export interface PackedDay extends Packed {
  day: string;
  source: DayRecord['source'];
  at: number;
}
export interface PackedTotal extends Packed {
  rev: string;
}

/** The id of the column list a stored value names (null for the older JSON of a DayRecord). */
export function columnsOf(json: string): string | null {
  return json.startsWith('["') ? json.slice(2, json.indexOf('"', 2)) : null;
}

function toIndexes(id: string, channels: PackedChannels): PackedChannels {
  const l = LISTS.get(id);
  if (!l) throw new Error(`history: unknown column list ${id}`);
  if (!l.at) return channels;
  const out: PackedChannels = {};
  for (const ch in channels) {
    const from = channels[ch]!;
    const to: (number | null | undefined)[] = [];
    for (let i = 0; i < from.length; i++) to[l.at[i]!] = from[i]!;
    out[ch] = to;
  }
  return out;
}

/** A stored day (either form); its column list must be known (learnColumnsField). */
export function decodeDay(day: string, json: string): PackedDay {
  const v = JSON.parse(json) as unknown;
  if (Array.isArray(v)) {
    const [id, source, at, orders, channels, reasons] = v as [string, DayRecord['source'], number, number, PackedChannels, Record<string, number>];
    return packedDay(day, source, at, orders, toIndexes(id, channels), reasons);
  }
  const rec = v as DayRecord;
  const channels: PackedChannels = {};
  for (const ch in rec.channels) {
    const counts = rec.channels[ch]!;
    const to: (number | null)[] = [];
    for (const k in counts) to[indexOf(k)] = counts[k]!;
    channels[ch] = to;
  }
  return packedDay(rec.day ?? day, rec.source, rec.at, rec.orders, channels, rec.reasons);
}

function packedDay(day: string, source: DayRecord['source'], at: number, orders: number, channels: PackedChannels, reasons: Record<string, number>): PackedDay {
  for (const ch in channels) {
    const c = channels[ch]!;
    const known = waitKnownOf(c[WAIT_MS], c[ANSWERED]);
    if (known !== null) c[WAIT_KNOWN_AT] = known;
  }
  return { day, source, at, days: 1, importedDays: source === 'import' ? 1 : 0, orders, channels, reasons };
}

/** A stored month total; its column list must be known. */
export function decodeTotal(json: string): PackedTotal {
  const [id, rev, days, importedDays, orders, channels, reasons] = JSON.parse(json) as [string, string, number, number, number, PackedChannels, Record<string, number>];
  return { rev, days, importedDays, orders, channels: toIndexes(id, channels), reasons };
}

/** A day as the rest of the server sees it: counts by name, only those known. */
export function toDayRecord(p: PackedDay): DayRecord {
  return { day: p.day, source: p.source, at: p.at, orders: p.orders, channels: namedChannels(p.channels, WAIT_KNOWN_AT), reasons: p.reasons };
}

/** Channels by name (`skip`: an index left out). */
function namedChannels(channels: PackedChannels, skip = -1): Record<string, ChannelCounts> {
  const out: Record<string, ChannelCounts> = {};
  for (const ch in channels) {
    const a = channels[ch]!;
    const c: ChannelCounts = {};
    for (let i = 0; i < a.length; i++) if (a[i] !== undefined && a[i] !== null && i !== skip) c[COLUMNS[i]!] = a[i]!;
    out[ch] = c;
  }
  return out;
}

/** Counts by name in the order of `names` (null where not known; trailing unknowns left out). */
function flat(counts: ChannelCounts, names: readonly string[]): (number | null)[] {
  const out = names.map((k) => counts[k] ?? null);
  while (out.length && out.at(-1) === null) out.pop();
  return out;
}

/**
 * Reasons most contacts first, the order a period lists them in: sorting those of a one-day period (or of a month
 * by its total) again is then little work.
 */
const byCount = (reasons: Record<string, number>) => Object.fromEntries(Object.entries(reasons).sort((a, b) => b[1] - a[1]));

/** The stored form of a day (with DAY_COLUMNS). Counts not in CHANNEL_COUNTS are not kept. */
export function encodeDay(rec: DayRecord): string {
  const channels: Record<string, (number | null)[]> = {};
  for (const ch in rec.channels) channels[ch] = flat(rec.channels[ch]!, CHANNEL_COUNTS);
  return JSON.stringify([DAY_COLUMNS.id, rec.source, rec.at, rec.orders, channels, byCount(rec.reasons)]);
}

/**
 * Days and month totals summed. Until a second one is added, a sum shares the counts of the one it holds
 * (a period of one day, a month by its total: most periods of a long read) instead of copying them.
 */
export interface PackedSum extends Packed {
  only: Packed | null;
}
export const emptyPackedSum = (): PackedSum => ({ days: 0, importedDays: 0, orders: 0, channels: {}, reasons: {}, only: null });

/** Adds the counts of a day or a month total into a sum. */
export function addPacked(sum: PackedSum, p: Packed): void {
  if (sum.days === 0 && sum.only === null) {
    Object.assign(sum, { days: p.days, importedDays: p.importedDays, orders: p.orders, channels: p.channels, reasons: p.reasons, only: p });
    return;
  }
  if (sum.only) {
    const channels: PackedChannels = {};
    for (const ch in sum.channels) channels[ch] = sum.channels[ch]!.slice();
    Object.assign(sum, { channels, reasons: { ...sum.reasons }, only: null });
  }
  sum.days += p.days;
  sum.importedDays += p.importedDays;
  sum.orders += p.orders;
  for (const ch in p.channels) {
    const c = p.channels[ch]!;
    const into = (sum.channels[ch] ??= []);
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (v === null || v === undefined) continue;
      const was = into[i];
      into[i] = was === undefined || was === null ? v : was + v;
    }
  }
  const reasons = sum.reasons;
  for (const r in p.reasons) reasons[r] = (reasons[r] ?? 0) + p.reasons[r]!;
}

/** A sum with counts by name (WAIT_KNOWN among them), as the period figures take it; never to be changed. */
export function toSummedDays(sum: PackedSum): SummedDays {
  const channels = sum.only ? (sum.only.named ??= namedChannels(sum.only.channels)) : namedChannels(sum.channels);
  return { days: sum.days, importedDays: sum.importedDays, orders: sum.orders, channels, reasons: sum.reasons };
}

/** The stored form of a month total summed from its days when `#rev` was `rev`, and the column list it uses. */
export function encodeTotal(sum: PackedSum, rev: string): { value: string; columns: { id: string; json: string } } {
  let width = CHANNEL_COUNTS.length + 1;
  for (const ch in sum.channels) width = Math.max(width, sum.channels[ch]!.length);
  const columns = columnList(COLUMNS.slice(0, width));
  const channels: Record<string, (number | null)[]> = {};
  for (const ch in sum.channels) {
    const a = sum.channels[ch]!;
    const out = Array.from({ length: a.length }, (_, i) => a[i] ?? null);
    while (out.length && out.at(-1) === null) out.pop();
    channels[ch] = out;
  }
  return { value: JSON.stringify([columns.id, rev, sum.days, sum.importedDays, sum.orders, channels, byCount(sum.reasons)]), columns };
}
