import { z } from 'zod';
import { SERIES_METRICS, type Series, type SeriesPoint } from '../../shared/series';
import * as f from '../../shared/metrics';
import { BUCKET_FIELDS as F, type BucketField, ORDERS_FIELD, channelField } from '../store/bucket-fields';
import { HOUR_MS, MINUTE_MS, minuteOf } from '../store/keys';
import type { Store } from '../store/store';
import { readLiveFigures } from './live';

const MAX_POINTS = 1_500;
const MAX_MINUTE_RANGE_MS = 26 * HOUR_MS;
const ms = z.coerce.number({ error: 'must be epoch milliseconds' }).int('must be epoch milliseconds').nonnegative();

/** Query of `GET /api/v1/series`. */
export const seriesQuerySchema = z.object({
  metric: z.enum(SERIES_METRICS, { error: `must be one of ${SERIES_METRICS.join(', ')}` }),
  channel: z.string({ error: 'is required: a channel or "total"' }).min(1),
  from: ms,
  to: ms,
  step: z.coerce.number({ error: 'must be seconds, a multiple of 60' }).int().min(60, 'must be at least 60 seconds')
    .refine((s) => s % 60 === 0, 'must be a multiple of 60 seconds'),
}).refine((q) => q.to > q.from, { message: 'must be after from', path: ['to'] })
  .refine((q) => (q.to - q.from) / (q.step * 1000) <= MAX_POINTS, { message: `asks for more than ${MAX_POINTS} points: use a larger step`, path: ['step'] })
  .refine((q) => q.step % 3600 === 0 || q.to - q.from <= MAX_MINUTE_RANGE_MS, { message: 'ranges over 26 hours need a step that is a multiple of 3600', path: ['step'] });
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

/**
 * A metric over time, from the same buckets as the snapshot. Intervals start at multiples of `step` since the
 * epoch. Steps that are whole hours read hour roll-ups, others minute buckets. `waiting` is the number waiting
 * at the end of each interval: waiting now, less what arrived minus what left the queue since then.
 */
export async function readSeries(store: Store, channels: readonly string[], q: SeriesQuery, now: number): Promise<Series> {
  const stepMs = q.step * 1000;
  const start = Math.floor(q.from / stepMs) * stepMs;
  const starts: number[] = [];
  for (let t = start; t < q.to; t += stepMs) starts.push(t);
  const chans = q.channel === 'total' ? channels : [q.channel];
  const byHour = q.step % 3600 === 0;
  const unit = byHour ? HOUR_MS : MINUTE_MS;
  const end = q.metric === 'waiting' ? Math.max(q.to, now) : starts[starts.length - 1]! + stepMs;
  const units: number[] = [];
  for (let u = start / unit; u * unit < end; u++) units.push(u);
  const keys = store.bucketKeys('channel');
  const hashes = await store.readHashes(units.map((u) => (byHour ? keys.hour(u) : keys.minute(u))));
  const sum = (from: number, to: number, field: BucketField | typeof ORDERS_FIELD) => {
    let total = 0;
    for (let i = Math.max(0, Math.ceil((from - start) / unit)); i < hashes.length && (start + i * unit) < to; i++) {
      const h = hashes[i]!;
      if (field === ORDERS_FIELD) total += Number(h[ORDERS_FIELD] ?? 0);
      else for (const ch of chans) total += Number(h[channelField(ch, field)] ?? 0);
    }
    return total;
  };
  let waitingNow = 0;
  if (q.metric === 'waiting') {
    const live = await readLiveFigures(store, chans, now, []);
    waitingNow = live.channels.reduce((a, l) => a + l.waiting, 0);
  }
  const nowMinuteEnd = (minuteOf(now) + 1) * MINUTE_MS;
  const points = starts.map((t): SeriesPoint => {
    const e = t + stepMs;
    const g = (field: BucketField | typeof ORDERS_FIELD) => sum(t, e, field);
    switch (q.metric) {
      case 'arrivals': return { t, v: g(F.arrivals) };
      case 'answered': return { t, v: g(F.answered) };
      case 'abandoned': return { t, v: g(F.abandoned) };
      case 'serviceLevel': return { t, v: f.serviceLevel({ answeredInTarget: g(F.answeredInTarget), answered: g(F.answered), abandoned: g(F.abandoned), shortAbandoned: g(F.shortAbandoned) }) };
      case 'contactRate': return { t, v: f.contactRate(g(F.arrivals), g(ORDERS_FIELD)) };
      case 'csat': return { t, v: f.csat(g(F.csatPositive), g(F.csatResponses)) };
      case 'ces': return { t, v: f.ces(g(F.cesEasy), g(F.cesResponses)) };
      case 'nps': return { t, v: f.nps(g(F.npsPromoters), g(F.npsDetractors), g(F.npsResponses)) };
      case 'waiting': {
        if (t > now) return { t, v: null };
        const after = Math.min(e, nowMinuteEnd);
        const change = sum(after, nowMinuteEnd, F.arrivals) - sum(after, nowMinuteEnd, F.answered) - sum(after, nowMinuteEnd, F.abandoned);
        return { t, v: Math.max(0, waitingNow - change) };
      }
    }
  });
  return { metric: q.metric, channel: q.channel, from: q.from, to: q.to, step: q.step, points };
}
