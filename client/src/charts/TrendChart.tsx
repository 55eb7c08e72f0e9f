import { useEffect, useRef } from 'react';
import { Chart } from 'chart.js';
import type { Marker } from '../model/annotations';
import { type TrendChart as ChartInstance, type TrendKind, type XY, currentStyle, trendConfig, updateTrend } from './config';

export interface TrendChartProps {
  kind: TrendKind;
  /** The time range shown, epoch ms. */
  from: number;
  to: number;
  /** One array of points per dataset of the kind (see `config.ts`). */
  series: XY[][];
  timeZone: string | undefined;
  /** Names the panel for screen readers and tests. */
  label: string;
  /** Incident annotations drawn as dashed vertical lines (with their labels where `markerLabels`). */
  markers?: readonly Marker[];
  markerLabels?: boolean;
}

const NO_MARKERS: readonly Marker[] = [];

/**
 * One chart.js panel. The chart is created once, when the canvas mounts, and then only updated in place
 * (`update('none')`) when its data or the screen size change; it is destroyed on unmount.
 */
export function TrendChart({ kind, from, to, series, timeZone, label, markers = NO_MARKERS, markerLabels = false }: TrendChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const latest = useRef({ from, to, series, timeZone, markers, markerLabels });
  latest.current = { from, to, series, timeZone, markers, markerLabels };

  useEffect(() => {
    if (!canvas.current) return;
    const c: ChartInstance = new Chart(canvas.current, trendConfig(kind, currentStyle(timeZone), () => {
      const l = latest.current;
      if (l.markers.length === 0) return null;
      const { rem, font } = currentStyle(l.timeZone);
      return { markers: l.markers, labels: l.markerLabels, rem, font };
    }));
    chart.current = c;
    // Fonts and line widths follow the root font size, which follows the screen size.
    const onResize = () => {
      const l = latest.current;
      updateTrend(c, l, l.series, currentStyle(l.timeZone));
    };
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.destroy();
      chart.current = null;
    };
    // Created once per panel: data, range, time zone and sizes reach it through updates, never a new chart.
  }, [kind]);

  useEffect(() => {
    if (chart.current) updateTrend(chart.current, { from, to }, series, currentStyle(timeZone));
  }, [from, to, series, timeZone, markers]);

  return (
    <div className="trend-canvas">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
