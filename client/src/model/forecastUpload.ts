/** The forecast upload: which content type a file is sent as, and what the server stored, in words. Pure. */
import type { ForecastStored } from '../api/settingsApi';

/** The CSV the server reads: a header, then one row per channel and 15-minute interval. */
export const FORECAST_EXAMPLE = 'channel,interval_start,arrivals\nchat,09:00,120\nchat,09:15,135\nvoice,09:00,80\nvoice,09:15,92';

/** JSON for `.json` files or text that opens with `[`; CSV otherwise. */
export function forecastContentType(fileName: string, text: string): 'application/json' | 'text/csv' {
  if (/\.json$/i.test(fileName)) return 'application/json';
  if (/\.csv$/i.test(fileName)) return 'text/csv';
  return text.trimStart().startsWith('[') ? 'application/json' : 'text/csv';
}

/** `Stored 192 rows: 2026-11-27 chat 96, voice 96.` */
export function storedSummary(reply: ForecastStored): string {
  const days = Object.entries(reply.stored).map(([day, byCh]) =>
    `${day} ${Object.entries(byCh).map(([ch, n]) => `${ch} ${n}`).join(', ')}`);
  return `Stored ${reply.rows.toLocaleString('en')} row${reply.rows === 1 ? '' : 's'}${days.length ? `: ${days.join('; ')}` : ''}.`;
}

/** A file too large for the server's limit (2 MiB) is refused before it is sent. */
export const FORECAST_MAX_BYTES = 2 * 1024 * 1024;
