import { z } from 'zod';
import { SERIES_METRICS, type Series, type SeriesMetric, type SeriesPoint } from '../../shared/series';
import { OTHER_NAME } from '../../shared/cardinality';
import { reasonNameSchema } from '../../shared/events';
import * as f from '../../shared/metrics';
import { BUCKET_FIELDS as F, type BucketField, ORDERS_FIELD, REASON_FIELD_PREFIX, channelField } from '../store/bucket-fields';
import { HOUR_MS, MINUTE_MS, minuteOf } from '../store/keys';
import type { Store } from '../store/store';
import { readLiveFigures } from './live';

const MAX_POINTS = 1_500;
const MAX_MINUTE_RANGE_MS = 26 * HOUR_MS;
const ms = z.coerce.number({ error: 'must be epoch milliseconds' }).int('must be epoch milliseconds').nonnegative();

const REASON_METRIC = 'reasonIntensity' satisfies SeriesMetric;

/** Query of `GET /api/v1/series`. */
export const seriesQuerySchema = z.object({
  metric: z.enum(SERIES_METRICS, { error: `must be one of ${SERIES_METRICS.join(', ')}` }),
  channel: z.string({ error: 'must be a channel or "total"' }).min(1).optional()
    .meta({ description: `A configured channel or \`total\`; required, except for \`${REASON_METRIC}\` (reasons are counted across channels: \`total\` or left out).` }),
  reason: reasonNameSchema.optional()
    .meta({ description: `The contact reason of \`${REASON_METRIC}\` (as the events carry it; a reason beyond PEAKWATCH_MAX_REASONS counts under \`${OTHER_NAME}\`).` }),
  from: ms,
  to: ms,
  step: z.coerce.number({ error: 'must be seconds, a multiple of 60' }).int().min(60, 'must be at least 60 seconds')
    .refine((s) => s % 60 === 0, 'must be a multiple of 60 seconds'),
}).refine((q) => q.to > q.from, { message: 'must be after from', path: ['to'] })
  .refine((q) => (q.to - q.from) / (q.step * 1000) <= MAX_POINTS, { message: `asks for more than ${MAX_POINTS} points: use a larger step`, path: ['step'] })
  .refine((q) => q.step % 3600 === 0 || q.to - q.from <= MAX_MINUTE_RANGE_MS, { message: 'ranges over 26 hours need a step that is a multiple of 3600', path: ['step'] })
  .refine((q) => q.metric === REASON_METRIC || q.channel !== undefined, { message: 'is required: a channel or "total"', path: ['channel'] })
  .refine((q) => q.metric !== REASON_METRIC || q.channel === undefined || q.channel === 'total', { message: `must be "total" or left out for ${REASON_METRIC}: reasons are counted across channels`, path: ['channel'] })
  .refine((q) => q.metric !== REASON_METRIC || q.reason !== undefined, { message: `is required for ${REASON_METRIC}: the contact reason, as the events carry it`, path: ['reason'] })
  .refine((q) => q.metric === REASON_METRIC || q.reason === undefined, { message: `applies only to metric ${REASON_METRIC}`, path: ['reason'] });
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

/**
 * A metric over time, from the same buckets as the snapshot. Intervals start at multiples of `step` since the
 * epoch. Steps that are whole hours read hour roll-ups, others minute buckets. `waiting` is the number waiting
 * at the end of each interval: waiting now, less what arrived minus what left the queue since then.
 * `reasonIntensity` is the reason's contacts (tenant-wide, in both kinds of bucket) per order of each interval.
 */
export async function readSeries(store: Store, channels: readonly string[], q: SeriesQuery, now: number): Promise<Series> {
  const channel = q.channel ?? 'total';
  const stepMs = q.step * 1000;
  const start = Math.floor(q.from / stepMs) * stepMs;
  const starts: number[] = [];
  for (let t = start; t < q.to; t += stepMs) starts.push(t);
  const chans = channel === 'total' ? channels : [channel];
  const byHour = q.step % 3600 === 0;
  const unit = byHour ? HOUR_MS : MINUTE_MS;
  const end = q.metric === 'waiting' ? Math.max(q.to, now) : starts[starts.length - 1]! + stepMs;
  const units: number[] = [];
  for (let u = start / unit; u * unit < end; u++) units.push(u);
  const keys = store.bucketKeys('channel');
  const hashes = await store.readHashes(units.map((u) => (byHour ? keys.hour(u) : keys.minute(u))));
  /** Sums `read` over the buckets of [from, to). */
  const sumOf = (from: number, to: number, read: (h: Record<string, string>) => number) => {
    let total = 0;
    for (let i = Math.max(0, Math.ceil((from - start) / unit)); i < hashes.length && (start + i * unit) < to; i++) total += read(hashes[i]!);
    return total;
  };
  /** A channel counter over the channels asked for. */
  const sum = (from: number, to: number, field: BucketField) => sumOf(from, to, (h) => chans.reduce((a, ch) => a + Number(h[channelField(ch, field)] ?? 0), 0));
  /** A tenant-wide field (orders, a reason's contacts). */
  const tenantSum = (from: number, to: number, field: string) => sumOf(from, to, (h) => Number(h[field] ?? 0));
  let waitingNow = 0;
  if (q.metric === 'waiting') {
    const live = await readLiveFigures(store, chans, now, []);
    waitingNow = live.channels.reduce((a, l) => a + l.waiting, 0);
  }
  const nowMinuteEnd = (minuteOf(now) + 1) * MINUTE_MS;
  const points = starts.map((t): SeriesPoint => {
    const e = t + stepMs;
    const g = (field: BucketField) => sum(t, e, field);
    const orders = () => tenantSum(t, e, ORDERS_FIELD);
    switch (q.metric) {
      case 'arrivals': return { t, v: g(F.arrivals) };
      case 'answered': return { t, v: g(F.answered) };
      case 'abandoned': return { t, v: g(F.abandoned) };
      case 'serviceLevel': return { t, v: f.serviceLevel({ answeredInTarget: g(F.answeredInTarget), answered: g(F.answered), abandoned: g(F.abandoned), shortAbandoned: g(F.shortAbandoned) }) };
      case 'contactRate': return { t, v: f.contactRate(g(F.arrivals), orders()) };
      case 'csat': return { t, v: f.csat(g(F.csatPositive), g(F.csatResponses)) };
      case 'reasonIntensity': return { t, v: f.contactRate(tenantSum(t, e, REASON_FIELD_PREFIX + q.reason!), orders()) };
      case 'repeatRate': return { t, v: f.repeatRate(g(F.repeats), g(F.customerArrivals)) };
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
  return { metric: q.metric, channel, ...(q.reason !== undefined ? { reason: q.reason } : {}), from: q.from, to: q.to, step: q.step, points };
}
