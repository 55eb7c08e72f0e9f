import { z } from 'zod';
import {
  HISTORY_STEPS, type HistoryReply, type HistoryStep, channelFigures, isDay, periodFigures, periodsBetween,
} from '../../shared/history';
import { addPacked, emptyPackedSum, toSummedDays } from '../store/history-record';
import type { HistoryStore } from '../store/history-store';

const day = (field: string) => z.string().refine(isDay, `${field}: must be a date YYYY-MM-DD`);

/** The query of `GET /api/v1/history`. */
export const historyQuerySchema = z.strictObject({
  from: day('from'),
  to: day('to'),
  step: z.enum(HISTORY_STEPS).default('day'),
  channel: z.string().max(64).optional(),
});
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** A query that cannot be answered: the message names the parameter. */
export class HistoryQueryError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'HistoryQueryError';
  }
}

/**
 * Checks a query's range against what is kept: `from` ≤ `to`, not before the first kept day, not after today.
 * Throws HistoryQueryError.
 */
export function checkRange(q: { from: string; to: string }, firstKept: string, today: string): void {
  if (q.from > q.to) throw new HistoryQueryError('from', `${q.from} is after to (${q.to})`);
  if (q.from < firstKept) throw new HistoryQueryError('from', `${q.from} is before the oldest day kept (${firstKept}; PEAKWATCH_HISTORY_DAYS)`);
  if (q.to > today) throw new HistoryQueryError('to', `${q.to} is after today (${today})`);
}

/**
 * The history of the days from `from` to `to` in periods of `step`: each period sums the counts of its days
 * within the range (a whole month by its stored total), then computes its ratios from those sums. `channel`
 * narrows `channels` to one; `totals` and `reasons` are always across every channel.
 */
export async function queryHistory(history: HistoryStore, q: { from: string; to: string; step: HistoryStep; channel?: string }): Promise<HistoryReply> {
  const read = await history.readForSum(q.from, q.to, q.step === 'month');
  // Every period of the range is answered, a period without figures too (days: 0).
  const periods = periodsBetween(q.from, q.to, q.step).map((p) => ({ ...p, sum: emptyPackedSum() }));
  // Days come in order: each goes to the last period that starts on or before it.
  let at = 0;
  for (const d of read.days) {
    while (at + 1 < periods.length && periods[at + 1]!.start <= d.day) at += 1;
    addPacked(periods[at]!.sum, d);
  }
  const byStart = new Map(periods.map((p) => [p.start, p.sum]));
  for (const t of read.totals) addPacked(byStart.get(`${t.month}-01`)!, t.total);
  return {
    step: q.step, from: q.from, to: q.to,
    periods: periods.map(({ start, label, sum }) => {
      const p = periodFigures(start, label, toSummedDays(sum));
      if (q.channel !== undefined) p.channels = { [q.channel]: p.channels[q.channel] ?? channelFigures({}) };
      return p;
    }),
  };
}
