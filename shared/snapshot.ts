import type { AgentStatus, BacklogBand, WindowName } from './channels';
import type { Alert } from './alerts';
import type { Annotation } from './annotations';
import type { ChannelStateName } from './channel-state';
import type { Cardinality } from './cardinality';
import type { Targets } from './targets';
import type { DisplaySettings } from './display';

/** Survey responses of a window: each score with its count of responses. */
export interface SurveyFigures {
  csat: number | null;
  csatResponses: number;
  /** Share of CES responses scoring 5-7 ("easy"). */
  ces: number | null;
  /** Mean CES score, 1-7. */
  cesMean: number | null;
  cesResponses: number;
  /** Net promoter score, −100 to 100. */
  nps: number | null;
  npsResponses: number;
}

/** Repeat contacts of a window, counted at their arrival. */
export interface RepeatFigures {
  /** Arrivals whose customer had another contact within the repeat window before (any channel). */
  repeats: number;
  /** Arrivals that carried a customerId. */
  customerArrivals: number;
  /** `repeats / customerArrivals`; null when none carried a customerId. */
  repeatRate: number | null;
}

/** Figures of one channel (or queue) over one window. Fractions 0-1, seconds, `null` when undefined. */
export interface WindowFigures extends SurveyFigures, RepeatFigures {
  arrivals: number;
  answered: number;
  abandoned: number;
  resolved: number;
  answeredInTarget: number;
  shortAbandoned: number;
  serviceLevel: number | null;
  /** Average speed of answer, seconds. */
  asa: number | null;
  abandonRate: number | null;
  /** Average handle time, seconds. */
  aht: number | null;
}

/** Live gauges (no window). Times are epoch ms. */
export interface LiveFigures {
  waiting: number;
  oldestWaitingSince: number | null;
  open: number;
  oldestOpenSince: number | null;
  backlogAges: Record<BacklogBand, number>;
}

export interface QueueSnapshot extends LiveFigures {
  windows: Record<WindowName, WindowFigures>;
}

export interface ChannelSnapshot extends QueueSnapshot {
  agents: Record<AgentStatus, number>;
  /** When the server last applied an event of this channel (its clock, epoch ms); null before the first. */
  lastEventAt: number | null;
  /** Open, unstaffed (no agent available or busy) or closed (by a lead, or outside its opening hours). */
  state: ChannelStateName;
  /** A lead's reason for closing it; null unless a lead closed it. */
  closedReason: string | null;
  /** When closed by its hours: when they next open (epoch ms); null otherwise. */
  reopensAt: number | null;
  /** Inside its opening hours now (always, for a channel open 24×7). */
  inHours: boolean;
  /** Present only when asked for (`?queues=1`). */
  queues?: Record<string, QueueSnapshot>;
}

export interface TotalsWindow extends SurveyFigures, RepeatFigures {
  arrivals: number;
  orders: number;
  contactRate: number | null;
}

/** A contact reason in the last 60 minutes against the 60 minutes before, and its intensity. */
export interface ReasonShare {
  reason: string;
  count: number;
  /** Share of reason-tagged arrivals in the last 60 minutes. */
  share: number;
  previousCount: number;
  /** `null` when the previous 60 minutes had no reason-tagged arrivals. */
  previousShare: number | null;
  /** `share − previousShare`, `null` without a previous share. */
  change: number | null;
  /** Arrivals with the reason since midnight (`today`). */
  todayCount: number;
  /** Contacts with the reason / orders in the window (the reason's own contact rate); `null` without orders. */
  intensity: { '60m': number | null; today: number | null };
  /** The same for the 60 minutes before (`previousCount` / their orders); `null` without orders then. */
  previousIntensity: number | null;
}

export interface Snapshot {
  /** When it was computed, epoch ms. */
  at: number;
  /** Time zone of "today", and when today started (epoch ms). */
  timeZone: string;
  todayStart: number;
  channels: Record<string, ChannelSnapshot>;
  totals: { windows: Record<WindowName, TotalsWindow> };
  reasons: ReasonShare[];
  /** Active alerts (pending or firing), critical first. */
  alerts: Alert[];
  /** Incident annotations of today (and at least the last 4 hours), for chart markers. */
  annotations: Annotation[];
  targets: Targets;
  /** The screens' display settings (which survey the wall's top strip shows). Always sent by the server. */
  display?: DisplaySettings;
  /**
   * When the server last applied an event, of any kind (orders too), by its own clock at application (not the
   * event's `at`), epoch ms; null before the first. Per channel: `channels.<ch>.lastEventAt`.
   */
  lastEventAt: number | null;
  /** When the first server started watching this tenant (epoch ms): a silence with no event ever counts from it. */
  watchingSince: number | null;
  /** After this many seconds without an applied event a feed reads NO EVENTS (`PEAKWATCH_SILENCE_AFTER_S`). */
  silenceAfterSeconds: number;
  /**
   * Queue names per channel and reason names of the tenant against their limits (`PEAKWATCH_MAX_QUEUES`,
   * `PEAKWATCH_MAX_REASONS`), and the events folded into `(other)` beyond them. Always sent by the server.
   */
  cardinality?: Cardinality;
  /** Present while the data is simulated: the line the views show to say so (e.g. "DEMO · simulated peak, clock in UTC+6"). */
  demoNote?: string;
}
