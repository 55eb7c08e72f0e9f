import { describe, expect, it } from 'vitest';
import type { ChannelReadiness, IntervalFigures, Readiness, TargetRow } from '../../client/src/api/readinessApi';
import {
  channelView, chartRange, deviationShown, deviationText, lastComplete, staffingView, targetRowView, timeToClearShown, verdict,
} from '../../client/src/model/readiness';

const D = '2026-11-27T';
const t = (hhmm: string) => Date.parse(`${D}${hhmm}:00Z`);
const IV = 15 * 60_000;

/** Today's 96 intervals, with arrivals (and forecasts) given for some by `HH:MM`; complete before `now`. */
function intervals(now: number, actual: Record<string, number> = {}, forecast: Record<string, number> = {}): IntervalFigures[] {
  return Array.from({ length: 96 }, (_, i) => {
    const start = t('00:00') + i * IV;
    const hhmm = new Date(start).toISOString().slice(11, 16);
    const complete = start + IV <= now;
    return { start, actual: start <= now ? actual[hhmm] ?? 0 : null, forecast: forecast[hhmm] ?? null, deviation: null, complete };
  });
}

function channel(over: Partial<ChannelReadiness> = {}): ChannelReadiness {
  const now = t('14:00') + 30_000;
  return {
    forecastSource: 'uploaded', intervals: intervals(now), today: { actual: 0, forecast: null, deviation: null },
    agentsAvailable: 2, agentsStaffed: 5, agentsRequired: 5, agentsRequiredNext: 5, next: { start: t('14:15'), forecast: 40 },
    load: { arrivalsPerHour: 120, ahtSeconds: 300, ahtSource: '60m', concurrency: 1, erlangs: 10, serviceLevelTarget: 0.8, thresholdSeconds: 20 },
    occupancy: 0.8, serviceLevel: 0.85, asa: 12, open: 0, closedPerHour: 100, timeToClear: null, ...over,
  };
}

function readiness(channels: Record<string, ChannelReadiness>, targets: TargetRow[] = []): Readiness {
  return { at: t('14:00') + 30_000, timeZone: 'UTC', day: '2026-11-27', intervalMinutes: 15, channels, targets };
}

describe('staffing against Erlang C', () => {
  it('says short by the gap when fewer are staffed than required', () => {
    expect(staffingView(10, 14)).toEqual({ staffed: 10, required: 14, gap: 4, verdict: 'SHORT BY 4', level: 'breach' });
  });
  it('says spare, enough, or no load otherwise', () => {
    expect(staffingView(4, 2)).toMatchObject({ verdict: '2 SPARE', level: 'ok' });
    expect(staffingView(3, 3)).toMatchObject({ verdict: 'ENOUGH', level: 'ok' });
    expect(staffingView(0, 0)).toMatchObject({ verdict: 'NO LOAD', level: 'ok' });
  });
});

describe('forecast deviation and backlog', () => {
  it('writes a deviation with its sign, and no deviation without a forecast', () => {
    expect(deviationText(0.142857)).toBe('+14%');
    expect(deviationText(-0.12)).toBe('−12%');
    expect(deviationText(0.001)).toBe('±0%');
    expect(deviationText(null)).toBe('—');
  });
  it('warns when arrivals run 15 % or more above forecast, never below it', () => {
    expect(deviationShown(0.15).level).toBe('warn');
    expect(deviationShown(0.14).level).toBeNull();
    expect(deviationShown(-0.5).level).toBeNull();
  });
  it('makes a growing backlog stand out, and reads a clear time as a duration', () => {
    expect(timeToClearShown('growing')).toEqual({ text: 'GROWING', level: 'breach' });
    expect(timeToClearShown(5_400)).toEqual({ text: '1h 30m', level: null });
    expect(timeToClearShown(null)).toEqual({ text: 'NONE OPEN', level: 'ok' });
  });
  it('finds the interval that just finished', () => {
    const ivs = intervals(t('14:00') + 30_000, { '13:45': 44 }, { '13:45': 40 });
    expect(lastComplete(ivs)).toMatchObject({ start: t('13:45'), actual: 44 });
    expect(lastComplete(ivs.slice(0, 0))).toBeNull();
  });
});

describe("a channel's card", () => {
  it('shows now and next staffing, occupancy, backlog, and today against forecast', () => {
    const now = t('14:00') + 30_000;
    const v = channelView('voice', channel({
      agentsStaffed: 10, agentsAvailable: 4, agentsRequired: 14, agentsRequiredNext: 14, occupancy: 1, serviceLevel: 0,
      open: 150, closedPerHour: 50, timeToClear: 'growing', today: { actual: 200, forecast: 175, deviation: 25 / 175 },
      intervals: intervals(now, { '13:45': 44 }, { '13:45': 40 }).map((iv) => (iv.start === t('13:45') ? { ...iv, deviation: 0.1 } : iv)),
      load: { arrivalsPerHour: 200, ahtSeconds: 180, ahtSource: '60m', concurrency: 1, erlangs: 10, serviceLevelTarget: 0.8, thresholdSeconds: 20 },
    }), 'UTC');
    expect(v.now.verdict).toBe('SHORT BY 4');
    expect(v.next).toMatchObject({ staffed: 10, required: 14 });
    expect(v.nextStart).toBe('14:15');
    expect(v.available).toBe('4 free');
    expect(v.occupancy).toEqual({ text: '100%', level: 'warn' });
    expect(v.expectedSl).toEqual({ text: '0%', level: 'breach' });
    expect(v.timeToClear.text).toBe('GROWING');
    expect(v.todayDeviation.text).toBe('+14%');
    expect(v.lastInterval).toBe('13:45 — 44 vs 40 forecast');
    expect(v.lastDeviation.text).toBe('+10%');
    expect(v.load).toBe('200/h · AHT 3m 00s · target 80% in 20s');
    expect(v.overall).toBe('breach');
  });
  it('names chat concurrency in the load line, and a healthy channel is ok', () => {
    const v = channelView('chat', channel({ load: { arrivalsPerHour: 30, ahtSeconds: 360, ahtSource: '60m', concurrency: 3, erlangs: 1, serviceLevelTarget: 0.8, thresholdSeconds: 120 } }), 'UTC');
    expect(v.load).toBe('30/h · AHT 6m 00s ÷ 3 · target 80% in 2m');
    expect(v.overall).toBe('ok');
  });
  it('warns (not breaches) when only the next interval is short', () => {
    expect(channelView('chat', channel({ agentsRequiredNext: 7 }), 'UTC').overall).toBe('warn');
  });
});

describe('the targets table', () => {
  it('writes each target as it reads, with the state in words', () => {
    expect(targetRowView({ name: 'serviceLevel', channel: 'voice', direction: 'min', target: 0.8, actual: 0.82, state: 'warn' }))
      .toMatchObject({ key: 'serviceLevel:voice', what: 'Service level', target: '≥ 80%', actual: '82%', level: 'warn', word: 'WARN' });
    expect(targetRowView({ name: 'contactRate', direction: 'max', target: 0.052, actual: 0.0252, state: 'ok' }))
      .toMatchObject({ key: 'contactRate:all', channel: 'all', target: '≤ 5.2%', actual: '2.5%', word: 'OK' });
    expect(targetRowView({ name: 'oldestOpen', channel: 'email', direction: 'max', target: 86_400, actual: 21_270, state: 'ok' }))
      .toMatchObject({ target: '≤ 24h', actual: '5h 54m' });
    expect(targetRowView({ name: 'csat', direction: 'min', target: 0.65, actual: null, state: 'none' }))
      .toMatchObject({ actual: '—', level: 'none', word: 'NO DATA' });
  });
});

describe('the verdict', () => {
  it('is under control when staffing, backlog and targets are on track', () => {
    expect(verdict(readiness({ chat: channel(), voice: channel() }))).toMatchObject({ level: 'ok', issues: [] });
  });
  it('names where it is not: short of agents, a growing backlog, a breached target (breaches first)', () => {
    const v = verdict(readiness(
      { chat: channel({ agentsRequiredNext: 8 }), voice: channel({ agentsStaffed: 10, agentsRequired: 14, timeToClear: 'growing', open: 150 }) },
      [{ name: 'csat', direction: 'min', target: 0.65, actual: 0.5, state: 'breach' }],
    ));
    expect(v.level).toBe('breach');
    expect(v.headline).toBe('Needs action: voice, all channels');
    expect(v.issues.map((i) => `${i.level} ${i.channel} ${i.text}`)).toEqual([
      'breach voice short by 4 agents now (10 staffed, 14 needed)',
      'breach voice backlog growing (150 open)',
      'breach null CSAT 50% (target ≥ 65%)',
      'warn chat short by 3 agents at 14:15',
    ]);
  });
  it('only warns for warnings', () => {
    const v = verdict(readiness({ chat: channel() }, [{ name: 'serviceLevel', channel: 'chat', direction: 'min', target: 0.8, actual: 0.82, state: 'warn' }]));
    expect(v).toMatchObject({ level: 'warn', issues: [{ channel: 'chat', text: 'service level 82% (target ≥ 80%)', level: 'warn' }] });
  });
});

describe('the charts’ time range', () => {
  it('runs from an hour before the first activity to an hour after the last forecast, in whole hours', () => {
    const now = t('14:00') + 30_000;
    const r = readiness({ chat: channel({ intervals: intervals(now, { '08:15': 3, '13:00': 20 }, { '16:30': 10 }) }) });
    expect(chartRange(r)).toEqual({ from: t('07:00'), to: t('18:00') });
  });
  it('without a forecast, ends an hour after now', () => {
    const now = t('14:00') + 30_000;
    const r = readiness({ chat: channel({ intervals: intervals(now, { '13:00': 20 }) }) });
    expect(chartRange(r)).toEqual({ from: t('12:00'), to: t('16:00') });
  });
});
