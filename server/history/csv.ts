import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  CSV_COUNT_COLUMNS, HISTORY_CSV_COLUMNS, HISTORY_CSV_EXPORT_COLUMNS, REASONS_CELL, type ChannelCounts, type DayRecord,
  type HistoryCsvColumn, TOTAL_ROW, isDay, reasonsCell,
} from '../../shared/history';
import { SURVEY_SCALES } from '../../shared/surveys';
import { reasonNameSchema } from '../../shared/events';

/** One problem of an upload: its row (the line of the file: the header is row 1) and the column at fault. */
export interface CsvProblem {
  row: number;
  column: string | null;
  message: string;
}

export type HistoryCsvResult = { ok: true; records: DayRecord[] } | { ok: false; problems: CsvProblem[] };

export interface HistoryCsvContext {
  channels: ReadonlySet<string>;
  /** The oldest day kept and today: days outside are refused. */
  firstKept: string;
  today: string;
  now: number;
}

/** Counts a channel's row must give; the others may be left empty (not known). */
const REQUIRED: readonly HistoryCsvColumn[] = ['arrivals', 'answered', 'answered_in_target', 'abandoned', 'short_abandoned'];
/** A part may not exceed its whole: [part, whole]. */
const PARTS: readonly [HistoryCsvColumn, HistoryCsvColumn][] = [
  ['answered_in_target', 'answered'], ['short_abandoned', 'abandoned'], ['csat_satisfied', 'csat_responses'],
  ['ces_easy', 'ces_responses'], ['nps_promoters', 'nps_responses'], ['nps_detractors', 'nps_responses'],
  ['repeats', 'customer_arrivals'], ['customer_arrivals', 'arrivals'],
];
/** Columns given all together or not at all. */
const TOGETHER: readonly (readonly HistoryCsvColumn[])[] = [
  ['csat_responses', 'csat_satisfied'], ['ces_responses', 'ces_easy', 'ces_sum'],
  ['nps_responses', 'nps_promoters', 'nps_detractors'], ['repeats', 'customer_arrivals'],
];
/** The CES scale, to check a sum of scores against its responses. */
const CES_SCALE = SURVEY_SCALES.ces;
const MAX_PROBLEMS = 20;

/**
 * Parses an uploaded daily history (HISTORY_CSV_COLUMNS, a header row first, columns in any order) into day
 * records, or every problem found (up to 20), each naming its row and column.
 */
export function parseHistoryCsv(text: string, ctx: HistoryCsvContext): HistoryCsvResult {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false }) as unknown as typeof rows;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines ?? 1;
      return { ok: false, problems: [{ row: line, column: null, message: `not valid CSV: ${err.message}` }] };
    }
    throw err;
  }
  const header = rows[0]?.record.map((h) => h.toLowerCase());
  if (!header) return { ok: false, problems: [{ row: 1, column: null, message: `empty: the first row must be the header ${HISTORY_CSV_COLUMNS.join(',')}` }] };
  const missing = HISTORY_CSV_COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(HISTORY_CSV_EXPORT_COLUMNS as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    const what = [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `unknown ${unknown.join(', ')}` : ''].filter(Boolean).join('; ');
    return { ok: false, problems: [{ row: 1, column: (missing[0] ?? unknown[0])!, message: `header: ${what} (expected ${HISTORY_CSV_COLUMNS.join(',')}, and any of ${HISTORY_CSV_EXPORT_COLUMNS.slice(HISTORY_CSV_COLUMNS.length).join(',')})` }] };
  }
  const problems: CsvProblem[] = [];
  const days = new Map<string, DayRecord>();
  const seen = new Set<string>();
  rows.slice(1).forEach(({ record, info }) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const row = info.lines;
    const cell = (c: HistoryCsvColumn) => record[header.indexOf(c)] ?? '';
    const fail = (column: HistoryCsvColumn | null, message: string) => { problems.push({ row, column, message }); };
    const day = cell('day');
    const channel = cell('channel');
    if (!isDay(day)) return fail('day', `"${day.slice(0, 20)}" is not a date YYYY-MM-DD`);
    if (day < ctx.firstKept) return fail('day', `${day} is before the oldest day kept (${ctx.firstKept})`);
    if (day > ctx.today) return fail('day', `${day} is after today (${ctx.today})`);
    if (channel !== TOTAL_ROW && !ctx.channels.has(channel)) {
      return fail('channel', `"${channel.slice(0, 40)}" is not a configured channel (${[...ctx.channels].join(', ')}) nor ${TOTAL_ROW}`);
    }
    if (seen.has(`${day}|${channel}`)) return fail('channel', `${day} ${channel} is given twice`);
    seen.add(`${day}|${channel}`);
    const values: Partial<Record<HistoryCsvColumn, number>> = {};
    for (const c of HISTORY_CSV_EXPORT_COLUMNS.slice(2)) {
      if (!header.includes(c) || c === 'reasons') continue;
      const v = cell(c);
      if (v === '') continue;
      if (!/^\d{1,12}$/.test(v)) return fail(c, `"${v.slice(0, 20)}" is not a whole number ≥ 0`);
      values[c] = Number(v);
    }
    const rec = days.get(day) ?? { day, source: 'import' as const, at: ctx.now, orders: 0, channels: {}, reasons: {} };
    days.set(day, rec);
    if (channel === TOTAL_ROW) {
      const extra = Object.keys(values).find((c) => c !== 'orders') as HistoryCsvColumn | undefined;
      if (extra) return fail(extra, `a ${TOTAL_ROW} row carries only orders: leave ${extra} empty`);
      if (values.orders === undefined) return fail('orders', `a ${TOTAL_ROW} row needs orders`);
      const reasons = parseReasons(cell('reasons'));
      if (typeof reasons === 'string') return fail('reasons', reasons);
      rec.orders = values.orders;
      rec.reasons = reasons;
      return;
    }
    if (values.orders !== undefined) return fail('orders', `orders go on the day's ${TOTAL_ROW} row: leave it empty on a channel's row`);
    if (cell('reasons') !== '') return fail('reasons', `reasons go on the day's ${TOTAL_ROW} row: leave it empty on a channel's row`);
    const absent = REQUIRED.find((c) => values[c] === undefined);
    if (absent) return fail(absent, 'is required on a channel\'s row');
    for (const group of TOGETHER) {
      const given = group.filter((c) => values[c] !== undefined);
      if (given.length > 0 && given.length < group.length) {
        return fail(group.find((c) => values[c] === undefined)!, `${group.join(', ')} go together: give all of them or none`);
      }
    }
    const over = PARTS.find(([part, whole]) => values[part] !== undefined && values[part] > (values[whole] ?? 0));
    if (over) return fail(over[0], `${over[0]} (${values[over[0]]}) exceeds ${over[1]} (${values[over[1]] ?? 0})`);
    if (values.nps_promoters !== undefined && values.nps_promoters + values.nps_detractors! > values.nps_responses!) {
      return fail('nps_detractors', `nps_promoters + nps_detractors (${values.nps_promoters + values.nps_detractors!}) exceed nps_responses (${values.nps_responses})`);
    }
    if (values.ces_sum !== undefined && (values.ces_sum < CES_SCALE.min * values.ces_responses! || values.ces_sum > CES_SCALE.max * values.ces_responses!)) {
      return fail('ces_sum', `${values.ces_sum} is not a sum of ${values.ces_responses} scores of ${CES_SCALE.min}-${CES_SCALE.max}`);
    }
    const counts: ChannelCounts = {};
    for (const [col, count] of Object.entries(CSV_COUNT_COLUMNS)) {
      const v = values[col as HistoryCsvColumn];
      if (v !== undefined) counts[count] = v;
    }
    rec.channels[channel] = counts;
  });
  if (problems.length) return { ok: false, problems };
  if (days.size === 0) return { ok: false, problems: [{ row: 2, column: null, message: 'no rows after the header' }] };
  return { ok: true, records: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)) };
}

/** A `total` row's reasons cell (REASONS_CELL) as counts per reason, or what is wrong with it. */
function parseReasons(text: string): Record<string, number> | string {
  const out: Record<string, number> = {};
  if (text === '') return out;
  const entries = text.split(REASONS_CELL.entry);
  if (entries.length > REASONS_CELL.maxPerDay) return `at most ${REASONS_CELL.maxPerDay} reasons a day (${entries.length} given)`;
  for (const entry of entries) {
    const at = entry.lastIndexOf(REASONS_CELL.count);
    const name = entry.slice(0, Math.max(0, at));
    const count = entry.slice(at + 1);
    const shown = `"${entry.slice(0, 40)}"`;
    if (at <= 0 || !/^\d{1,12}$/.test(count)) return `${shown} is not tag${REASONS_CELL.count}count (e.g. where-is-my-order${REASONS_CELL.count}120)`;
    const checked = reasonNameSchema.safeParse(name);
    if (!checked.success) return `${shown}: the tag ${checked.error.issues[0]!.message}`;
    if (Object.hasOwn(out, name)) return `${shown}: the tag ${name} is given twice`;
    out[name] = Number(count);
  }
  return out;
}

/** The day records as CSV with HISTORY_CSV_EXPORT_COLUMNS: each day's channels (by name), then its total row. */
export function historyCsv(records: readonly DayRecord[]): string {
  const rows: (string | number)[][] = [];
  const count = (v: number | undefined) => (v === undefined ? '' : v);
  for (const rec of records) {
    for (const ch of Object.keys(rec.channels).sort()) {
      const c = rec.channels[ch]!;
      rows.push(HISTORY_CSV_EXPORT_COLUMNS.map((col) => {
        if (col === 'day') return rec.day;
        if (col === 'channel') return ch;
        const k = CSV_COUNT_COLUMNS[col];
        return k ? count(c[k]) : '';
      }));
    }
    const total: Partial<Record<HistoryCsvColumn, string | number>> = { day: rec.day, channel: TOTAL_ROW, orders: rec.orders, reasons: reasonsCell(rec.reasons) };
    rows.push(HISTORY_CSV_EXPORT_COLUMNS.map((col) => total[col] ?? ''));
  }
  return stringify(rows, { header: true, columns: [...HISTORY_CSV_EXPORT_COLUMNS] });
}

/** A short message for a 400 from the problems found. */
export function describeCsvProblems(problems: readonly CsvProblem[]): string {
  const first = problems[0]!;
  const where = `row ${first.row}${first.column ? `, column ${first.column}` : ''}`;
  return `${where}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''}`;
}
