import { WINDOWS, type WindowName } from '../../shared/channels';
import type { ChannelSnapshot, ReasonShare, Snapshot, TotalsWindow, WindowFigures } from '../../shared/snapshot';
import { SILENCE_AFTER_S } from '../../shared/feed';
import { defaultTargets } from '../../shared/targets';

/** 2026-11-27 14:00:00 UTC, a peak-season Friday. */
export const SNAP_AT = Date.UTC(2026, 10, 27, 14, 0, 0);

/** Window figures of a quiet, healthy channel; override what a test is about. */
function windowFigures(over: Partial<WindowFigures> = {}): WindowFigures {
  return {
    arrivals: 100, answered: 95, abandoned: 5, resolved: 90, answeredInTarget: 90, shortAbandoned: 0,
    serviceLevel: 0.9, asa: 30, abandonRate: 0.05, aht: 300, csat: 0.8, csatResponses: 20,
    ces: 0.75, cesMean: 5.4, cesResponses: 12, nps: 25, npsResponses: 8,
    repeats: 0, customerArrivals: 0, repeatRate: null,
    ...over,
  };
}

export interface ChannelOverrides extends Partial<Omit<ChannelSnapshot, 'windows' | 'agents'>> {
  windows?: Partial<Record<WindowName, Partial<WindowFigures>>>;
  agents?: Partial<ChannelSnapshot['agents']>;
}

/** When a healthy snapshot's feed last applied an event: 5 s before {@link SNAP_AT}. */
export const LAST_EVENT_AT = SNAP_AT - 5_000;

/** A healthy channel: nobody waiting, 10 open, 3 agents available, every window as {@link windowFigures}, an event 5 s ago. */
export function channelSnapshot(over: ChannelOverrides = {}): ChannelSnapshot {
  const { windows, agents, ...live } = over;
  return {
    waiting: 0, oldestWaitingSince: null, open: 10, oldestOpenSince: SNAP_AT - 600_000,
    backlogAges: { '<1h': 10, '1-4h': 0, '4-24h': 0, '1-3d': 0, '>3d': 0 },
    lastEventAt: LAST_EVENT_AT,
    state: 'open', closedReason: null, reopensAt: null, inHours: true,
    ...live,
    agents: { available: 3, busy: 2, away: 0, offline: 1, ...agents },
    windows: Object.fromEntries(WINDOWS.map((w) => [w, windowFigures(windows?.[w])])) as ChannelSnapshot['windows'],
  };
}

/**
 * A reason's share now against the hour before (counts derived from a base of 1,000 tagged contacts); by default
 * today holds just this hour's contacts, and the intensities are over 10,000 orders in each window (and in the
 * hour before, which had none when `previousShare` is null).
 */
export function reason(name: string, share: number, previousShare: number | null, over: Partial<ReasonShare> = {}): ReasonShare {
  const count = Math.round(share * 1_000);
  return {
    reason: name, count, share,
    previousCount: previousShare === null ? 0 : Math.round(previousShare * 1_000), previousShare,
    change: previousShare === null ? null : share - previousShare,
    todayCount: count, intensity: { '60m': count / 10_000, today: count / 10_000 },
    previousIntensity: previousShare === null ? null : Math.round(previousShare * 1_000) / 10_000,
    ...over,
  };
}

export interface SnapshotOverrides {
  at?: number;
  /** Channels by name; a channel given as `{}` is a healthy one. Default: chat, voice and email, healthy. */
  channels?: Record<string, ChannelOverrides>;
  totals?: Partial<Record<WindowName, Partial<TotalsWindow>>>;
  reasons?: ReasonShare[];
  /** When the last event of any kind was applied; default {@link LAST_EVENT_AT}. */
  lastEventAt?: number | null;
  /** Default: a day before {@link SNAP_AT}. */
  watchingSince?: number | null;
}

/** A whole snapshot at {@link SNAP_AT} with default targets for its channels; everything healthy unless overridden. */
export function makeSnapshot(over: SnapshotOverrides = {}): Snapshot {
  const chans = over.channels ?? { chat: {}, voice: {}, email: {} };
  const totals = Object.fromEntries(WINDOWS.map((w) => [w, {
    arrivals: 300, orders: 10_000, contactRate: 0.03, csat: 0.8, csatResponses: 60,
    ces: 0.75, cesMean: 5.4, cesResponses: 36, nps: 25, npsResponses: 24, ...over.totals?.[w],
  }])) as Snapshot['totals']['windows'];
  return {
    at: over.at ?? SNAP_AT,
    timeZone: 'UTC',
    todayStart: Date.UTC(2026, 10, 27),
    channels: Object.fromEntries(Object.entries(chans).map(([name, c]) => [name, channelSnapshot(c)])),
    totals: { windows: totals },
    reasons: over.reasons ?? [],
    alerts: [],
    annotations: [],
    targets: defaultTargets(Object.keys(chans)),
    lastEventAt: over.lastEventAt === undefined ? LAST_EVENT_AT : over.lastEventAt,
    watchingSince: over.watchingSince === undefined ? SNAP_AT - 86_400_000 : over.watchingSince,
    silenceAfterSeconds: SILENCE_AFTER_S.default,
  };
}
