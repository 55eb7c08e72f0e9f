import type { ChannelReadiness, IntervalFigures, Readiness } from '../../shared/readiness';
import * as erlang from '../../shared/erlang-c';
import type { ChannelSnapshot, Snapshot } from '../../shared/snapshot';
import { type ChannelTargets, FALLBACK_CHANNEL_TARGETS } from '../../shared/targets';
import type { ForecastCell, ForecastSource } from './forecast';
import { INTERVAL_MINUTES, INTERVAL_MS, type DayIntervals } from './intervals';
import { type TargetRow, targetsTable } from './targets-table';

/**
 * Handle time assumed when a channel resolved nothing answered in the last 60 minutes nor today: a
 * conservative planning figure (seconds) per default channel; other channels take FALLBACK_AHT_SECONDS.
 */
export const DEFAULT_AHT_SECONDS: Readonly<Record<string, number>> = { chat: 600, voice: 300, email: 900, messaging: 900, social: 900 };
export const FALLBACK_AHT_SECONDS = 600;

const HOUR_S = 3_600;

/** `(actual − forecast) / forecast`; null when either is missing or the forecast is 0. */
export function deviation(actual: number | null, forecast: number | null): number | null {
  if (actual === null || forecast === null || forecast === 0) return null;
  return (actual - forecast) / forecast;
}

/** The handle time to staff with: the last 60 minutes', else today's, else the channel's default. */
export function handleTime(ch: string, snap: ChannelSnapshot): { seconds: number; source: '60m' | 'today' | 'default' } {
  const w60 = snap.windows['60m'].aht;
  if (w60 !== null) return { seconds: w60, source: '60m' };
  const today = snap.windows.today.aht;
  if (today !== null) return { seconds: today, source: 'today' };
  return { seconds: DEFAULT_AHT_SECONDS[ch] ?? FALLBACK_AHT_SECONDS, source: 'default' };
}

/**
 * Seconds to clear `open` contacts when `closedPerHour` leave and `arrivalsPerHour` arrive: `growing` when the
 * net close rate is not positive (the backlog does not shrink), null when nothing is open.
 */
export function timeToClear(open: number, closedPerHour: number, arrivalsPerHour: number): number | 'growing' | null {
  if (open <= 0) return null;
  const net = (closedPerHour - arrivalsPerHour) / HOUR_S;
  return net > 0 ? Math.ceil(open / net) : 'growing';
}

export interface ChannelInput {
  channel: string;
  snap: ChannelSnapshot;
  targets: ChannelTargets;
  now: number;
  starts: readonly number[];
  /** Arrivals per interval of today up to the running one (shorter than `starts`: the rest has not started). */
  actual: readonly number[];
  /** Forecast of each of `starts`, then of the next interval. */
  forecast: readonly ForecastCell[];
  nextStart: number;
}

/** Readiness of one channel (pure). */
export function channelReadiness(input: ChannelInput): ChannelReadiness {
  const { channel, snap, targets: t, now, starts } = input;
  const intervals = starts.map((start, i): IntervalFigures => {
    const complete = start + INTERVAL_MS <= now;
    const actual = i < input.actual.length ? input.actual[i]! : null;
    const forecast = input.forecast[i]?.forecast ?? null;
    return { start, actual, forecast, deviation: complete ? deviation(actual, forecast) : null, complete };
  });
  const done = intervals.filter((iv) => iv.complete);
  const withForecast = done.filter((iv) => iv.forecast !== null);
  const todayActual = done.reduce((a, iv) => a + (iv.actual ?? 0), 0);
  const todayForecast = withForecast.length ? withForecast.reduce((a, iv) => a + iv.forecast!, 0) : null;
  const todayActualMatched = withForecast.reduce((a, iv) => a + (iv.actual ?? 0), 0);

  const w60 = snap.windows['60m'];
  const aht = handleTime(channel, snap);
  const staff = (arrivalsPerSecond: number) => erlang.staffing({
    arrivalsPerSecond, ahtSeconds: aht.seconds, thresholdSeconds: t.slThresholdSeconds, target: t.serviceLevel, concurrency: t.concurrency,
  });
  const now60 = staff(w60.arrivals / HOUR_S);
  const nextForecast = input.forecast[starts.length]?.forecast ?? null;
  const staffed = snap.agents.available + snap.agents.busy;
  const load = now60.load;
  const eff = now60.effectiveAhtSeconds;
  const asa = load > 0 ? erlang.asa(staffed, load, eff) : null;
  const closedPerHour = w60.resolved + w60.abandoned;

  return {
    forecastSource: input.forecast[0]?.source ?? 'none',
    intervals,
    today: { actual: todayActual, forecast: todayForecast, deviation: deviation(todayActualMatched, todayForecast) },
    agentsAvailable: snap.agents.available,
    agentsStaffed: staffed,
    agentsRequired: now60.agentsRequired,
    agentsRequiredNext: nextForecast === null ? null : staff(nextForecast / (INTERVAL_MINUTES * 60)).agentsRequired,
    next: { start: input.nextStart, forecast: nextForecast },
    load: {
      arrivalsPerHour: w60.arrivals, ahtSeconds: aht.seconds, ahtSource: aht.source, concurrency: t.concurrency,
      erlangs: load, serviceLevelTarget: t.serviceLevel, thresholdSeconds: t.slThresholdSeconds,
    },
    occupancy: staffed === 0 ? null : Math.min(1, erlang.occupancy(staffed, load)),
    serviceLevel: load > 0 ? erlang.serviceLevel(staffed, load, t.slThresholdSeconds, eff) : null,
    asa: asa === null || !Number.isFinite(asa) ? null : asa,
    open: snap.open,
    closedPerHour,
    timeToClear: timeToClear(snap.open, closedPerHour, w60.arrivals),
  };
}

export interface ReadinessInput {
  snapshot: Snapshot;
  day: DayIntervals;
  /** Per channel: arrivals per interval of today, up to the running one. */
  actual: ReadonlyMap<string, readonly number[]>;
  /** Per channel: the forecast of each of today's intervals, then of the next interval. */
  forecast: ReadonlyMap<string, readonly ForecastCell[]>;
  nextStart: number;
  /** Per channel: minutes closed and unstaffed during its hours today (none read: zero). */
  minutes?: Readonly<Record<string, { closed: number; unstaffed: number }>>;
}

/** The whole readiness reply (pure): every channel of the snapshot, then the targets table. */
export function buildReadiness(input: ReadinessInput): Readiness {
  const { snapshot, day } = input;
  const channels: Record<string, ChannelReadiness> = {};
  for (const [ch, snap] of Object.entries(snapshot.channels)) {
    channels[ch] = channelReadiness({
      channel: ch, snap, targets: snapshot.targets.channels[ch] ?? FALLBACK_CHANNEL_TARGETS, now: snapshot.at,
      starts: day.starts, actual: input.actual.get(ch) ?? [], forecast: input.forecast.get(ch) ?? [], nextStart: input.nextStart,
    });
    const m = input.minutes && Object.hasOwn(input.minutes, ch) ? input.minutes[ch] : undefined;
    channels[ch].availability = { state: snap.state, closedMinutes: m?.closed ?? 0, unstaffedMinutes: m?.unstaffed ?? 0 };
  }
  return { at: snapshot.at, timeZone: snapshot.timeZone, day: day.day, intervalMinutes: INTERVAL_MINUTES, channels, targets: targetsTable(snapshot) };
}
export type { ChannelReadiness, IntervalFigures, Readiness };
