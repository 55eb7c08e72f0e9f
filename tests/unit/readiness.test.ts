import { describe, expect, it } from 'vitest';
import type { ForecastCell } from '../../server/readiness/forecast';
import { dayOf } from '../../server/readiness/intervals';
import { buildReadiness, channelReadiness, deviation, handleTime, timeToClear, type ChannelInput } from '../../server/readiness/readiness';
import { DEFAULT_CHANNEL_TARGETS } from '../../shared/targets';
import { SNAP_AT, channelSnapshot, makeSnapshot, type ChannelOverrides } from '../helpers/snapshot-factory';

/** SNAP_AT is 14:00:00 UTC: 56 intervals of today are complete, the 57th (14:00) has just begun. */
const day = dayOf(SNAP_AT, 'UTC');
const cells = (values: (number | null)[]): ForecastCell[] => values.map((forecast) => ({ forecast, source: 'last-week' }));

function input(ch: string, over: ChannelOverrides, extra: Partial<ChannelInput> = {}): ChannelInput {
  return {
    channel: ch, snap: channelSnapshot(over), targets: DEFAULT_CHANNEL_TARGETS[ch]!, now: SNAP_AT, starts: day.starts,
    actual: [], forecast: [], nextStart: SNAP_AT + 900_000, ...extra,
  };
}

describe('agents required (Erlang C at the last 60 minutes\' arrivals and AHT)', () => {
  it('voice at 200 calls an hour and AHT 180 s (the reference load, 10 Erlangs) needs 14 agents for 80 % in 20 s', () => {
    const r = channelReadiness(input('voice', { windows: { '60m': { arrivals: 200, aht: 180 } }, agents: { available: 4, busy: 10 } }));
    expect(r.load).toMatchObject({ arrivalsPerHour: 200, ahtSeconds: 180, ahtSource: '60m', concurrency: 1, serviceLevelTarget: 0.8, thresholdSeconds: 20 });
    expect(r.load.erlangs).toBeCloseTo(10, 12);
    expect(r.agentsRequired).toBe(14);
    // 14 staffed (4 free + 10 on calls): the reference's 88.8 %, occupancy 10/14.
    expect(r.agentsAvailable).toBe(4);
    expect(r.agentsStaffed).toBe(14);
    expect(r.serviceLevel).toBeCloseTo(0.888, 3);
    expect(r.occupancy).toBeCloseTo(10 / 14, 12);
    expect(r.asa).toBeCloseTo(7.84, 2);
  });

  it('chat divides the handle time by its concurrency of 3: 90 chats an hour at 360 s is 3 Erlangs, 4 agents', () => {
    // By hand: A = 90/3600 × 360/3 = 3; B(4,3) = 0.2061, C = 0.5094, SL(4) = 1 − 0.5094·e^(−1·120/120) = 0.8126 ≥ 0.8.
    const r = channelReadiness(input('chat', { windows: { '60m': { arrivals: 90, aht: 360 } } }));
    expect(r.load.erlangs).toBeCloseTo(3, 12);
    expect(r.load.concurrency).toBe(3);
    expect(r.agentsRequired).toBe(4);
  });

  it('the AHT falls back from 60 minutes to today, then to the channel default', () => {
    const snap = (w60: number | null, today: number | null) => channelSnapshot({ windows: { '60m': { aht: w60 }, today: { aht: today } } });
    expect(handleTime('chat', snap(200, 400))).toEqual({ seconds: 200, source: '60m' });
    expect(handleTime('chat', snap(null, 400))).toEqual({ seconds: 400, source: 'today' });
    expect(handleTime('chat', snap(null, null))).toEqual({ seconds: 600, source: 'default' });
    expect(handleTime('voice', snap(null, null)).seconds).toBe(300);
    expect(handleTime('email', snap(null, null)).seconds).toBe(900);
    expect(handleTime('fax', snap(null, null)).seconds).toBe(600);
  });

  it('next interval: the forecast of the next 15 minutes (50 calls ≙ 200 an hour) needs 14 agents too', () => {
    const forecast = cells([...day.starts.map(() => 10), 50]);
    const r = channelReadiness(input('voice', { windows: { '60m': { arrivals: 0, aht: 180 } } }, { forecast }));
    expect(r.agentsRequired).toBe(0);
    expect(r.next).toEqual({ start: SNAP_AT + 900_000, forecast: 50 });
    expect(r.agentsRequiredNext).toBe(14);
  });

  it('no forecast for the next interval: agentsRequiredNext is null', () => {
    expect(channelReadiness(input('voice', {})).agentsRequiredNext).toBeNull();
  });

  it('no load: nothing required, no expected SL; no agent staffed: no occupancy', () => {
    const r = channelReadiness(input('voice', { windows: { '60m': { arrivals: 0 } }, agents: { available: 0, busy: 0 } }));
    expect(r).toMatchObject({ agentsRequired: 0, serviceLevel: null, asa: null, occupancy: null });
  });

  it('fewer agents than the load: SL 0, ASA unbounded (null), occupancy capped at 100 %', () => {
    const r = channelReadiness(input('voice', { windows: { '60m': { arrivals: 200, aht: 180 } }, agents: { available: 0, busy: 8 } }));
    expect(r).toMatchObject({ serviceLevel: 0, asa: null, occupancy: 1 });
  });
});

describe('time to clear the open backlog', () => {
  it('is the open contacts over the net close rate', () => {
    // 60 closed an hour (50 resolved + 10 abandoned) against 30 arriving: the backlog shrinks by 30 an hour.
    expect(timeToClear(30, 60, 30)).toBe(3_600);
    const r = channelReadiness(input('email', { open: 30, windows: { '60m': { arrivals: 30, resolved: 50, abandoned: 10 } } }));
    expect(r.closedPerHour).toBe(60);
    expect(r.timeToClear).toBe(3_600);
  });

  it('rounds up to a whole second', () => {
    expect(timeToClear(1, 7, 0)).toBe(515); // 3600/7 = 514.3
  });

  it('is "growing" when arrivals exceed closures, or just keep up with them', () => {
    expect(timeToClear(30, 20, 30)).toBe('growing');
    expect(timeToClear(30, 30, 30)).toBe('growing');
    expect(timeToClear(30, 0, 0)).toBe('growing');
  });

  it('is null when nothing is open', () => {
    expect(timeToClear(0, 0, 50)).toBeNull();
  });
});

describe('forecast vs actual per interval', () => {
  it('deviation is (actual − forecast) / forecast, null when the forecast is 0 or missing', () => {
    expect(deviation(12, 10)).toBeCloseTo(0.2, 12);
    expect(deviation(5, 10)).toBe(-0.5);
    expect(deviation(3, 0)).toBeNull();
    expect(deviation(3, null)).toBeNull();
    expect(deviation(null, 4)).toBeNull();
  });

  it('complete intervals get a deviation; the running one shows its arrivals so far but none; later ones no actual', () => {
    const actual = day.starts.slice(0, 57).map((_, i) => (i === 55 ? 12 : i === 56 ? 3 : 0));
    const forecast = cells(day.starts.map((_, i) => (i === 55 ? 10 : i === 56 ? 10 : i === 54 ? null : 0)));
    const r = channelReadiness(input('chat', {}, { actual, forecast }));
    expect(r.intervals).toHaveLength(96);
    expect(r.intervals[54]).toMatchObject({ actual: 0, forecast: null, deviation: null, complete: true });
    expect(r.intervals[55]).toEqual({ start: SNAP_AT - 900_000, actual: 12, forecast: 10, deviation: expect.closeTo(0.2, 12), complete: true });
    expect(r.intervals[56]).toEqual({ start: SNAP_AT, actual: 3, forecast: 10, deviation: null, complete: false });
    expect(r.intervals[57]).toMatchObject({ actual: null, complete: false });
    // The day so far: 12 arrived in complete intervals; compared where there is a forecast (10 of them).
    expect(r.today).toEqual({ actual: 12, forecast: 10, deviation: expect.closeTo(0.2, 12) });
    expect(r.forecastSource).toBe('last-week');
  });
});

describe('the whole reply', () => {
  it('has every channel of the snapshot, the day and the targets table', () => {
    const snapshot = makeSnapshot();
    const r = buildReadiness({ snapshot, day, actual: new Map(), forecast: new Map(), nextStart: SNAP_AT + 900_000 });
    expect(r).toMatchObject({ at: SNAP_AT, timeZone: 'UTC', day: '2026-11-27', intervalMinutes: 15 });
    expect(Object.keys(r.channels)).toEqual(['chat', 'voice', 'email']);
    expect(r.channels.chat!.forecastSource).toBe('none');
    expect(r.targets.length).toBeGreaterThan(0);
  });
});
