/**
 * The review page's figures, pure: which ranges it asks the history for, and the rows its tables show. Every
 * ratio comes from the server (recomputed there from summed counts), except reason intensity over the whole
 * peak, which sums the weeks' counts and orders here and divides once.
 */
import { type HistoryPeriod, type HistoryReply, YEAR_AGO_DAYS, addDays, periodOf } from '@shared/history';
import { type Level, targetLevel } from '@shared/levels';
import { contactRate } from '@shared/metrics';
import type { Targets } from '@shared/targets';
import { surveyLevel } from './surveys';

/** Weeks of "this peak": the current ISO week and the ones before it. */
export const PEAK_WEEKS = 8;
/** Months of the month-by-month table: this one and the twelve before it, each beside the same month a year earlier. */
export const REVIEW_MONTHS = 13;

export interface ReviewRanges {
  months: { from: string; to: string };
  peak: { from: string; to: string };
  /** The peak's days 364 days earlier: the same weekdays. */
  lastYear: { from: string; to: string };
}

/** The ranges the page reads, for `today` (a local day, `YYYY-MM-DD` in the server's time zone). */
export function reviewRanges(today: string): ReviewRanges {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const back = y * 12 + (m - 1) - (REVIEW_MONTHS - 1) - 12;
  const monthsFrom = `${Math.floor(back / 12)}-${String((back % 12) + 1).padStart(2, '0')}-01`;
  const peakFrom = addDays(periodOf(today, 'week').start, -7 * (PEAK_WEEKS - 1));
  return {
    months: { from: monthsFrom, to: today },
    peak: { from: peakFrom, to: today },
    lastYear: { from: addDays(peakFrom, -YEAR_AGO_DAYS), to: addDays(today, -YEAR_AGO_DAYS) },
  };
}

/** A figure with its level against a target (null level: no target). */
export interface Judged {
  value: number | null;
  level: Level | null;
}

const judged = (value: number | null, target: number | null, dir: 'min' | 'max'): Judged =>
  ({ value, level: target === null ? null : targetLevel(value, target, dir) });

export interface MonthRow {
  label: string;
  days: number;
  importedDays: number;
  arrivals: number;
  orders: number;
  contactRate: Judged;
  csat: Judged;
  nps: Judged;
  chatSl: Judged;
}

/** The channel whose service level the month table and the peak comparison show. */
export const REVIEW_CHANNEL = 'chat';

/** One period's row against the targets. */
export function periodRow(p: HistoryPeriod, targets: Targets): MonthRow {
  const chat = p.channels[REVIEW_CHANNEL];
  return {
    label: p.label, days: p.days, importedDays: p.importedDays, arrivals: p.totals.arrivals, orders: p.totals.orders,
    contactRate: judged(p.totals.contactRate, targets.contactRate, 'max'),
    csat: judged(p.totals.csat, targets.csat, 'min'),
    nps: { value: p.totals.nps, level: surveyLevel('nps', p.totals.nps, targets) },
    chatSl: judged(chat?.serviceLevel ?? null, targets.channels[REVIEW_CHANNEL]?.serviceLevel ?? null, 'min'),
  };
}

/** The label of the same month a year earlier (`2026-11` → `2025-11`). */
const yearBefore = (label: string) => `${Number(label.slice(0, 4)) - 1}${label.slice(4)}`;

/**
 * The month table: the last REVIEW_MONTHS months, each beside the same month a year earlier, oldest first;
 * months where neither holds a day are left out.
 */
export function monthRows(reply: HistoryReply, targets: Targets): { now: MonthRow; then: MonthRow | null }[] {
  const byLabel = new Map(reply.periods.map((p) => [p.label, p]));
  return reply.periods.slice(-REVIEW_MONTHS).map((p) => {
    const q = byLabel.get(yearBefore(p.label));
    return { now: periodRow(p, targets), then: q && q.days > 0 ? periodRow(q, targets) : null };
  }).filter((r) => r.now.days > 0 || r.then !== null);
}

/** This peak's weeks beside last year's same weeks (364 days earlier), in order. */
export function weekPairs(current: HistoryReply, lastYear: HistoryReply, targets: Targets): { now: MonthRow; then: MonthRow | null }[] {
  return current.periods.map((p, i) => {
    const q = lastYear.periods[i];
    return { now: periodRow(p, targets), then: q && q.days > 0 ? periodRow(q, targets) : null };
  });
}

export interface DaysOnTarget {
  channel: string;
  /** Days whose service level met the channel's target, and days with a service level at all. */
  onTarget: number;
  days: number;
}

/** Per channel, the days of a daily reply whose service level met the target. */
export function daysOnTarget(daily: HistoryReply, targets: Targets): DaysOnTarget[] {
  const out = new Map<string, DaysOnTarget>();
  for (const ch of Object.keys(targets.channels)) out.set(ch, { channel: ch, onTarget: 0, days: 0 });
  for (const p of daily.periods) {
    for (const [ch, f] of Object.entries(p.channels)) {
      const t = targets.channels[ch];
      const row = out.get(ch);
      if (!t || !row || f.serviceLevel === null) continue;
      row.days += 1;
      if (targetLevel(f.serviceLevel, t.serviceLevel, 'min') !== 'breach') row.onTarget += 1;
    }
  }
  return [...out.values()];
}

/** Reasons over a whole range, by intensity: the periods' counts and orders summed, then divided. */
export function reasonsByIntensity(reply: HistoryReply, limit = 10): { reason: string; count: number; intensity: number | null }[] {
  const counts = new Map<string, number>();
  let orders = 0;
  for (const p of reply.periods) {
    orders += p.totals.orders;
    for (const r of p.reasons) counts.set(r.reason, (counts.get(r.reason) ?? 0) + r.count);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count, intensity: contactRate(count, orders) }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, limit);
}
