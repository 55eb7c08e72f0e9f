/**
 * The review page's charts: a few series over named periods (months, weeks), with the target as a dashed
 * line. Drawn in colours that read on the dark screen and on paper alike, so a printed review keeps them.
 */
import { useEffect, useRef } from 'react';
import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement } from 'chart.js';
import { stillChart } from './config';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend);

export interface ReviewSeries {
  label: string;
  values: (number | null)[];
  /** `now`: this year's; `then`: last year's; `target`: the goal. */
  kind: 'now' | 'then' | 'target';
}

const STYLE: Record<ReviewSeries['kind'], { color: string; dash: number[] }> = {
  now: { color: '#1f8fd6', dash: [] },
  then: { color: '#e07b1a', dash: [] },
  target: { color: '#7a7a7a', dash: [6, 4] },
};
/** Ticks and legend: a mid grey, readable on black and on white. */
const INK = '#8a96a3';

/** A line chart of fractions (shown as percent) over period labels. */
export function ReviewChart({ title, labels, series, testId }: { title: string; labels: string[]; series: ReviewSeries[]; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const font = { family: getComputedStyle(document.body).fontFamily, size: 12 };
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label, data: s.values.map((v) => (v === null ? null : v * 100)), borderColor: STYLE[s.kind].color, backgroundColor: STYLE[s.kind].color,
          borderDash: STYLE[s.kind].dash, borderWidth: 2, pointRadius: s.kind === 'target' ? 0 : 3, spanGaps: false,
        })),
      },
      options: {
        ...stillChart(), parsing: undefined, normalized: undefined,
        plugins: { legend: { labels: { color: INK, font, boxWidth: 14 } } },
        scales: {
          x: { type: 'category', ticks: { color: INK, font }, grid: { color: 'rgba(128,128,128,0.15)' } },
          y: { type: 'linear', beginAtZero: true, ticks: { color: INK, font, callback: (v) => `${v} %` }, grid: { color: 'rgba(128,128,128,0.25)' } },
        },
      },
    });
    return () => chart.destroy();
  }, [labels, series]);
  return (
    <figure className="rv-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="rv-chart-box"><canvas ref={canvas} role="img" aria-label={title} /></div>
    </figure>
  );
}
