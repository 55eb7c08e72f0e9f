import { DateTime } from 'luxon';
import { INTERVAL_MINUTES, isIntervalStart, localDay } from './intervals';

/** One interval of an uploaded forecast. */
export interface ForecastRow {
  channel: string;
  /** Interval start, epoch ms. */
  start: number;
  arrivals: number;
}

/**
 * A bad row: `row` is the CSV line (the header is row 1) or the 1-based element of a JSON array; 0 when the
 * problem is the whole upload's.
 */
export interface RowProblem {
  row: number;
  column?: string;
  message: string;
}

export type ParseResult = { ok: true; rows: ForecastRow[] } | { ok: false; problems: RowProblem[] };

export interface ParseContext {
  channels: ReadonlySet<string>;
  timeZone: string;
  now: number;
}

export const FORECAST_LIMITS = {
  maxRows: 20_000,
  maxArrivals: 1_000_000,
  /** Uploads may name days from this many days before today… */
  maxDaysBack: 7,
  /** …to this many after (a whole peak season planned ahead). */
  maxDaysAhead: 62,
  /** Problems listed in one reply; the first is the message. */
  maxProblems: 50,
} as const;

export const CSV_COLUMNS = ['channel', 'interval_start', 'arrivals'] as const;
const JSON_COLUMNS = { channel: 'channel', start: 'intervalStart', arrivals: 'arrivals' } as const;
type Columns = { channel: string; start: string; arrivals: string };
const CSV_NAMES: Columns = { channel: 'channel', start: 'interval_start', arrivals: 'arrivals' };

const HHMM = /^(\d{1,2}):(\d{2})$/;
const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

class RowError extends Error {
  constructor(readonly column: string, message: string) { super(message); }
}

/** Interval start of a cell: `HH:MM` (today, local), ISO-8601 (local when it has no offset) or epoch ms (JSON). */
function parseStart(v: unknown, col: string, ctx: ParseContext): number {
  let dt: DateTime;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    dt = DateTime.fromMillis(v, { zone: ctx.timeZone });
  } else if (typeof v === 'string' && HHMM.test(v.trim())) {
    const [, h, m] = HHMM.exec(v.trim())!;
    const hour = Number(h);
    const minute = Number(m);
    if (hour > 23 || minute > 59) throw new RowError(col, `"${v}" is not a time of day (HH:MM, 00:00-23:45)`);
    dt = DateTime.fromMillis(ctx.now, { zone: ctx.timeZone }).set({ hour, minute, second: 0, millisecond: 0 });
    if (dt.hour !== hour || dt.minute !== minute) throw new RowError(col, `${v} does not exist today in ${ctx.timeZone} (a daylight-saving change)`);
  } else if (typeof v === 'string' && ISO.test(v.trim())) {
    dt = DateTime.fromISO(v.trim().replace(' ', 'T'), { zone: ctx.timeZone });
    if (!dt.isValid) throw new RowError(col, `"${v.slice(0, 40)}" is not a valid date and time`);
  } else {
    throw new RowError(col, v === undefined || v === '' ? 'is required: HH:MM (today) or an ISO-8601 time'
      : 'must be HH:MM (today, local time) or an ISO-8601 time such as 2026-11-27T10:15:00Z');
  }
  const ms = dt.toMillis();
  if (!isIntervalStart(ms)) throw new RowError(col, `must start a ${INTERVAL_MINUTES}-minute interval (minutes 00, 15, 30 or 45, no seconds)`);
  const today = DateTime.fromMillis(ctx.now, { zone: ctx.timeZone }).startOf('day');
  if (ms < today.minus({ days: FORECAST_LIMITS.maxDaysBack }).toMillis()) throw new RowError(col, `is more than ${FORECAST_LIMITS.maxDaysBack} days ago`);
  if (ms >= today.plus({ days: FORECAST_LIMITS.maxDaysAhead + 1 }).toMillis()) throw new RowError(col, `is more than ${FORECAST_LIMITS.maxDaysAhead} days ahead`);
  return ms;
}

/** A whole count: a JSON number, or (CSV, where every cell is text) digits. */
function parseArrivals(v: unknown, col: string, text: boolean): number {
  const n = typeof v === 'number' ? v : text && typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < 0) throw new RowError(col, v === undefined || v === '' ? 'is required: a whole number ≥ 0' : 'must be a whole number ≥ 0');
  if (n > FORECAST_LIMITS.maxArrivals) throw new RowError(col, `must be at most ${FORECAST_LIMITS.maxArrivals.toLocaleString('en')}`);
  return n;
}

function parseChannel(v: unknown, col: string, ctx: ParseContext): string {
  if (typeof v !== 'string' || v.trim() === '') throw new RowError(col, 'is required (a configured channel)');
  const ch = v.trim();
  if (!ctx.channels.has(ch)) throw new RowError(col, `unknown channel "${ch.slice(0, 40)}" (configured: ${[...ctx.channels].join(', ')})`);
  return ch;
}

/** Validates raw rows (cells as read), reporting each bad row once and duplicates against their first row. */
function validate(raw: { row: number; channel: unknown; start: unknown; arrivals: unknown }[], names: Columns, ctx: ParseContext, early: RowProblem[], text: boolean): ParseResult {
  const problems = [...early];
  const rows: ForecastRow[] = [];
  const seen = new Map<string, number>();
  for (const r of raw) {
    try {
      const channel = parseChannel(r.channel, names.channel, ctx);
      const start = parseStart(r.start, names.start, ctx);
      const arrivals = parseArrivals(r.arrivals, names.arrivals, text);
      const key = `${channel}|${start}`;
      const first = seen.get(key);
      if (first !== undefined) {
        const when = DateTime.fromMillis(start, { zone: ctx.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
        throw new RowError(names.start, `${channel} ${when} is already given in row ${first}`);
      }
      seen.set(key, r.row);
      rows.push({ channel, start, arrivals });
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      problems.push({ row: r.row, column: err.column, message: err.message });
    }
    if (problems.length >= FORECAST_LIMITS.maxProblems) break;
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.row - b.row).slice(0, FORECAST_LIMITS.maxProblems) };
  if (rows.length === 0) return { ok: false, problems: [{ row: 1, message: 'the forecast has no rows' }] };
  return { ok: true, rows };
}

/** Splits one CSV line; double-quoted fields may hold commas and doubled quotes (no line breaks inside). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur.trim() === '') { quoted = true; cur = ''; }
    else if (c === ',') { out.push(cur.trim()); cur = ''; }
    else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Parses `channel,interval_start,arrivals` CSV (columns in any order, the header on line 1, blank lines skipped). */
export function parseForecastCsv(text: string, ctx: ParseContext): ParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.every((l) => l.trim() === '')) return { ok: false, problems: [{ row: 0, message: `the forecast is empty: expected the header ${CSV_COLUMNS.join(',')} and rows` }] };
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const problems: RowProblem[] = [];
  const unknown = header.find((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown !== undefined) problems.push({ row: 1, column: unknown, message: `unknown column (the header must be ${CSV_COLUMNS.join(',')})` });
  for (const col of CSV_COLUMNS) {
    if (!header.includes(col)) problems.push({ row: 1, column: col, message: `is missing from the header (${CSV_COLUMNS.join(',')})` });
    else if (header.indexOf(col) !== header.lastIndexOf(col)) problems.push({ row: 1, column: col, message: 'appears twice in the header' });
  }
  if (problems.length) return { ok: false, problems: problems.slice(0, 1) };
  const idx = { channel: header.indexOf('channel'), start: header.indexOf('interval_start'), arrivals: header.indexOf('arrivals') };
  const early: RowProblem[] = [];
  const raw: Parameters<typeof validate>[0] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const cells = splitCsvLine(lines[i]!);
    if (cells.length !== header.length) { early.push({ row: i + 1, message: `has ${cells.length} fields; the header has ${header.length}` }); continue; }
    raw.push({ row: i + 1, channel: cells[idx.channel], start: cells[idx.start], arrivals: cells[idx.arrivals] });
  }
  if (raw.length + early.length > FORECAST_LIMITS.maxRows) return { ok: false, problems: [{ row: 0, message: `at most ${FORECAST_LIMITS.maxRows.toLocaleString('en')} rows per upload` }] };
  return validate(raw, CSV_NAMES, ctx, early, true);
}

/** Parses `[{channel, intervalStart, arrivals}]`; a row is the 1-based element of the array. */
export function parseForecastJson(body: unknown, ctx: ParseContext): ParseResult {
  if (!Array.isArray(body)) return { ok: false, problems: [{ row: 0, message: 'body must be a JSON array of {channel, intervalStart, arrivals}' }] };
  if (body.length > FORECAST_LIMITS.maxRows) return { ok: false, problems: [{ row: 0, message: `at most ${FORECAST_LIMITS.maxRows.toLocaleString('en')} rows per upload` }] };
  const early: RowProblem[] = [];
  const raw: Parameters<typeof validate>[0] = [];
  const allowed = new Set<string>(Object.values(JSON_COLUMNS));
  body.forEach((el: unknown, i) => {
    const row = i + 1;
    if (el === null || typeof el !== 'object' || Array.isArray(el)) { early.push({ row, message: 'must be an object {channel, intervalStart, arrivals}' }); return; }
    const o = el as Record<string, unknown>;
    const extra = Object.keys(o).find((k) => !allowed.has(k));
    if (extra !== undefined) { early.push({ row, column: extra.slice(0, 40), message: 'unknown field (expected channel, intervalStart, arrivals)' }); return; }
    raw.push({ row, channel: o.channel, start: o.intervalStart, arrivals: o.arrivals });
  });
  return validate(raw, JSON_COLUMNS, ctx, early, false);
}

/** One line naming the first problem, e.g. `row 7, column arrivals: must be a whole number ≥ 0`. */
export function describeProblems(problems: readonly RowProblem[]): string {
  const p = problems[0]!;
  const where = p.row === 0 ? '' : p.column ? `row ${p.row}, column ${p.column}: ` : `row ${p.row}: `;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `${where}${p.message}${more}`;
}

/** Rows grouped by local day, then channel: what one upload replaces. */
export function groupByDay(rows: readonly ForecastRow[], tz: string): Map<string, Map<string, ForecastRow[]>> {
  const out = new Map<string, Map<string, ForecastRow[]>>();
  for (const r of rows) {
    const day = localDay(r.start, tz);
    if (!out.has(day)) out.set(day, new Map());
    const byCh = out.get(day)!;
    if (!byCh.has(r.channel)) byCh.set(r.channel, []);
    byCh.get(r.channel)!.push(r);
  }
  return out;
}
