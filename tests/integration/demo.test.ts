import { afterEach, describe, expect, it } from 'vitest';
import { busyZone } from '../../scripts/sim/demo-clock';
import { expectedArrivals } from '../../scripts/sim/forecast';
import { SIM_CHANNELS, localHour, localMidnight, resolveModel } from '../../scripts/sim/profile';
import type { DayForecast } from '../../server/readiness/service';
import type { Readiness } from '../../shared/readiness';
import { type HistoryReply, addDays, dayIn } from '../../shared/history';
import type { Snapshot } from '../../shared/snapshot';
import { cleanupProcesses, dataDir, spawnScript, stop, until } from '../helpers/process';

/**
 * `scripts/demo.ts` as a user runs it (without the client build), its server and embedded Redis on a free
 * port and a temporary folder. Timestamps are real, so the clock cannot be moved: the night is brought in
 * through the zone instead, a PEAKWATCH_TZ in which it is now just past midnight, as it was for the user who
 * saw a wall of zeros.
 */

afterEach(cleanupProcesses);

const HOUR = 3_600_000;
const BACKFILL_HOURS = 4;
const INTENSITY = 0.5;
const SEED = 11;

async function get<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('npm run demo: the busy evening from the first minute, whatever the hour', () => {
  it('started where it is just past midnight, it shows a busy "today", a forecast on every channel and the demo marker', async () => {
    const night = busyZone(Date.now(), 0).timeZone;
    const demo = spawnScript('scripts/demo.ts', ['--backfill', String(BACKFILL_HOURS), '--intensity', String(INTENSITY), '--seed', String(SEED)],
      dataDir(), { PEAKWATCH_TZ: night });
    const out = await until('the demo going live', 120_000, () => (/now live/.test(demo.stdout()) ? demo.stdout() : null), demo);
    const liveAt = Date.now();
    const [, token, base] = /Snapshot API:\s+curl -H "Authorization: Bearer (\S+)" (\S+)\/api\/v1\/snapshot/.exec(out)!;
    expect(out).toMatch(/forecast uploaded: 480 intervals/);

    const snap = await get<Snapshot>(`${base}/api/v1/snapshot`, token!);
    // The demo chose its own zone: the clock reads the early evening (18:xx, or 19:00 if the hour turned meanwhile).
    expect(snap.timeZone).not.toBe(night);
    expect(Math.floor(localHour(snap.at, snap.timeZone))).toBeGreaterThanOrEqual(18);
    expect(localHour(snap.at, snap.timeZone)).toBeLessThan(19.1);
    expect(snap.todayStart).toBe(localMidnight(snap.at, snap.timeZone));
    expect(snap.demoNote).toBe(`DEMO · simulated peak, clock in ${busyZone(liveAt).label}`);

    // "Today" holds the whole backfill: at least 80 % of what the profile expects in those hours (the incident adds more).
    const model = resolveModel({ seed: SEED, intensity: INTENSITY, timeZone: snap.timeZone });
    const from = liveAt - BACKFILL_HOURS * HOUR;
    const expected = SIM_CHANNELS.reduce((s, ch) => s + expectedArrivals(model, ch, from - (from % 60_000), liveAt), 0);
    expect(expected).toBeGreaterThan(1_000);
    const today = snap.totals.windows.today;
    expect(today.arrivals).toBeGreaterThan(0.8 * expected);
    expect(today.orders).toBeGreaterThan(0.8 * 400 * INTENSITY * 0.8 * BACKFILL_HOURS * 60);
    for (const ch of SIM_CHANNELS) expect(snap.channels[ch]!.windows.today.arrivals, ch).toBeGreaterThan(0);
    expect(snap.channels.chat!.windows['60m'].arrivals).toBeGreaterThan(0.8 * expectedArrivals(model, 'chat', liveAt - HOUR, liveAt - (liveAt % 60_000)));

    // The day's forecast was uploaded for every channel and interval, and readiness compares against it.
    const forecast = await get<DayForecast>(`${base}/api/v1/forecast`, token!);
    expect(forecast.timeZone).toBe(snap.timeZone);
    for (const ch of SIM_CHANNELS) {
      const c = forecast.channels[ch]!;
      expect(c.source, ch).toBe('uploaded');
      expect(c.intervals).toHaveLength(96);
      expect(c.intervals.every((i) => i.forecast !== null)).toBe(true);
    }
    const readiness = await get<Readiness>(`${base}/api/v1/readiness`, token!);
    for (const ch of SIM_CHANNELS) {
      const r = readiness.channels[ch]!;
      expect(r.forecastSource, ch).toBe('uploaded');
      expect(r.next.forecast, ch).not.toBeNull();
      expect(r.today.forecast, ch).toBeGreaterThan(0);
    }

    // Generated history: last year's bad peak and this year's good months, for the review page.
    expect(out).toMatch(/Peak review: .*\/review\?token=.*\(\d{3},?\d* days of generated demo history imported\)/);
    const todayLocal = dayIn(snap.at, snap.timeZone);
    const h = await get<HistoryReply>(`${base}/api/v1/history?from=${addDays(todayLocal, -390)}&to=${todayLocal}&step=month`, token!);
    const withDays = h.periods.filter((p) => p.days > 0);
    const [first, last] = [withDays[1]!, withDays.at(-2)!];
    expect(first.totals.contactRate).toBeGreaterThan(0.06);
    expect(first.channels.chat!.serviceLevel).toBeLessThan(0.03);
    expect(last.totals.contactRate).toBeLessThan(0.045);
    expect(last.channels.chat!.serviceLevel).toBeGreaterThan(0.8);
    expect(last.importedDays).toBe(last.days);

    expect(await stop(demo)).toBe(0);
  }, 180_000);
});
