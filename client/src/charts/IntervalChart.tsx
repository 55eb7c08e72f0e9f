import { useEffect, useRef } from 'react';
import {
  BarController, BarElement, Chart, type ChartConfiguration, LineController, LineElement, LinearScale, PointElement,
} from 'chart.js';
import type { IntervalFigures } from '../api/readinessApi';
import type { Marker } from '../model/annotations';
import { hourMinute, hourTicks } from '../model/format';
import { stillChart } from './config';
import { markersPlugin } from './markers';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, LinearScale);

type XY = { x: number; y: number | null };
type IntervalChartInstance = Chart<'bar' | 'line', XY[]>;

export interface IntervalChartProps {
  intervals: readonly IntervalFigures[];
  intervalMinutes: number;
  /** The time range shown (the same for every channel), epoch ms. */
  from: number;
  to: number;
  timeZone: string;
  markers: readonly Marker[];
  label: string;
}

const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/** Bars and line points sit at the middle of their interval, so a bar covers the quarter hour it counts. */
function points(intervals: readonly IntervalFigures[], half: number) {
  const actual: XY[] = [];
  const running: XY[] = [];
  const forecast: XY[] = [];
  for (const iv of intervals) {
    const x = iv.start + half;
    if (iv.actual !== null) (iv.complete ? actual : running).push({ x, y: iv.actual });
    forecast.push({ x, y: iv.forecast });
  }
  return { actual, running, forecast };
}

function config(rem: number, font: string, markers: () => readonly Marker[]): ChartConfiguration<'bar' | 'line', XY[]> {
  const dim = cssVar('--text-dim', '#a3b1bf');
  const grid = cssVar('--chart-grid', 'rgba(255,255,255,0.09)');
  const bar = cssVar('--chart-out', '#38bdf8');
  const bars = { barPercentage: 0.85, categoryPercentage: 1, grouped: false, borderWidth: 0 } as const;
  return {
    type: 'bar',
    data: {
      datasets: [
        // Drawn over the bars (lower order is drawn later): a step per interval, like the bars it is read against.
        { type: 'line', label: 'forecast', data: [], borderColor: cssVar('--chart-in', '#e8edf2'), borderWidth: 0.2 * rem, pointRadius: 0, stepped: 'middle', spanGaps: false, order: 0 },
        { type: 'bar', label: 'actual', data: [], backgroundColor: bar, ...bars, order: 1 },
        { type: 'bar', label: 'so far', data: [], backgroundColor: cssVar('--chart-fill', 'rgba(56,189,248,0.28)'), ...bars, order: 1 },
      ],
    },
    plugins: [markersPlugin(() => ({ markers: markers(), labels: true, rem, font }))],
    options: {
      ...stillChart(),
      layout: { padding: { top: 0.2 * rem, right: 0.4 * rem } },
      scales: {
        x: {
          type: 'linear', offset: false,
          grid: { color: grid }, border: { display: false },
          ticks: { color: dim, font: { size: 0.8 * rem, family: font }, maxRotation: 0, autoSkip: false },
        },
        y: {
          type: 'linear', min: 0, suggestedMax: 4,
          grid: { color: grid }, border: { display: false },
          ticks: { color: dim, font: { size: 0.8 * rem, family: font }, maxTicksLimit: 4, precision: 0 },
        },
      },
    },
  };
}

/**
 * Today's arrivals per 15-minute interval (bars; the running interval paler) against the forecast (a stepped
 * line), with the incident annotations as markers. One chart per channel, created once and updated in place.
 */
export function IntervalChart({ intervals, intervalMinutes, from, to, timeZone, markers, label }: IntervalChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<IntervalChartInstance | null>(null);
  const latestMarkers = useRef(markers);
  latestMarkers.current = markers;

  useEffect(() => {
    if (!canvas.current) return;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const c = new Chart(canvas.current, config(rem, getComputedStyle(document.body).fontFamily, () => latestMarkers.current));
    chart.current = c as IntervalChartInstance;
    return () => {
      c.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const p = points(intervals, (intervalMinutes * 60_000) / 2);
    c.data.datasets[0]!.data = p.forecast;
    c.data.datasets[1]!.data = p.actual;
    c.data.datasets[2]!.data = p.running;
    const x = c.options.scales!.x!;
    x.min = from;
    x.max = to;
    // Every hour on a short range, every second or third on a long one, in the server's time zone.
    const every = to - from > 12 * 3_600_000 ? 3 : to - from > 6 * 3_600_000 ? 2 : 1;
    x.afterBuildTicks = (scale) => {
      const hours = hourTicks(scale.min, scale.max, timeZone).filter((t) => Number(hourMinute(t, timeZone).slice(0, 2)) % every === 0);
      scale.ticks = hours.map((value) => ({ value }));
    };
    x.ticks!.callback = (v) => hourMinute(Number(v), timeZone);
    c.update('none');
  }, [intervals, intervalMinutes, from, to, timeZone, markers]);

  return (
    <div className="iv-canvas">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
