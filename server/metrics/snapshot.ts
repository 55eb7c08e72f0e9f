import { AGENT_STATUSES, BACKLOG_BANDS, WINDOWS, type WindowName } from '../../shared/channels';
import * as f from '../../shared/metrics';
import type { ChannelSnapshot, LiveFigures, QueueSnapshot, ReasonShare, RepeatFigures, Snapshot, SurveyFigures, TotalsWindow, WindowFigures } from '../../shared/snapshot';
import type { Targets } from '../../shared/targets';
import type { Alert } from '../../shared/alerts';
import type { Annotation } from '../../shared/annotations';
import { SILENCE_AFTER_S } from '../../shared/feed';
import { DEFAULT_DISPLAY, type DisplaySettings } from '../../shared/display';
import { type ChannelsSettings, channelSettingsOf, channelState, isWithinHours } from '../../shared/channel-state';
import { BUCKET_FIELDS as F, type BucketField, ORDERS_FIELD, REASON_FIELD_PREFIX, channelField, fieldPrefix } from '../store/bucket-fields';
import type { LiveRaw, ReadBatch, Store } from '../store/store';
import { readNameFolds } from '../store/name-folds';
import { readLiveFigures } from './live';
import { type BucketPlan, planWindows } from './windows';

export interface SnapshotDeps {
  store: Store;
  channels: readonly string[];
  timeZone: string;
  clock: () => number;
  targets: () => Promise<Targets>;
  /** Active alerts (pending or firing). */
  alerts?: () => Promise<Alert[]>;
  /** Incident annotations overlapping a time range. */
  annotations?: (from: number, to: number) => Promise<Annotation[]>;
  /** Seconds without an event after which a feed reads NO EVENTS; default SILENCE_AFTER_S.default. */
  silenceAfterSeconds?: number;
  /** The channels' settings (hours, closed by a lead), read in the snapshot's batch; none: every channel open 24×7. */
  channelSettings?: (batch: ReadBatch) => Promise<ChannelsSettings>;
  /** The screens' display settings, read in the snapshot's batch; none: the defaults. */
  display?: (batch: ReadBatch) => Promise<DisplaySettings>;
  /** Set when the data is simulated: the snapshot carries it as `demoNote`. */
  demoNote?: string | null;
}

type Sums = Map<string, number>;

/** Reads the buckets of every window in one round trip and sums each window's fields. */
async function sumWindows(store: Store, kind: 'channel' | 'queue', plans: Record<string, BucketPlan>, batch?: ReadBatch): Promise<Record<string, Sums>> {
  const k = store.bucketKeys(kind);
  const names = new Map<string, number>();
  const index = (key: string) => {
    if (!names.has(key)) names.set(key, names.size);
    return names.get(key)!;
  };
  const planIdx = Object.fromEntries(Object.entries(plans).map(([w, p]) =>
    [w, [...p.minutes.map((m) => index(k.minute(m))), ...p.hours.map((h) => index(k.hour(h)))]]));
  const hashes = await store.readHashes([...names.keys()], batch);
  const out: Record<string, Sums> = {};
  for (const [w, idx] of Object.entries(planIdx)) {
    const sums: Sums = new Map();
    for (const i of idx) {
      for (const [field, v] of Object.entries(hashes[i]!)) sums.set(field, (sums.get(field) ?? 0) + Number(v));
    }
    out[w] = sums;
  }
  return out;
}

/** Figures of one window for the fields under `p` ("chat|" or "chat|queue|"). */
export function windowFigures(s: Sums, p: string): WindowFigures {
  const g = (field: BucketField) => s.get(p + field) ?? 0;
  const c = { arrivals: g(F.arrivals), answered: g(F.answered), abandoned: g(F.abandoned), resolved: g(F.resolved), answeredInTarget: g(F.answeredInTarget), shortAbandoned: g(F.shortAbandoned) };
  return {
    ...c,
    serviceLevel: f.serviceLevel(c),
    asa: f.asa(g(F.waitMs), c.answered),
    abandonRate: f.abandonRate(c.abandoned, c.answered),
    aht: f.aht(g(F.handleMs), g(F.handled)),
    ...surveyFigures(g),
    ...repeatFigures(g),
  };
}

/** Repeat-contact figures from the counters `g` reads. */
function repeatFigures(g: (field: BucketField) => number): RepeatFigures {
  const repeats = g(F.repeats);
  const customerArrivals = g(F.customerArrivals);
  return { repeats, customerArrivals, repeatRate: f.repeatRate(repeats, customerArrivals) };
}

/** Survey figures from the counters `g` reads (one channel's or queue's, or all channels' summed). */
function surveyFigures(g: (field: BucketField) => number): SurveyFigures {
  const csatResponses = g(F.csatResponses);
  const cesResponses = g(F.cesResponses);
  const npsResponses = g(F.npsResponses);
  return {
    csat: f.csat(g(F.csatPositive), csatResponses),
    csatResponses,
    ces: f.ces(g(F.cesEasy), cesResponses),
    cesMean: f.cesMean(g(F.cesSum), cesResponses),
    cesResponses,
    nps: f.nps(g(F.npsPromoters), g(F.npsDetractors), npsResponses),
    npsResponses,
  };
}

const hasFigures = (w: WindowFigures) => w.arrivals + w.answered + w.abandoned + w.resolved + w.csatResponses + w.cesResponses + w.npsResponses > 0;

function liveFigures(raw: LiveRaw): LiveFigures {
  return {
    waiting: raw.waiting,
    oldestWaitingSince: raw.oldestWaitingSince,
    open: raw.open,
    oldestOpenSince: raw.oldestOpenSince,
    backlogAges: Object.fromEntries(BACKLOG_BANDS.map((b, i) => [b.label, raw.bands[i] ?? 0])) as LiveFigures['backlogAges'],
  };
}

const BAND_EDGES_MS = BACKLOG_BANDS.slice(0, -1).map((b) => b.maxSeconds * 1000);

/**
 * Top 10 reasons of the last 60 minutes (`current`), with the change against the 60 minutes before (`previous`)
 * and each reason's count today; intensity is the reason's contacts per order of the window (`contactRate`), and
 * `previousIntensity` that of the 60 minutes before.
 */
export function reasonShares(current: Sums, previous: Sums, today: Sums, limit = 10): ReasonShare[] {
  const pick = (s: Sums) => Object.fromEntries([...s].filter(([k, v]) => k.startsWith(REASON_FIELD_PREFIX) && v > 0).map(([k, v]) => [k.slice(REASON_FIELD_PREFIX.length), v]));
  const cur = pick(current);
  const prev = pick(previous);
  const day = pick(today);
  const curShares = f.shares(cur);
  const prevShares = f.shares(prev);
  const prevTotal = Object.values(prev).reduce((a, b) => a + b, 0);
  const orders60 = current.get(ORDERS_FIELD) ?? 0;
  const ordersToday = today.get(ORDERS_FIELD) ?? 0;
  const ordersBefore = previous.get(ORDERS_FIELD) ?? 0;
  // Own properties only: a reason may be named like one of Object.prototype's ("constructor", "toString").
  const own = (o: Record<string, number>, k: string) => (Object.hasOwn(o, k) ? o[k]! : 0);
  return Object.entries(cur)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([reason, count]) => {
      const share = curShares[reason]!;
      const previousShare = prevTotal > 0 ? own(prevShares, reason) : null;
      const todayCount = own(day, reason);
      const previousCount = own(prev, reason);
      return {
        reason, count, share, previousCount, previousShare, change: previousShare === null ? null : share - previousShare,
        todayCount, intensity: { '60m': f.contactRate(count, orders60), today: f.contactRate(todayCount, ordersToday) },
        previousIntensity: f.contactRate(previousCount, ordersBefore),
      };
    });
}

/**
 * The whole current snapshot (`GET /api/v1/snapshot`, fields in docs/METRICS.md). Costs a bounded number of Redis reads:
 * at most 120 minute buckets + 24 hour roll-ups (+ up to 59 minutes in a half-hour time zone), 5 commands
 * per channel, one script reading the live sets of the queues with open contacts (9 reads each, inside Redis),
 * 2 for the last events, 3 for the reasons' registry and 1 for the channels' settings (hours, closes), whatever
 * the number of events or of names ever seen; with `queues`, the queue buckets too. All of them run in one MULTI, so the figures are consistent with each other.
 */
export async function computeSnapshot(deps: SnapshotDeps, opts: { queues?: boolean } = {}): Promise<Snapshot> {
  const { store, channels } = deps;
  const now = deps.clock();
  const plan = planWindows(now, deps.timeZone);
  // The figures are read in one MULTI, so they all describe one point in time.
  const batch = store.batch();
  const [sums, live, agents, lastEvents, settings, cardinality, queueSums, display, targets, alerts, annotations] = await Promise.all([
    sumWindows(store, 'channel', { ...plan.windows, previous60: plan.previous60 }, batch),
    readLiveFigures(store, channels, now, BAND_EDGES_MS, batch),
    store.readAgents(channels, batch),
    store.readLastEvents(channels, batch),
    deps.channelSettings ? deps.channelSettings(batch) : Promise.resolve({} as ChannelsSettings),
    readNameFolds(store, channels, now, batch),
    opts.queues ? sumWindows(store, 'queue', plan.windows, batch) : Promise.resolve(null),
    deps.display ? deps.display(batch) : Promise.resolve(DEFAULT_DISPLAY),
    batch.exec().then(() => deps.targets()),
    deps.alerts ? deps.alerts() : Promise.resolve([]),
    deps.annotations ? deps.annotations(Math.min(plan.todayStart, now - 4 * 3_600_000), now) : Promise.resolve([]),
  ]);

  const channelSnaps: Record<string, ChannelSnapshot> = {};
  channels.forEach((ch, i) => {
    const agentCounts = Object.fromEntries(AGENT_STATUSES.map((s) => [s, Math.max(0, Number(agents[i]![s] ?? 0))])) as ChannelSnapshot['agents'];
    const chSettings = channelSettingsOf(settings, ch);
    channelSnaps[ch] = {
      ...liveFigures(live.channels[i]!),
      agents: agentCounts,
      windows: Object.fromEntries(WINDOWS.map((w) => [w, windowFigures(sums[w]!, fieldPrefix(ch))])) as Record<WindowName, WindowFigures>,
      lastEventAt: lastEvents.channels[i] ?? null,
      ...channelState({ settings: chSettings, agentsAvailable: agentCounts.available, agentsBusy: agentCounts.busy }, now, deps.timeZone),
      inHours: isWithinHours(chSettings.hours, now, deps.timeZone),
    };
  });
  if (queueSums) addQueues(channels, channelSnaps, live.queues, queueSums);

  const totals = Object.fromEntries(WINDOWS.map((w): [WindowName, TotalsWindow] => {
    const s = sums[w]!;
    const total = (field: BucketField) => channels.reduce((a, ch) => a + (s.get(channelField(ch, field)) ?? 0), 0);
    const arrivals = total(F.arrivals);
    const orders = s.get(ORDERS_FIELD) ?? 0;
    return [w, { arrivals, orders, contactRate: f.contactRate(arrivals, orders), ...surveyFigures(total), ...repeatFigures(total) }];
  })) as Record<WindowName, TotalsWindow>;

  return {
    at: now,
    timeZone: deps.timeZone,
    todayStart: plan.todayStart,
    channels: channelSnaps,
    totals: { windows: totals },
    reasons: reasonShares(sums['60m']!, sums.previous60!, sums.today!),
    alerts,
    annotations,
    targets,
    display,
    lastEventAt: lastEvents.any,
    watchingSince: lastEvents.watchingSince,
    silenceAfterSeconds: deps.silenceAfterSeconds ?? SILENCE_AFTER_S.default,
    cardinality,
    ...(deps.demoNote ? { demoNote: deps.demoNote } : {}),
  };
}

const NOTHING_LIVE: LiveRaw = { waiting: 0, oldestWaitingSince: null, open: 0, oldestOpenSince: null, bands: [] };

/** Queue names of channel `ch` with a figure in any window (queue fields are "<ch>|<queue>|<field>"). */
function queuesWithFigures(ch: string, sums: Record<string, Sums>): Set<string> {
  const names = new Set<string>();
  const p = fieldPrefix(ch);
  for (const s of Object.values(sums)) {
    for (const field of s.keys()) if (field.startsWith(p)) names.add(field.slice(p.length, field.lastIndexOf('|')));
  }
  return names;
}

/** Queues with open contacts, and those with figures in the windows (a queue's name is read from its buckets). */
function addQueues(channels: readonly string[], snaps: Record<string, ChannelSnapshot>, live: Map<string, LiveRaw>[], sums: Record<string, Sums>) {
  channels.forEach((ch, i) => {
    // Built from entries: `queues[q] = …` with a queue named "__proto__" would set the prototype, not a queue.
    const queues: [string, QueueSnapshot][] = [];
    const names = new Set([...live[i]!.keys(), ...queuesWithFigures(ch, sums)]);
    for (const q of [...names].sort()) {
      const qs: QueueSnapshot = {
        ...liveFigures(live[i]!.get(q) ?? NOTHING_LIVE),
        windows: Object.fromEntries(WINDOWS.map((w) => [w, windowFigures(sums[w]!, fieldPrefix(ch, q))])) as Record<WindowName, WindowFigures>,
      };
      // A queue whose counters in the windows cancelled out (a contact moved away), with nothing open, is left out.
      if (qs.open > 0 || qs.waiting > 0 || WINDOWS.some((w) => hasFigures(qs.windows[w]))) queues.push([q, qs]);
    }
    snaps[ch]!.queues = Object.fromEntries(queues);
  });
}
