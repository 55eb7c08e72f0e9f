import { useEffect, useRef, useState } from 'react';
import { type SeriesMetric, type SeriesPoint, fetchSeries } from './seriesApi';

/** The trend panels cover the last 4 hours. */
export const TREND_WINDOW_MS = 4 * 3_600_000;
/** Refetched this often (and at once after every reconnect). */
export const TREND_REFRESH_MS = 60_000;

/** The series each channel's panels show, and the interval of each. */
export const TREND_SERIES: readonly { metric: SeriesMetric; step: number }[] = [
  { metric: 'arrivals', step: 300 },
  { metric: 'answered', step: 300 },
  { metric: 'waiting', step: 300 },
  { metric: 'serviceLevel', step: 900 },
];

/** Series that count events per interval (rather than a ratio or a level). */
const COUNTS: ReadonlySet<SeriesMetric> = new Set(['arrivals', 'answered', 'abandoned']);

export type ChannelTrends = Partial<Record<SeriesMetric, SeriesPoint[]>>;

export interface Trends {
  from: number;
  to: number;
  byChannel: Record<string, ChannelTrends>;
}

/**
 * The channels' trend series, fetched together every minute and whenever `epoch` moves (a reconnect). A
 * failed fetch keeps the series already shown: the stale banner, not empty charts, tells of an outage.
 */
export function useTrends(token: string | null, channels: readonly string[], epoch: number, clockOffsetMs = 0): Trends | null {
  const [trends, setTrends] = useState<Trends | null>(null);
  const key = channels.join(',');
  // The window ends at the server's now (a screen's clock may be off); read at each fetch, not a reason to refetch.
  const offset = useRef(clockOffsetMs);
  useEffect(() => { offset.current = clockOffsetMs; }, [clockOffsetMs]);

  useEffect(() => {
    if (!token || !key) return;
    const names = key.split(',');
    let controller: AbortController | null = null;
    const load = async () => {
      controller?.abort();
      const ctl = new AbortController();
      controller = ctl;
      const to = Date.now() + offset.current;
      const from = to - TREND_WINDOW_MS;
      try {
        const results = await Promise.all(names.flatMap((channel) => TREND_SERIES.map(({ metric, step }) =>
          fetchSeries(token, { metric, channel, from, to, step }, ctl.signal))));
        const byChannel: Record<string, ChannelTrends> = {};
        for (const r of results) {
          // A count over an interval still running would read as a sudden drop at the right edge.
          const points = COUNTS.has(r.metric) ? r.points.filter((p) => p.t + r.step * 1000 <= to) : r.points;
          (byChannel[r.channel] ??= {})[r.metric] = points;
        }
        if (!ctl.signal.aborted) setTrends({ from, to, byChannel });
      } catch {
        // Keep what is shown; the next minute (or reconnect) tries again.
      }
    };
    void load();
    const timer = setInterval(() => void load(), TREND_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller?.abort();
    };
  }, [token, key, epoch]);

  return trends;
}
