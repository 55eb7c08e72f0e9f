/** `GET /api/v1/series`: one metric of one channel (or `total`) over time, for charts. */
export const SERIES_METRICS = ['arrivals', 'answered', 'abandoned', 'serviceLevel', 'waiting', 'contactRate', 'csat', 'ces', 'nps', 'repeatRate', 'reasonIntensity'] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

export interface SeriesPoint {
  /** Start of the interval, epoch ms. */
  t: number;
  v: number | null;
}

export interface Series {
  metric: SeriesMetric;
  channel: string;
  /** The contact reason, for a reason's metric (`reasonIntensity`: its contacts / orders per interval). */
  reason?: string;
  from: number;
  to: number;
  /** Seconds, a multiple of 60. */
  step: number;
  points: SeriesPoint[];
}
