import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEMO_BACKFILL_HOURS, DEMO_LOCAL_HOUR, busyZone, demoNote, fixedZone } from '../../scripts/sim/demo-clock';
import { DEFAULT_FORECAST_ERROR, dayForecastRows, expectedArrivals } from '../../scripts/sim/forecast';
import { PeakModel } from '../../scripts/sim/model';
import { DEFAULT_MODEL, SIM_CHANNELS, dayLevel, localHour, localMidnight, resolveModel } from '../../scripts/sim/profile';
import { WARM_UP_MS } from '../../scripts/sim/runner';
import { loadConfig } from '../../server/config/config';
import { parseForecastJson } from '../../server/readiness/forecast-parse';
import { diffSnapshot } from '../../server/realtime/diff';
import { applyUpdate } from '../../shared/socket';
import { makeSnapshot } from '../helpers/snapshot-factory';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Days in each season (Etc zones have no daylight saving, whatever the date). */
const DAYS = [Date.UTC(2026, 11, 2), Date.UTC(2026, 2, 29), Date.UTC(2026, 5, 30)];
/** Each UTC hour at its start, its middle and its last second, on each of those days. */
const clocksAt = (utcHour: number) => DAYS.flatMap((day) => [0, 30 * MINUTE, HOUR - 1_000].map((m) => day + utcHour * HOUR + m));
const HOURS = Array.from({ length: 24 }, (_, h) => h);

describe('demo clock: the zone that puts the war room at its busy evening, whatever the UTC hour', () => {
  it.each(HOURS)('at %i:xx UTC the local clock reads 18:xx, busy, with the backfill after local midnight', (utcHour) => {
    for (const now of clocksAt(utcHour)) checkBusy(now);
  });

  function checkBusy(now: number) {
    const clock = busyZone(now);
    expect(IANAZone.isValidZone(clock.timeZone)).toBe(true);
    const h = localHour(now, clock.timeZone);
    expect(h).toBeGreaterThanOrEqual(DEMO_LOCAL_HOUR);
    expect(h).toBeLessThan(DEMO_LOCAL_HOUR + 1);
    // Busy now and for the next two hours of the demo: at least 80 % of the peak day's busiest hour.
    for (const ahead of [0, 1, 2]) expect(dayLevel(DEFAULT_MODEL.dayCurve, h + ahead)).toBeGreaterThanOrEqual(0.8);
    // The posted window, and the unposted warm-up before it, start after local midnight: the model plays today only.
    expect(now - DEMO_BACKFILL_HOURS * HOUR - WARM_UP_MS).toBeGreaterThanOrEqual(localMidnight(now, clock.timeZone));
    // The label is the zone's real offset (Etc's sign is inverted: Etc/GMT-6 is UTC+6).
    const offset = DateTime.fromMillis(now, { zone: clock.timeZone }).offset / 60;
    expect(offset).toBeGreaterThanOrEqual(-12);
    expect(offset).toBeLessThanOrEqual(14);
    expect(clock.label).toBe(`UTC${offset < 0 ? '-' : '+'}${Math.abs(offset)}`);
    // The server takes the zone, the tenant and the note as they are.
    const config = loadConfig({ PEAKWATCH_TZ: clock.timeZone, PEAKWATCH_TENANT: clock.tenant, PEAKWATCH_DEMO_NOTE: demoNote(clock, true) });
    expect(config.timeZone).toBe(clock.timeZone);
    expect(config.tenant).toBe(clock.tenant);
    expect(config.demoNote).toBe(`DEMO · simulated peak, clock in ${clock.label}`);
  }

  it('gives each UTC hour its own zone and tenant, so days counted in different zones never share a "today"', () => {
    const day = HOURS.map((h) => DAYS[0]! + h * HOUR + 30 * MINUTE);
    const zones = new Set(day.map((t) => busyZone(t).timeZone));
    expect(zones.size).toBe(24);
    expect(new Set(day.map((t) => busyZone(t).tenant)).size).toBe(24);
    expect(busyZone(Date.UTC(2026, 11, 2, 0, 40))).toEqual({ timeZone: 'Etc/GMT+6', label: 'UTC-6', tenant: 'demo-utcminus6' });
    expect(busyZone(Date.UTC(2026, 11, 2, 18, 5))).toEqual({ timeZone: 'Etc/GMT', label: 'UTC+0', tenant: 'demo-utcplus0' });
    expect(busyZone(Date.UTC(2026, 11, 2, 12, 5)).timeZone).toBe('Etc/GMT-6');
  });

  it('a zone asked for is used as it is; a bad one or a bad hour is refused', () => {
    const berlin = fixedZone('Europe/Berlin');
    expect(berlin).toEqual({ timeZone: 'Europe/Berlin', label: 'Europe/Berlin', tenant: 'demo-europe-berlin' });
    expect(demoNote(berlin, false)).toBe('DEMO · simulated day, clock in Europe/Berlin');
    expect(fixedZone('Etc/GMT+5').tenant).not.toBe(fixedZone('Etc/GMT-5').tenant);
    expect(() => fixedZone('Nowhere/Land')).toThrow(/not an IANA time zone/);
    expect(() => busyZone(Date.now(), 24)).toThrow(/whole hour/);
  });
});

describe('the demo marker: a server setting the snapshot carries', () => {
  it('PEAKWATCH_DEMO_NOTE: unset or blank is real data (no marker); one line of at most 80 characters', () => {
    expect(loadConfig({}).demoNote).toBeNull();
    expect(loadConfig({ PEAKWATCH_DEMO_NOTE: '   ' }).demoNote).toBeNull();
    expect(loadConfig({ PEAKWATCH_DEMO_NOTE: ' DEMO ' }).demoNote).toBe('DEMO');
    expect(() => loadConfig({ PEAKWATCH_DEMO_NOTE: 'x'.repeat(81) })).toThrow(/PEAKWATCH_DEMO_NOTE must be at most 80 characters/);
  });

  it('an update carries it when it appears or changes, and a client that merges it shows it', () => {
    const before = makeSnapshot();
    const after = { ...makeSnapshot(), demoNote: 'DEMO · simulated peak, clock in UTC+3' };
    const update = diffSnapshot(before, after);
    expect(update.demoNote).toBe(after.demoNote);
    expect(applyUpdate(before, update).demoNote).toBe(after.demoNote);
    expect(diffSnapshot(after, { ...after }).demoNote).toBeUndefined();
  });
});

describe('demo forecast: the profile per channel and 15-minute interval, with a seeded error', () => {
  const now = Date.UTC(2026, 11, 2, 0, 40);
  const cfg = resolveModel({ seed: 7, timeZone: busyZone(now).timeZone });
  const day = localMidnight(now, cfg.timeZone);

  it('covers the local day in 15-minute steps, every channel once per interval', () => {
    const rows = dayForecastRows(cfg, now);
    for (const ch of SIM_CHANNELS) {
      const starts = rows.filter((r) => r.channel === ch).map((r) => r.intervalStart);
      expect(starts).toEqual(Array.from({ length: 96 }, (_, i) => day + i * 15 * MINUTE));
    }
    expect(rows).toHaveLength(96 * SIM_CHANNELS.length);
    // A daylight-saving day has 100 intervals (25 h), from one local midnight to the next.
    const berlin = dayForecastRows(resolveModel({ timeZone: 'Europe/Berlin' }), Date.UTC(2026, 9, 25, 12)).filter((r) => r.channel === 'voice');
    expect(berlin).toHaveLength(100);
    expect(DateTime.fromMillis(berlin.at(-1)!.intervalStart, { zone: 'Europe/Berlin' }).toFormat('HH:mm')).toBe('23:45');
  });

  it('the server accepts it as it is', () => {
    const parsed = parseForecastJson(dayForecastRows(cfg, now), { channels: new Set(SIM_CHANNELS), timeZone: cfg.timeZone, now });
    expect(parsed.ok).toBe(true);
  });

  it('totals per channel are the profile\'s expected arrivals: exactly without error, within a few per cent with it', () => {
    const exact = dayForecastRows(cfg, now, { bias: 0, noise: 0 });
    for (const seed of [1, 7, 42, 1_000]) {
      const rows = dayForecastRows({ ...cfg, seed }, now);
      for (const ch of SIM_CHANNELS) {
        const expected = expectedArrivals(cfg, ch, day, day + 24 * HOUR);
        const total = (r: typeof rows) => r.filter((x) => x.channel === ch).reduce((s, x) => s + x.arrivals, 0);
        expect(Math.abs(total(exact) - expected)).toBeLessThanOrEqual(48); // 96 roundings of at most 0.5
        expect(total(rows) / expected).toBeGreaterThan(1 - 4 * DEFAULT_FORECAST_ERROR.bias);
        expect(total(rows) / expected).toBeLessThan(1 + 4 * DEFAULT_FORECAST_ERROR.bias);
      }
    }
    // Seeded: the same seed and day give the same forecast, another seed another; and it is not the exact profile.
    expect(dayForecastRows(cfg, now)).toEqual(dayForecastRows(cfg, now + HOUR));
    expect(dayForecastRows(cfg, now)).not.toEqual(dayForecastRows({ ...cfg, seed: 8 }, now));
    expect(dayForecastRows(cfg, now)).not.toEqual(exact);
  });

  it('is what the simulator then delivers, without the (unplanned) incident', () => {
    const quiet = resolveModel({ seed: 3, timeZone: cfg.timeZone, incident: null });
    const events = new PeakModel(quiet, day).advanceTo(day + 24 * HOUR);
    for (const ch of SIM_CHANNELS) {
      const arrived = events.filter((e) => e.type === 'contact.queued' && e.channel === ch).length;
      const expected = expectedArrivals(quiet, ch, day, day + 24 * HOUR);
      expect(Math.abs(arrived / expected - 1), ch).toBeLessThan(0.08);
    }
  });

  it('refuses a negative error', () => {
    expect(() => dayForecastRows(cfg, now, { bias: -1, noise: 0 })).toThrow(/≥ 0/);
  });
});
