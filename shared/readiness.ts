/** Shapes of `GET /api/v1/readiness` (server/readiness), shared with the client. */
import type { Level, TargetDirection } from './levels';
import type { ChannelStateName } from './channel-state';

/** Where an interval's forecast comes from. */
export type ForecastSource = 'uploaded' | 'last-week' | 'none';

/** A target row's state: the wall's level of the figure against its target (`none`: no figure yet). */
export type TargetState = Level;

/** One row of the day's targets table. */
export interface TargetRow {
  name: 'serviceLevel' | 'abandonRate' | 'contactRate' | 'csat' | 'ces' | 'nps' | 'oldestOpen';
  /** Absent for targets across channels (contact rate, CSAT, CES, NPS). */
  channel?: string;
  /** `min`: the actual must be at least the target (a floor); `max`: at most (a ceiling). */
  direction: TargetDirection;
  target: number;
  /** Today's figure (fractions 0-1, seconds for oldestOpen, −100 to 100 for NPS); null when there is nothing to measure yet. */
  actual: number | null;
  state: TargetState;
}

export interface IntervalFigures {
  /** Interval start, epoch ms. */
  start: number;
  /** Arrivals so far; null for an interval that has not started. */
  actual: number | null;
  forecast: number | null;
  /** `(actual − forecast) / forecast` of a complete interval; null when the forecast is 0 or missing. */
  deviation: number | null;
  /** False for the running interval and those after it. */
  complete: boolean;
}

export interface ChannelReadiness {
  forecastSource: ForecastSource;
  intervals: IntervalFigures[];
  /** Complete intervals of today summed (the forecast over those of them that have one). */
  today: { actual: number; forecast: number | null; deviation: number | null };
  /** Agents whose status is `available` (free for one more contact). */
  agentsAvailable: number;
  /** Agents logged in to the channel: available + busy — the N of Erlang C (busy agents are serving). */
  agentsStaffed: number;
  /** Erlang C agents for the target SL at the last 60 minutes' arrivals and the AHT below. */
  agentsRequired: number;
  /** The same at the forecast of the next interval; null without a forecast for it. */
  agentsRequiredNext: number | null;
  next: { start: number; forecast: number | null };
  load: {
    arrivalsPerHour: number;
    ahtSeconds: number;
    ahtSource: '60m' | 'today' | 'default';
    concurrency: number;
    /** A = λ·AHT / concurrency. */
    erlangs: number;
    serviceLevelTarget: number;
    thresholdSeconds: number;
  };
  /** A / staffed agents, capped at 1; null with no agent staffed. */
  occupancy: number | null;
  /** Expected SL and ASA (seconds) with the staffed agents at the current load; null without load (ASA: also when the queue grows without bound). */
  serviceLevel: number | null;
  asa: number | null;
  open: number;
  /** Resolved + abandoned in the last 60 minutes. */
  closedPerHour: number;
  /** Seconds to clear the open backlog at the net close rate; `growing` when arrivals keep up with closures or exceed them; null when nothing is open. */
  timeToClear: number | 'growing' | null;
  /**
   * The channel's state now, and the minutes of today (in PEAKWATCH_TZ) it spent closed by a lead or unstaffed
   * during its opening hours (a minute counts when it was seen so at any evaluation in it).
   */
  availability?: { state: ChannelStateName; closedMinutes: number; unstaffedMinutes: number };
}

export interface Readiness {
  at: number;
  timeZone: string;
  day: string;
  intervalMinutes: number;
  channels: Record<string, ChannelReadiness>;
  targets: TargetRow[];
}
