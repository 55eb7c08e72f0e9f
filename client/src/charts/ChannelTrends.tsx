import { useMemo } from 'react';
import type { Annotation } from '@shared/annotations';
import { markersFor } from '../model/annotations';
import type { XY } from './config';
import type { SeriesPoint } from './seriesApi';
import { TrendChart } from './TrendChart';
import type { ChannelTrends as Series } from './useTrends';

const xy = (points: SeriesPoint[] | undefined, scale = 1): XY[] =>
  (points ?? []).map((p) => ({ x: p.t, y: p.v === null ? null : p.v * scale }));

export interface ChannelTrendsProps {
  channel: string;
  series: Series | undefined;
  from: number;
  to: number;
  /** The channel's service-level target, a fraction; null without one. */
  slTarget: number | null;
  timeZone: string | undefined;
  /** The snapshot's incident annotations; this channel's and those for all channels are marked. */
  annotations?: readonly Annotation[];
}

const NONE: readonly Annotation[] = [];

/** The three trend panels of one channel over the last 4 hours: waiting, arrivals vs answered, service level. */
export function ChannelTrends({ channel, series, from, to, slTarget, timeZone, annotations = NONE }: ChannelTrendsProps) {
  // New arrays only when the fetched series change, so the charts update once a minute, not every second.
  const data = useMemo(() => ({
    waiting: [xy(series?.waiting)],
    flow: [xy(series?.arrivals), xy(series?.answered)],
    serviceLevel: [
      xy(series?.serviceLevel, 100),
      slTarget === null ? [] : [{ x: from, y: slTarget * 100 }, { x: to, y: slTarget * 100 }],
    ],
  }), [series, slTarget, from, to]);
  // The annotations change only when a push carries them, so the markers do not redraw every second.
  const markers = useMemo(() => markersFor(annotations, channel), [annotations, channel]);

  return (
    <div className="trends">
      <section className="trend">
        <h3 className="trend-title">Waiting <span className="trend-sub">· 4 h</span></h3>
        <TrendChart kind="waiting" from={from} to={to} series={data.waiting} timeZone={timeZone} label={`${channel} waiting, last 4 hours`} markers={markers} markerLabels />
      </section>
      <section className="trend">
        <h3 className="trend-title">
          <span className="key-in">━ In</span> <span className="key-out">┅ Answered</span> <span className="trend-sub">/ 5 min</span>
        </h3>
        <TrendChart kind="flow" from={from} to={to} series={data.flow} timeZone={timeZone} label={`${channel} arrivals and answered per 5 minutes, last 4 hours`} markers={markers} />
      </section>
      <section className="trend">
        <h3 className="trend-title">
          <span className="key-out">SL % / 15 min</span> <span className="key-target">┅ target</span>
        </h3>
        <TrendChart kind="serviceLevel" from={from} to={to} series={data.serviceLevel} timeZone={timeZone} label={`${channel} service level per 15 minutes, last 4 hours`} markers={markers} />
      </section>
    </div>
  );
}
