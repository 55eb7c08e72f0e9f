/**
 * A chart.js plugin that draws incident annotations on a time axis: a dashed vertical line at the start, a
 * faint band to the end when there is one, and (where asked) a short label at the top beside the line.
 * Labels that would overlap step down a row; past two rows only the line is drawn.
 */
import type { Chart, Plugin } from 'chart.js';
import type { Marker } from '../model/annotations';

export interface MarkerSet {
  markers: readonly Marker[];
  /** Draw the labels too (the wall labels its top panel only; the lines run through all three). */
  labels: boolean;
  /** CSS pixels of the root font size, so lines and labels scale with the screen. */
  rem: number;
  font: string;
}

const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/** Where each label goes: its row (0 at the top) and its left edge; rows past `maxRows` get no label. */
export function labelRows(xs: readonly { x: number; width: number }[], right: number, gap: number, maxRows = 2): ({ row: number; left: number } | null)[] {
  const ends: number[] = [];
  return xs.map(({ x, width }) => {
    // Beside the line, to the right; flipped to its left where the chart ends.
    const left = x + gap + width > right ? x - gap - width : x + gap;
    for (let row = 0; row < maxRows; row++) {
      if (ends[row] === undefined || left >= ends[row]! + gap) {
        ends[row] = left + width;
        return { row, left };
      }
    }
    return null;
  });
}

/** The plugin, reading the markers through `get` at each draw (so the chart is never recreated for them). */
export function markersPlugin(get: () => MarkerSet | null): Plugin {
  return {
    id: 'peakwatchMarkers',
    afterDatasetsDraw(chart: Chart) {
      const set = get();
      const x = chart.scales.x;
      if (!set || !x || set.markers.length === 0) return;
      const { left, right, top, bottom } = chart.chartArea;
      const ctx = chart.ctx;
      const color = cssVar('--note', '#e879f9');
      const band = cssVar('--note-band', 'rgba(232, 121, 249, 0.12)');
      const { rem } = set;
      const shown = set.markers
        .map((m) => ({ m, px: x.getPixelForValue(m.start), endPx: m.end === null ? null : x.getPixelForValue(m.end) }))
        .filter(({ px, endPx }) => px <= right && (endPx ?? px) >= left);
      ctx.save();
      for (const { px, endPx } of shown) {
        if (endPx !== null && endPx > px) {
          ctx.fillStyle = band;
          ctx.fillRect(Math.max(left, px), top, Math.min(right, endPx) - Math.max(left, px), bottom - top);
        }
        if (px < left) continue;
        ctx.strokeStyle = color;
        ctx.lineWidth = Math.max(1.5, 0.14 * rem);
        ctx.setLineDash([0.35 * rem, 0.25 * rem]);
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
      }
      if (set.labels) {
        const size = 0.8 * rem;
        ctx.font = `700 ${size}px ${set.font}`;
        ctx.setLineDash([]);
        ctx.textBaseline = 'middle';
        const pad = 0.25 * rem;
        const visible = shown.filter(({ px }) => px >= left);
        const boxes = visible.map(({ m, px }) => ({ x: px, width: ctx.measureText(m.label).width + 2 * pad }));
        labelRows(boxes, right, 0.2 * rem).forEach((place, i) => {
          if (!place) return;
          const h = size + 2 * pad;
          const y = top + place.row * (h + 0.15 * rem);
          ctx.fillStyle = 'rgba(5, 8, 12, 0.88)';
          ctx.fillRect(place.left, y, boxes[i]!.width, h);
          ctx.strokeStyle = color;
          ctx.lineWidth = 1;
          ctx.strokeRect(place.left + 0.5, y + 0.5, boxes[i]!.width - 1, h - 1);
          ctx.fillStyle = color;
          ctx.fillText(visible[i]!.m.label, place.left + pad, y + h / 2);
        });
      }
      ctx.restore();
    },
  };
}
