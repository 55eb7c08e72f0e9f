/**
 * The forecast a planner would have made for the simulated day: the profile's expected arrivals per channel
 * and 15-minute interval (the incident is not planned), with a seeded forecasting error, in the JSON form
 * `PUT /api/v1/forecast` takes.
 */
import { INTERVAL_MS, dayOf } from '../../server/readiness/intervals';
import { type ModelConfig, SIM_CHANNELS, type SimChannel, localHour, plannedContactsPerMinute } from './profile';
import { Rng, fnv1a } from './random';

const MINUTE = 60_000;

export interface ForecastUploadRow {
  channel: SimChannel;
  /** Interval start, epoch ms. */
  intervalStart: number;
  arrivals: number;
}

export interface ForecastError {
  /** Coefficient of variation of a channel's error over the whole day (the planners' bias). */
  bias: number;
  /** Coefficient of variation of each interval's own error. */
  noise: number;
}

/** A few per cent off over the day, about a tenth off per interval: a decent forecast, not a perfect one. */
export const DEFAULT_FORECAST_ERROR: ForecastError = { bias: 0.04, noise: 0.1 };

/**
 * Contacts the planners expect on `channel` from `from` to `to` (epoch ms, whole minutes): the model draws
 * each minute's arrivals at the rate of the minute's start, so this sums the same rates.
 */
export function expectedArrivals(cfg: ModelConfig, channel: SimChannel, from: number, to: number): number {
  let sum = 0;
  for (let t = from; t < to; t += MINUTE) sum += plannedContactsPerMinute(cfg, channel, localHour(t, cfg.timeZone));
  return sum;
}

/** Every channel's forecast for each interval of the local day (in `cfg.timeZone`) that contains `now`. */
export function dayForecastRows(cfg: ModelConfig, now: number, error: ForecastError = DEFAULT_FORECAST_ERROR): ForecastUploadRow[] {
  if (!(error.bias >= 0 && error.noise >= 0)) throw new RangeError('forecast error must be ≥ 0');
  const day = dayOf(now, cfg.timeZone);
  const rng = new Rng(fnv1a(`forecast|${cfg.seed}|${day.day}`));
  const rows: ForecastUploadRow[] = [];
  for (const channel of SIM_CHANNELS) {
    const bias = Math.max(0, 1 + error.bias * rng.normal());
    for (const start of day.starts) {
      const factor = bias * Math.max(0, 1 + error.noise * rng.normal());
      rows.push({ channel, intervalStart: start, arrivals: Math.round(expectedArrivals(cfg, channel, start, start + INTERVAL_MS) * factor) });
    }
  }
  return rows;
}

/** Uploads `rows` with the admin token; resolves to the number of rows stored, throws the server's reason. */
export async function uploadForecast(url: string, adminToken: string, rows: readonly ForecastUploadRow[], fetchFn: typeof fetch = fetch): Promise<number> {
  const res = await fetchFn(`${url}/api/v1/forecast`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(rows),
  });
  const text = await res.text();
  let body: { rows?: number; error?: string } = {};
  try { body = JSON.parse(text) as typeof body; } catch { /* not JSON: reported below */ }
  if (!res.ok) throw new Error(`forecast upload refused (${res.status}): ${body.error ?? text.slice(0, 200)}`);
  return body.rows ?? rows.length;
}
