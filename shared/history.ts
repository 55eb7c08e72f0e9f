/**
 * Daily history: the record kept for each finished local day, the reply of `GET /api/v1/history` and the
 * import/export columns. Pure; used by the server (folding, queries, CSV) and the review page.
 *
 * A day keeps counts and sums only, never ratios: a period's ratios are recomputed from the summed counts of
 * its days with the formulas of ./metrics (never an average of daily ratios).
 */
import { DateTime } from 'luxon';
import { abandonRate, aht, asa, ces, contactRate, csat, nps, repeatRate, serviceLevel } from './metrics';

/**
 * Days kept (PEAKWATCH_HISTORY_DAYS): three peaks by default; at least the 25 months the review page reads
 * (this season's months and last year's).
 */
export const HISTORY_DAYS = { default: 1_096, min: 800, max: 3_660 } as const;

/**
 * A channel's counts of one day, as folded from the buckets (the bucket counters of the same names). Imported
 * days carry only the CSV's columns; a count a day lacks is not known for that day (ASA, for one, is then
 * computed over the days that know their waits).
 */
export const CHANNEL_COUNTS = [
  'arrivals', 'answered', 'answeredInTarget', 'abandoned', 'shortAbandoned', 'resolved',
  'waitMs', 'handled', 'handleMs', 'csatResponses', 'csatPositive',
  'cesResponses', 'cesEasy', 'cesSum', 'npsResponses', 'npsPromoters', 'npsDetractors',
  'repeats', 'customerArrivals',
] as const;
export type ChannelCount = (typeof CHANNEL_COUNTS)[number];
/** Counts by name; further counts (survey and repeat-contact counts) are summed the same way when present. */
export type ChannelCounts = Partial<Record<ChannelCount, number>> & Record<string, number>;

/** One local day (`YYYY-MM-DD` in PEAKWATCH_TZ). */
export interface DayRecord {
  day: string;
  /** `live`: folded from the buckets (folded again while late events may arrive); `import`: from a CSV. */
  source: 'live' | 'import';
  /** When it was folded or imported, epoch ms. */
  at: number;
  /** Orders placed that day (all channels). */
  orders: number;
  channels: Record<string, ChannelCounts>;
  /** Contacts per reason tag (all channels). */
  reasons: Record<string, number>;
}

export const HISTORY_STEPS = ['day', 'week', 'month'] as const;
export type HistoryStep = (typeof HISTORY_STEPS)[number];

export interface HistoryChannelFigures {
  arrivals: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  asa: number | null;
  abandonRate: number | null;
  aht: number | null;
  csat: number | null;
  /** Share of CES responses scoring 5-7; null without responses (and for imported days, which carry none). */
  ces: number | null;
  /** Net promoter score, −100 to 100; null without responses. */
  nps: number | null;
  /** Null for days without arrivals that carried a customerId (and days kept before they were counted). */
  repeatRate: number | null;
}

export interface HistoryPeriod {
  /** First day of the period (a Monday for weeks, the 1st for months), `YYYY-MM-DD`. */
  start: string;
  /** `2026-10-01`, `2026-W53`, `2026-10`. */
  label: string;
  /** Days of the period that hold figures, within the asked range; of them, imported ones. */
  days: number;
  importedDays: number;
  channels: Record<string, HistoryChannelFigures>;
  totals: { arrivals: number; orders: number; contactRate: number | null; csat: number | null; ces: number | null; nps: number | null };
  /** Most contacts first; intensity = count / orders of the period (null without orders). */
  reasons: { reason: string; count: number; intensity: number | null }[];
}

export interface HistoryReply {
  step: HistoryStep;
  from: string;
  to: string;
  periods: HistoryPeriod[];
}

/** Columns of the CSV import and export, in order. A `total` row carries only `orders`; a channel's row leaves it empty. */
export const HISTORY_CSV_COLUMNS = [
  'day', 'channel', 'arrivals', 'answered', 'answered_in_target', 'abandoned', 'short_abandoned', 'resolved',
  'csat_responses', 'csat_satisfied', 'orders',
] as const;
/**
 * Further columns an upload may carry (all, some or none of them, after the others) and the export always
 * writes, empty where a day does not know them: CES and NPS responses, repeat contacts, and (on a `total` row)
 * the contacts per reason.
 */
export const HISTORY_CSV_OPTIONAL_COLUMNS = [
  'ces_responses', 'ces_easy', 'ces_sum', 'nps_responses', 'nps_promoters', 'nps_detractors', 'repeats', 'customer_arrivals',
  'reasons',
] as const;
/**
 * The `reasons` column, on a day's `total` row: its contacts per reason tag as `tag=count|tag=count`
 * (a tag holds no `|`; the count follows its last `=`), most contacts first.
 */
export const REASONS_CELL = { entry: '|', count: '=', maxPerDay: 500 } as const;
export function reasonsCell(reasons: Readonly<Record<string, number>>): string {
  return Object.entries(reasons)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([r, n]) => `${r}${REASONS_CELL.count}${n}`)
    .join(REASONS_CELL.entry);
}
/** The export's columns, in order. */
export const HISTORY_CSV_EXPORT_COLUMNS = [...HISTORY_CSV_COLUMNS, ...HISTORY_CSV_OPTIONAL_COLUMNS] as const;
export type HistoryCsvColumn = (typeof HISTORY_CSV_EXPORT_COLUMNS)[number];
/** The channel name of the row that carries a day's orders. */
export const TOTAL_ROW = 'total';
/** Which count each channel column holds. */
export const CSV_COUNT_COLUMNS: Readonly<Partial<Record<HistoryCsvColumn, ChannelCount>>> = {
  arrivals: 'arrivals', answered: 'answered', answered_in_target: 'answeredInTarget', abandoned: 'abandoned',
  short_abandoned: 'shortAbandoned', resolved: 'resolved', csat_responses: 'csatResponses', csat_satisfied: 'csatPositive',
  ces_responses: 'cesResponses', ces_easy: 'cesEasy', ces_sum: 'cesSum',
  nps_responses: 'npsResponses', nps_promoters: 'npsPromoters', nps_detractors: 'npsDetractors',
  repeats: 'repeats', customer_arrivals: 'customerArrivals',
};

/** Days from one date to the weekday-aligned day a year before (52 weeks). */
export const YEAR_AGO_DAYS = 364;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Calendar-day arithmetic on UTC midnights (no time zone enters it; plain Date math, fast on 3 years of days). */
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
/** `YYYY-MM-DD` of a UTC midnight (years 0-9999), a few times faster than toISOString: days are written per period. */
const iso = (ms: number) => {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const dd = d.getUTCDate();
  return `${y < 1000 ? String(y).padStart(4, '0') : y}${m < 10 ? '-0' : '-'}${m}${dd < 10 ? '-0' : '-'}${dd}`;
};

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isDay(s: string): boolean {
  return DAY_RE.test(s) && !Number.isNaN(utc(s)) && iso(utc(s)) === s;
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  return iso(utc(day) + n * DAY_MS);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b) - utc(a)) / DAY_MS);
}

/** The local day (`YYYY-MM-DD`) of an instant in `tz`. */
export function dayIn(ms: number, tz: string): string {
  return DateTime.fromMillis(ms, { zone: tz }).toISODate()!;
}

/** Start and end (exclusive) in epoch ms of a local day in `tz`: 23 or 25 hours across a DST change. */
export function dayBounds(day: string, tz: string): { start: number; end: number } {
  const start = DateTime.fromISO(day, { zone: tz }).startOf('day');
  return { start: start.toMillis(), end: start.plus({ days: 1 }).startOf('day').toMillis() };
}

/** The period of `step` a day belongs to: its first day and its label (ISO weeks start on Monday). */
export function periodOf(day: string, step: HistoryStep): { start: string; label: string } {
  if (step === 'day') return { start: day, label: day };
  if (step === 'month') return { start: `${day.slice(0, 7)}-01`, label: day.slice(0, 7) };
  const t = utc(day);
  const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS;
  // The ISO week-numbering year is the year of the week's Thursday.
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return { start: iso(monday), label: `${year}-W${String(week).padStart(2, '0')}` };
}

/** The periods of `step` that hold the days from `from` to `to`, in order (the first may start before `from`). */
export function periodsBetween(from: string, to: string, step: HistoryStep): { start: string; label: string }[] {
  const out: { start: string; label: string }[] = [];
  if (step === 'month') {
    let y = Number(from.slice(0, 4));
    let m = Number(from.slice(5, 7));
    for (let label = from.slice(0, 7); label <= to.slice(0, 7); label = `${y}-${String(m).padStart(2, '0')}`) {
      out.push({ start: `${label}-01`, label });
      if (++m > 12) { m = 1; y += 1; }
    }
    return out;
  }
  const stride = step === 'week' ? 7 : 1;
  for (let t = utc(periodOf(from, step).start), end = utc(to); t <= end; t += stride * DAY_MS) {
    const start = iso(t);
    out.push(step === 'week' ? periodOf(start, step) : { start, label: start });
  }
  return out;
}

/** Counts summed over days: per channel, orders, reasons, and how many days were summed. */
export interface SummedDays {
  days: number;
  importedDays: number;
  orders: number;
  channels: Record<string, ChannelCounts>;
  reasons: Record<string, number>;
}

export const emptySum = (): SummedDays => ({ days: 0, importedDays: 0, orders: 0, channels: {}, reasons: {} });

/**
 * The answered contacts whose waits are known, summed beside the counts: ASA's denominator (an imported day
 * has answered contacts but no wait sum).
 */
export const WAIT_KNOWN = 'waitAnswered';

/** A day's part of WAIT_KNOWN: its answered contacts when it knows their waits, else none. */
export const waitKnownOf = (waitMs: number | null | undefined, answered: number | null | undefined): number | null =>
  (waitMs === undefined || waitMs === null ? null : answered ?? 0);

/** Adds a day into a sum (only the channels in `channels`, when given). */
export function addDay(sum: SummedDays, rec: DayRecord, channels?: ReadonlySet<string>): void {
  sum.days += 1;
  if (rec.source === 'import') sum.importedDays += 1;
  sum.orders += rec.orders;
  // for…in rather than Object.entries: three years of days are summed per request.
  for (const ch in rec.channels) {
    if (channels && !channels.has(ch)) continue;
    const counts = rec.channels[ch]!;
    const into = (sum.channels[ch] ??= {});
    for (const k in counts) into[k] = (into[k] ?? 0) + counts[k]!;
    const known = waitKnownOf(counts.waitMs, counts.answered);
    if (known !== null) into[WAIT_KNOWN] = (into[WAIT_KNOWN] ?? 0) + known;
  }
  const reasons = sum.reasons;
  for (const r in rec.reasons) reasons[r] = (reasons[r] ?? 0) + rec.reasons[r]!;
}

const n = (c: ChannelCounts, k: string) => c[k] ?? 0;

/** A channel's figures from its summed counts. */
export function channelFigures(c: ChannelCounts): HistoryChannelFigures {
  return {
    arrivals: n(c, 'arrivals'),
    answered: n(c, 'answered'),
    abandoned: n(c, 'abandoned'),
    serviceLevel: serviceLevel({ answeredInTarget: n(c, 'answeredInTarget'), answered: n(c, 'answered'), abandoned: n(c, 'abandoned'), shortAbandoned: n(c, 'shortAbandoned') }),
    asa: asa(n(c, 'waitMs'), n(c, WAIT_KNOWN)),
    abandonRate: abandonRate(n(c, 'abandoned'), n(c, 'answered')),
    aht: aht(n(c, 'handleMs'), n(c, 'handled')),
    csat: csat(n(c, 'csatPositive'), n(c, 'csatResponses')),
    ces: ces(n(c, 'cesEasy'), n(c, 'cesResponses')),
    nps: nps(n(c, 'npsPromoters'), n(c, 'npsDetractors'), n(c, 'npsResponses')),
    repeatRate: repeatRate(n(c, 'repeats'), n(c, 'customerArrivals')),
  };
}

const TOTAL_COUNTS = ['arrivals', 'csatPositive', 'csatResponses', 'cesEasy', 'cesResponses', 'npsPromoters', 'npsDetractors', 'npsResponses'] as const satisfies readonly ChannelCount[];

/** A period's reply from its summed days. `totals` and `reasons` are across all channels the sum holds. */
export function periodFigures(start: string, label: string, sum: SummedDays): HistoryPeriod {
  const channels: Record<string, HistoryChannelFigures> = {};
  // The counts the totals need, summed across channels.
  const t: Record<(typeof TOTAL_COUNTS)[number], number> = { arrivals: 0, csatPositive: 0, csatResponses: 0, cesEasy: 0, cesResponses: 0, npsPromoters: 0, npsDetractors: 0, npsResponses: 0 };
  for (const [ch, c] of Object.entries(sum.channels)) {
    channels[ch] = channelFigures(c);
    for (const k of TOTAL_COUNTS) t[k] += n(c, k);
  }
  const reasons = Object.entries(sum.reasons)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    // A reason's intensity is its own contact rate: its contacts per order.
    .map(([reason, count]) => ({ reason, count, intensity: contactRate(count, sum.orders) }));
  return {
    start, label, days: sum.days, importedDays: sum.importedDays, channels,
    totals: {
      arrivals: t.arrivals, orders: sum.orders, contactRate: contactRate(t.arrivals, sum.orders), csat: csat(t.csatPositive, t.csatResponses),
      ces: ces(t.cesEasy, t.cesResponses), nps: nps(t.npsPromoters, t.npsDetractors, t.npsResponses),
    },
    reasons,
  };
}
