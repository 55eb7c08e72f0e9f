import { Router, text } from 'express';
import { describeIssues } from '../../shared/events';
import { type DayRecord, dayIn, isDay } from '../../shared/history';
import { describeCsvProblems, historyCsv, parseHistoryCsv } from '../history/csv';
import { dayHourKeys } from '../history/fold';
import { HistoryQueryError, checkRange, historyQuerySchema, queryHistory } from '../history/query';
import type { HistoryStore } from '../store/history-store';
import { BUCKET_RETENTION_MS, type Store } from '../store/store';
import { type Credentials, requireRole } from './auth';
import { HttpError } from './errors';

export interface HistoryRouteDeps {
  store: Store;
  history: HistoryStore;
  creds: Credentials;
  channels: readonly string[];
  timeZone: string;
  clock: () => number;
}

/** CSV uploads: three years of 5 channels are about 7,000 rows, well under this. */
export const HISTORY_UPLOAD_LIMIT = 4 * 1024 * 1024;

/** The days of `records` that hold live figures: folded from the buckets, or with buckets still there. */
async function daysWithLiveData(deps: HistoryRouteDeps, records: readonly DayRecord[]): Promise<string[]> {
  const days = records.map((r) => r.day);
  const stored = await deps.history.get(days);
  // Buckets exist only for the days of the bucket retention.
  const recent = dayIn(deps.clock() - BUCKET_RETENTION_MS, deps.timeZone);
  const live: string[] = [];
  for (const [i, day] of days.entries()) {
    if (stored[i]?.source === 'live' || (day >= recent && (await deps.history.countExisting(dayHourKeys(deps.store, day, deps.timeZone))) > 0)) live.push(day);
  }
  return live;
}

const rethrow = (err: unknown): never => {
  if (err instanceof HistoryQueryError) throw new HttpError(400, err.message, [{ field: err.field, message: err.message }]);
  throw err;
};

/** `/api/v1`: the daily history, its CSV import and export. */
export function historyRouter(deps: HistoryRouteDeps): Router {
  const r = Router();
  const viewer = requireRole('viewer', deps.creds);
  const admin = requireRole('admin', deps.creds);
  const channels = new Set(deps.channels);
  const today = () => dayIn(deps.clock(), deps.timeZone);

  r.get('/history', viewer, async (req, res) => {
    const parsed = historyQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error), parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    const q = parsed.data;
    if (q.channel !== undefined && !channels.has(q.channel)) {
      throw new HttpError(400, `channel: unknown channel "${q.channel.slice(0, 40)}" (configured: ${deps.channels.join(', ')})`);
    }
    try {
      checkRange(q, deps.history.firstKept(today()), today());
    } catch (err) { rethrow(err); }
    res.json(await queryHistory(deps.history, q));
  });

  r.get('/history.csv', viewer, async (req, res) => {
    const t = today();
    const from = typeof req.query.from === 'string' ? req.query.from : deps.history.firstKept(t);
    const to = typeof req.query.to === 'string' ? req.query.to : t;
    for (const [field, v] of [['from', from], ['to', to]] as const) {
      if (!isDay(v)) throw new HttpError(400, `${field}: must be a date YYYY-MM-DD`, [{ field, message: 'must be a date YYYY-MM-DD' }]);
    }
    try {
      checkRange({ from, to }, deps.history.firstKept(t), t);
    } catch (err) { rethrow(err); }
    res.type('text/csv').attachment(`peakwatch-history-${from}-${to}.csv`).send(historyCsv(await deps.history.read(from, to)));
  });

  r.put('/history', admin, text({ type: 'text/csv', limit: HISTORY_UPLOAD_LIMIT }), async (req, res) => {
    if (!req.is('text/csv')) throw new HttpError(415, 'Content-Type must be text/csv (the columns of GET /api/v1/history.csv)');
    const replace = req.query.replace === '1' || req.query.replace === 'true';
    const now = deps.clock();
    const t = dayIn(now, deps.timeZone);
    const parsed = parseHistoryCsv(typeof req.body === 'string' ? req.body : '', { channels, firstKept: deps.history.firstKept(t), today: t, now });
    if (!parsed.ok) throw new HttpError(400, describeCsvProblems(parsed.problems), parsed.problems);
    if (!replace) {
      const live = await daysWithLiveData(deps, parsed.records);
      if (live.length) {
        throw new HttpError(409, `${live.length} day${live.length > 1 ? 's' : ''} already hold${live.length > 1 ? '' : 's'} live figures (first ${live[0]}): send ?replace=1 to replace them with the upload`, { days: live });
      }
    }
    await deps.history.put(parsed.records);
    res.json({ days: parsed.records.length, from: parsed.records[0]!.day, to: parsed.records.at(-1)!.day, replaced: replace });
  });

  return r;
}
