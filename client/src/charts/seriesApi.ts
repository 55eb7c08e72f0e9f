/** Client of `GET /api/v1/series` (types in shared/series.ts). */

import type { Series, SeriesMetric } from '@shared/series';

export type { SeriesMetric, SeriesPoint } from '@shared/series';
export type SeriesResponse = Series;

export interface SeriesQuery {
  metric: SeriesMetric;
  /** A channel, or `total`. */
  channel: string;
  from: number;
  to: number;
  /** Seconds, a multiple of 60. */
  step: number;
}

/** Fetches one series with the viewer token; throws on any non-200 reply. */
export async function fetchSeries(token: string, q: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse> {
  const params = new URLSearchParams({
    metric: q.metric, channel: q.channel, from: String(Math.floor(q.from)), to: String(Math.ceil(q.to)), step: String(q.step),
  });
  const res = await fetch(`/api/v1/series?${params}`, { headers: { authorization: `Bearer ${token}` }, signal, cache: 'no-store' });
  if (!res.ok) throw new Error(`series ${q.metric}/${q.channel}: HTTP ${res.status}`);
  return (await res.json()) as SeriesResponse;
}
