/**
 * What the readiness page says about each channel, computed from `GET /api/v1/readiness`: staffing against
 * Erlang C, backlog, forecast deviation, the targets table, and the verdict at the top ("under control?").
 * Pure: the caller passes everything, so every rule is unit-tested without a browser.
 */
import type { ChannelReadiness, IntervalFigures, Readiness, TargetRow, TargetState } from '../api/readinessApi';
import { NO_VALUE, count, duration, hourMinute, perOrder, percent, targetPercent, threshold } from './format';
import { LEVEL_MARKS, type Level, worstLevel } from './levels';
import { surveyLabel } from './surveys';
import { npsText } from '@shared/alert-text';

/** A figure with its state (null: shown without one). */
export interface Shown {
  text: string;
  level: Level | null;
}

/** Staffed agents against those Erlang C requires, and the gap in words. */
export interface StaffingView {
  staffed: number;
  required: number;
  /** `required − staffed`; positive means short. */
  gap: number;
  /** `SHORT BY 4`, `2 SPARE`, `ENOUGH`, `NO LOAD`. */
  verdict: string;
  level: Level;
}

/** How the staffed agents compare with those required. No load and nobody needed: nothing to say. */
export function staffingView(staffed: number, required: number): StaffingView {
  const gap = required - staffed;
  if (required === 0) return { staffed, required, gap, verdict: 'NO LOAD', level: 'ok' };
  if (gap > 0) return { staffed, required, gap, verdict: `SHORT BY ${gap}`, level: 'breach' };
  if (gap < 0) return { staffed, required, gap, verdict: `${-gap} SPARE`, level: 'ok' };
  return { staffed, required, gap, verdict: 'ENOUGH', level: 'ok' };
}

/** A deviation from forecast: `+6%`, `−12%`, `±0%`; `—` without a forecast. */
export function deviationText(deviation: number | null): string {
  if (deviation === null || !Number.isFinite(deviation)) return NO_VALUE;
  const pts = Math.round(deviation * 100);
  if (pts === 0) return '±0%';
  return pts > 0 ? `+${pts}%` : `−${-pts}%`;
}

/** Arrivals this far above forecast are worth a warning: the staffing was planned for fewer. */
export const DEVIATION_WARN = 0.15;

/** A deviation with its state: well above forecast warns; below forecast never hurts the queue. */
export function deviationShown(deviation: number | null): Shown {
  return { text: deviationText(deviation), level: deviation !== null && deviation >= DEVIATION_WARN ? 'warn' : null };
}

/** Time to clear the open backlog: `GROWING` stands out, a time reads plain, nothing open is `NONE OPEN`. */
export function timeToClearShown(ttc: ChannelReadiness['timeToClear']): Shown {
  if (ttc === 'growing') return { text: 'GROWING', level: 'breach' };
  if (ttc === null) return { text: 'NONE OPEN', level: 'ok' };
  return { text: duration(ttc), level: null };
}

/** The last complete interval (the one just finished), or null early in the day. */
export function lastComplete(intervals: readonly IntervalFigures[]): IntervalFigures | null {
  for (let i = intervals.length - 1; i >= 0; i--) if (intervals[i]!.complete) return intervals[i]!;
  return null;
}

const FORECAST_SOURCES: Record<ChannelReadiness['forecastSource'], string> = {
  uploaded: 'uploaded forecast',
  'last-week': 'forecast: same day last week',
  none: 'no forecast',
};

export interface ChannelView {
  channel: string;
  now: StaffingView;
  /** Null without a forecast for the next interval. */
  next: StaffingView | null;
  nextStart: string;
  nextForecast: string;
  available: string;
  occupancy: Shown;
  expectedSl: Shown;
  load: string;
  open: string;
  closedPerHour: string;
  timeToClear: Shown;
  todayActual: string;
  todayForecast: string;
  todayDeviation: Shown;
  /** `13:45 — 44 vs 50 forecast` */
  lastInterval: string | null;
  lastDeviation: Shown;
  forecastSource: string;
  /** The worst of the channel's states (the card's frame). */
  overall: Level;
}

/** Everything one channel's card shows. */
export function channelView(channel: string, r: ChannelReadiness, timeZone: string): ChannelView {
  const now = staffingView(r.agentsStaffed, r.agentsRequired);
  const next = r.agentsRequiredNext === null ? null : staffingView(r.agentsStaffed, r.agentsRequiredNext);
  const last = lastComplete(r.intervals);
  const sl = r.serviceLevel;
  const timeToClear = timeToClearShown(r.timeToClear);
  const todayDeviation = deviationShown(r.today.deviation);
  const lastDeviation = deviationShown(last?.deviation ?? null);
  const expectedSl: Shown = { text: percent(sl), level: sl === null ? null : sl < r.load.serviceLevelTarget ? 'breach' : 'ok' };
  const levels: Level[] = [now.level, next?.level === 'breach' ? 'warn' : 'ok', timeToClear.level ?? 'ok', todayDeviation.level ?? 'ok'];
  return {
    channel,
    now,
    next,
    nextStart: hourMinute(r.next.start, timeZone),
    nextForecast: r.next.forecast === null ? 'no forecast' : `${count(r.next.forecast)} forecast`,
    available: `${count(r.agentsAvailable)} free`,
    occupancy: { text: percent(r.occupancy), level: r.occupancy !== null && r.occupancy >= 0.95 ? 'warn' : null },
    expectedSl,
    load: `${count(r.load.arrivalsPerHour)}/h · AHT ${duration(Math.round(r.load.ahtSeconds))}${r.load.concurrency > 1 ? ` ÷ ${r.load.concurrency}` : ''} · target ${targetPercent(r.load.serviceLevelTarget)} in ${threshold(r.load.thresholdSeconds)}`,
    open: count(r.open),
    closedPerHour: count(r.closedPerHour),
    timeToClear,
    todayActual: count(r.today.actual),
    todayForecast: r.today.forecast === null ? 'no' : count(r.today.forecast),
    todayDeviation,
    lastInterval: last ? `${hourMinute(last.start, timeZone)} — ${count(last.actual)} vs ${last.forecast === null ? 'no' : count(last.forecast)} forecast` : null,
    lastDeviation,
    forecastSource: FORECAST_SOURCES[r.forecastSource],
    overall: worst(levels),
  };
}

const worst = (levels: readonly Level[]): Level => worstLevel(['ok', ...levels]) ?? 'ok';

const TARGET_NAMES: Record<TargetRow['name'], string> = {
  serviceLevel: 'Service level',
  abandonRate: 'Abandon rate',
  contactRate: 'Contact rate',
  csat: surveyLabel('csat'),
  ces: surveyLabel('ces'),
  nps: surveyLabel('nps'),
  oldestOpen: 'Oldest open',
};
/** The same inside a sentence. */
const TARGET_WORDS: Record<TargetRow['name'], string> = {
  serviceLevel: 'service level', abandonRate: 'abandon rate', contactRate: 'contact rate', csat: surveyLabel('csat'), ces: surveyLabel('ces'), nps: surveyLabel('nps'), oldestOpen: 'oldest open',
};

export interface TargetRowView {
  key: string;
  what: string;
  channel: string;
  target: string;
  actual: string;
  state: TargetState;
  level: Level;
  word: string;
}

/** One row of the targets table: what, where, the target as it reads (`≥ 80%`), today's figure, the state. */
export function targetRowView(row: TargetRow): TargetRowView {
  const seconds = row.name === 'oldestOpen';
  const score = row.name === 'nps';
  const value = (v: number) => (seconds ? threshold(v) : score ? npsText(v) : targetPercent(v));
  const actual = row.actual === null ? NO_VALUE : seconds ? duration(row.actual) : score ? npsText(row.actual)
    : row.name === 'contactRate' ? perOrder(row.actual)
    : percent(row.actual, row.name === 'serviceLevel' || row.name === 'csat' || row.name === 'ces' ? 0 : 1);
  return {
    key: `${row.name}:${row.channel ?? 'all'}`,
    what: TARGET_NAMES[row.name],
    channel: row.channel ?? 'all',
    target: `${row.direction === 'min' ? '≥' : '≤'} ${value(row.target)}`,
    actual,
    state: row.state,
    level: row.state,
    word: LEVEL_MARKS[row.state].word,
  };
}

export interface Issue {
  channel: string | null;
  text: string;
  level: 'warn' | 'breach';
}

export interface Verdict {
  level: 'ok' | 'warn' | 'breach';
  headline: string;
  issues: Issue[];
}

/**
 * The page's first line: is today's peak under control, and where not. Breaches: a channel short of agents
 * now, a backlog growing, a target of the day breached. Warnings: short at the next interval's forecast,
 * arrivals well above forecast, a target within its warning margin.
 */
export function verdict(r: Readiness): Verdict {
  const issues: Issue[] = [];
  for (const [ch, c] of Object.entries(r.channels)) {
    const now = staffingView(c.agentsStaffed, c.agentsRequired);
    if (now.gap > 0 && c.agentsRequired > 0) issues.push({ channel: ch, text: `short by ${plural(now.gap, 'agent')} now (${c.agentsStaffed} staffed, ${c.agentsRequired} needed)`, level: 'breach' });
    if (c.timeToClear === 'growing') issues.push({ channel: ch, text: `backlog growing (${count(c.open)} open)`, level: 'breach' });
    if (c.agentsRequiredNext !== null && c.agentsRequiredNext > c.agentsStaffed && now.gap <= 0) {
      issues.push({ channel: ch, text: `short by ${plural(c.agentsRequiredNext - c.agentsStaffed, 'agent')} at ${hourMinute(c.next.start, r.timeZone)}`, level: 'warn' });
    }
    if (c.today.deviation !== null && c.today.deviation >= DEVIATION_WARN) {
      issues.push({ channel: ch, text: `arrivals ${deviationText(c.today.deviation)} above forecast today`, level: 'warn' });
    }
  }
  for (const row of r.targets) {
    if (row.state !== 'breach' && row.state !== 'warn') continue;
    const v = targetRowView(row);
    issues.push({ channel: row.channel ?? null, text: `${TARGET_WORDS[row.name]} ${v.actual} (target ${v.target})`, level: row.state });
  }
  issues.sort((a, b) => (a.level === b.level ? 0 : a.level === 'breach' ? -1 : 1));
  const breaches = issues.filter((i) => i.level === 'breach');
  if (breaches.length) {
    const where = [...new Set(breaches.map((i) => i.channel ?? 'all channels'))];
    return { level: 'breach', headline: `Needs action: ${where.join(', ')}`, issues };
  }
  if (issues.length) return { level: 'warn', headline: 'On track, with warnings to watch', issues };
  return { level: 'ok', headline: 'Staffing, backlog and targets are on track', issues };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The time range the charts share: from an hour before the first interval with any arrivals or forecast,
 * to an hour after the later of the running interval and the last forecast one, within the day. Whole hours.
 */
export function chartRange(r: Readiness): { from: number; to: number } {
  const HOUR = 3_600_000;
  const ivMs = r.intervalMinutes * 60_000;
  const all = Object.values(r.channels).flatMap((c) => c.intervals);
  if (all.length === 0) return { from: r.at - 6 * HOUR, to: r.at + 2 * HOUR };
  const dayStart = Math.min(...all.map((i) => i.start));
  const dayEnd = Math.max(...all.map((i) => i.start)) + ivMs;
  const busy = all.filter((i) => (i.actual ?? 0) > 0 || (i.forecast ?? 0) > 0).map((i) => i.start);
  const first = busy.length ? Math.min(...busy) : r.at - 4 * HOUR;
  const lastForecast = Math.max(r.at, ...all.filter((i) => (i.forecast ?? 0) > 0).map((i) => i.start + ivMs));
  const from = Math.max(dayStart, Math.floor((first - HOUR) / HOUR) * HOUR);
  const to = Math.min(dayEnd, Math.ceil((lastForecast + HOUR) / HOUR) * HOUR);
  return { from, to: Math.max(to, from + HOUR) };
}
