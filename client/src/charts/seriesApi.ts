/** `GET /api/v1/series`: one metric of one channel over time (see server/metrics/series.ts). */

export type SeriesMetric = 'arrivals' | 'answered' | 'abandoned' | 'serviceLevel' | 'waiting' | 'contactRate' | 'csat';

export interface SeriesPoint {
  /** Start of the interval, epoch ms. */
  t: number;
  v: number | null;
}

export interface SeriesResponse {
  metric: SeriesMetric;
  channel: string;
  from: number;
  to: number;
  step: number;
  points: SeriesPoint[];
}

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
