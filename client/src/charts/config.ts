/**
 * chart.js set-up for the wall's trend panels: registered parts only (no tooltips or legends: nobody points
 * at a TV), animations off, points given as `{x, y}` already parsed and sorted. Colours come from the CSS
 * custom properties, so the stylesheet stays the one place for the palette.
 */
import {
  Chart, type ChartConfiguration, type ChartDataset, Decimation, Filler, LineController, LineElement, LinearScale, PointElement,
} from 'chart.js';
import { hourMinute, hourTicks } from '../model/format';
import { type MarkerSet, markersPlugin } from './markers';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Decimation);

/**
 * What every chart of the pages shares: drawn once per change, no animation, data given parsed and sorted,
 * sized by its box, deaf to the pointer (a TV has none).
 */
export const stillChart = () => ({
  animation: false as const, parsing: false as const, normalized: true, responsive: true, maintainAspectRatio: false, events: [] as never[],
});

export type TrendKind = 'flow' | 'serviceLevel' | 'waiting';
export type XY = { x: number; y: number | null };
export type TrendChart = Chart<'line', XY[]>;

/** Sizes in CSS pixels of the current root font size (which scales with the screen: 16 px at 1080p). */
export interface TrendStyle {
  rem: number;
  font: string;
  timeZone: string | undefined;
}

/** The screen's root font size and font family, read from the page. */
export function currentStyle(timeZone: string | undefined): TrendStyle {
  const root = getComputedStyle(document.documentElement);
  return { rem: parseFloat(root.fontSize) || 16, font: getComputedStyle(document.body).fontFamily, timeZone };
}

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#ccc';

function line(label: string, color: string, s: TrendStyle, extra: Partial<ChartDataset<'line', XY[]>> = {}): ChartDataset<'line', XY[]> {
  return {
    label, data: [], borderColor: color, backgroundColor: color, borderWidth: 0.2 * s.rem,
    pointRadius: 0, tension: 0.25, spanGaps: false, ...extra,
  };
}

/** The datasets of each kind of panel; `update` fills their `data` in this order. */
function datasets(kind: TrendKind, s: TrendStyle): ChartDataset<'line', XY[]>[] {
  switch (kind) {
    case 'flow':
      return [
        line('arrivals', cssVar('--chart-in'), s),
        line('answered', cssVar('--chart-out'), s, { borderDash: [0.5 * s.rem, 0.3 * s.rem] }),
      ];
    case 'serviceLevel':
      return [
        line('service level', cssVar('--chart-out'), s, { pointRadius: 0.18 * s.rem, tension: 0 }),
        line('target', cssVar('--chart-target'), s, { borderDash: [0.4 * s.rem, 0.4 * s.rem], borderWidth: 0.12 * s.rem, tension: 0 }),
      ];
    case 'waiting':
      return [line('waiting', cssVar('--chart-out'), s, { fill: 'origin', backgroundColor: cssVar('--chart-fill') })];
  }
}

/** A panel's chart configuration, created once per panel; `markers` gives the incident annotations at each draw. */
export function trendConfig(kind: TrendKind, s: TrendStyle, markers: () => MarkerSet | null = () => null): ChartConfiguration<'line', XY[]> {
  const dim = cssVar('--text-dim');
  const grid = cssVar('--chart-grid');
  return {
    type: 'line',
    data: { datasets: datasets(kind, s) },
    plugins: [markersPlugin(markers)],
    options: {
      ...stillChart(),
      layout: { padding: { top: 0.3 * s.rem, right: 0.4 * s.rem } },
      plugins: { decimation: { enabled: true, algorithm: 'min-max' } },
      scales: {
        x: {
          type: 'linear',
          grid: { color: grid, lineWidth: 0.06 * s.rem },
          border: { display: false },
          // The panels of a card share one time axis: only the lowest one spells out the hours.
          ticks: { display: kind === 'serviceLevel', color: dim, font: { size: 0.85 * s.rem, family: s.font }, maxRotation: 0, autoSkip: false },
        },
        y: {
          type: 'linear',
          min: 0,
          ...(kind === 'serviceLevel' ? { max: 100 } : { suggestedMax: 4 }),
          grid: { color: grid, lineWidth: 0.06 * s.rem },
          border: { display: false },
          ticks: { color: dim, font: { size: 0.85 * s.rem, family: s.font }, maxTicksLimit: 3, precision: 0 },
        },
      },
    },
  };
}

/** Applies a new time range, data and style to a chart in place (no animation, no re-creation). */
export function updateTrend(chart: TrendChart, range: { from: number; to: number }, series: XY[][], s: TrendStyle): void {
  chart.data.datasets.forEach((d, i) => { d.data = series[i] ?? []; });
  const x = chart.options.scales!.x!;
  const y = chart.options.scales!.y!;
  x.min = range.from;
  x.max = range.to;
  // Whole hours on the axis, in the snapshot's time zone.
  x.afterBuildTicks = (scale) => {
    scale.ticks = hourTicks(scale.min, scale.max, s.timeZone).map((value) => ({ value }));
  };
  x.ticks!.callback = (v) => hourMinute(Number(v), s.timeZone);
  for (const axis of [x, y]) axis.ticks!.font = { size: 0.85 * s.rem, family: s.font };
  chart.update('none');
}
