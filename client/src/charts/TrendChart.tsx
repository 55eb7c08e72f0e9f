import { useEffect, useRef } from 'react';
import { Chart } from 'chart.js';
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
}

/**
 * One chart.js panel. The chart is created once, when the canvas mounts, and then only updated in place
 * (`update('none')`) when its data or the screen size change; it is destroyed on unmount.
 */
export function TrendChart({ kind, from, to, series, timeZone, label }: TrendChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const latest = useRef({ from, to, series, timeZone });
  latest.current = { from, to, series, timeZone };

  useEffect(() => {
    if (!canvas.current) return;
    const c: ChartInstance = new Chart(canvas.current, trendConfig(kind, currentStyle(timeZone)));
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
  }, [from, to, series, timeZone]);

  return (
    <div className="trend-canvas">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
