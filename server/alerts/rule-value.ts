/**
 * What a rule watches: the value(s) of its metric in a snapshot, one per channel it covers. Pure; the clock is
 * passed in because ages (oldest wait, oldest open) are measured against it, not against `snapshot.at`.
 */
import { REASON_SPIKE_NEW } from '../../shared/alert-text';
import type { Rule } from '../../shared/alerts';
import { type SpikeBasis, spikeBasis } from '../../shared/spike-basis';
import type { ChannelSnapshot, ReasonShare, Snapshot, WindowFigures } from '../../shared/snapshot';
import type { WindowName } from '../../shared/channels';
import { minutesSince, silenceMinutes } from '../../shared/feed';
import { CHANNEL_STATE_LEVEL } from '../../shared/channel-state';

/** The value of a rule on one channel; `null` when the snapshot has no figure for it (no data). */
export interface RuleValue {
  channel: string;
  value: number | null;
  /**
   * The situation the rule guards against cannot hold, whatever the value: "agents available" while nobody
   * waits. Not a breach, and it clears a firing alert (unlike no data, which keeps the state).
   */
  satisfied?: true;
  /** The threshold this entry's own configuration sets (a connector's silentAfter), for a rule that follows its target. */
  target?: number;
}

/** When a connector last received a request (or was configured, before its first), and its silentAfter in minutes. */
export interface ConnectorSilence {
  name: string;
  since: number | null;
  silentAfter: number;
}

/**
 * A reason counts towards a spike only when it holds at least this share of reason-tagged arrivals in the last
 * 60 minutes: below it, a jump from 1 % to 3 % would read as "tripled" and page someone for noise.
 */
export const REASON_SPIKE_MIN_SHARE = 0.1;

/**
 * ... and at least this many contacts with the reason in the last 60 minutes: at night one tagged contact is a
 * 100 % share of a reason never seen the hour before, which is not a spike anyone should be woken for.
 */
export const REASON_SPIKE_MIN_COUNT = 10;

/** The ratio reported for a reason that had no share before (read as `new`). */
export { REASON_SPIKE_NEW };

/** The channel name of a rule evaluated across channels. */
export const TOTAL_CHANNEL = 'total';

/**
 * A reason's spike ratio on `basis`, now / the 60 minutes before: {@link REASON_SPIKE_NEW} when it had none
 * before (share: the hour before had no tagged contacts, or none of this reason; intensity: orders but none of
 * this reason's contacts); null when it cannot be compared (intensity without orders now or before).
 */
function spikeRatio(r: ReasonShare, basis: SpikeBasis): number | null {
  const [now, before] = basis === 'intensity' ? [r.intensity['60m'], r.previousIntensity] : [r.share, r.previousShare];
  if (basis === 'intensity' && (now === null || before === null)) return null;
  if (before === null || before <= 0) return REASON_SPIKE_NEW;
  return Math.min(REASON_SPIKE_NEW, now! / before);
}

/**
 * The reason with the largest spike ratio on `basis` (now / 60 minutes before) among those at or above both
 * floors (share and count: the same reasons qualify whatever the basis).
 */
export function largestReasonSpike(reasons: readonly ReasonShare[], basis: SpikeBasis = 'share', minShare = REASON_SPIKE_MIN_SHARE, minCount = REASON_SPIKE_MIN_COUNT): { reason: string; ratio: number } | null {
  let best: { reason: string; ratio: number } | null = null;
  for (const r of reasons) {
    if (!(r.share >= minShare) || !(r.count >= minCount)) continue;
    const ratio = spikeRatio(r, basis);
    if (ratio !== null && (!best || ratio > best.ratio)) best = { reason: r.reason, ratio };
  }
  return best;
}

/**
 * The reason-spike value of a snapshot: the largest `share / previousShare` (basis `intensity`: contacts per
 * order now / in the 60 minutes before) among reasons with a share of at least {@link REASON_SPIKE_MIN_SHARE}
 * and {@link REASON_SPIKE_MIN_COUNT} contacts (a new reason counts as {@link REASON_SPIKE_NEW}); 0 when no
 * reason qualifies, so a spike alert can resolve when traffic calms down rather than freeze on "no data".
 */
export function reasonSpike(reasons: readonly ReasonShare[], basis: SpikeBasis = 'share'): number {
  return largestReasonSpike(reasons, basis)?.ratio ?? 0;
}

const ageSeconds = (since: number | null, now: number) => (since === null ? 0 : Math.max(0, (now - since) / 1000));
const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

function figures(ch: ChannelSnapshot, window: WindowName | undefined): WindowFigures | null {
  return window ? ch.windows[window] ?? null : null;
}

/** The value of `metric` on one channel. */
function channelValue(rule: Rule, snapshot: Snapshot, ch: ChannelSnapshot, now: number): number | null {
  const w = figures(ch, rule.window);
  switch (rule.metric) {
    case 'serviceLevel':
    case 'asa':
    case 'abandonRate':
    case 'aht':
    case 'csat':
    case 'repeatRate':
    case 'ces':
    case 'nps':
      return w ? w[rule.metric] : null;
    case 'contactRate': {
      // A channel's share of the contact rate: its own arrivals over all orders.
      const totals = rule.window ? snapshot.totals.windows[rule.window] : undefined;
      return w && totals ? ratio(w.arrivals, totals.orders) : null;
    }
    case 'waiting': return ch.waiting;
    case 'open': return ch.open;
    case 'oldestWaitSeconds': return ageSeconds(ch.oldestWaitingSince, now);
    case 'oldestOpenSeconds': return ageSeconds(ch.oldestOpenSince, now);
    case 'agentsAvailable': return ch.agents.available;
    // Reasons are tagged across channels; a per-channel spike is not defined (the rule API refuses it).
    case 'reasonSpike': return null;
    case 'eventSilence': return silenceMinutes(ch.lastEventAt, snapshot.watchingSince, now);
    case 'channelState': return CHANNEL_STATE_LEVEL[ch.state];
    case 'connectorSilence': return null; // per connector, not per channel
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The value of `metric` across channels. Contact rate, CSAT, CES, NPS, repeat rate and reason spike come from the snapshot's totals;
 * live gauges are summed (ages: the oldest); service level, abandon rate and ASA are recomputed from the
 * channels' counts, which is exact. AHT cannot be (the count it averages over is not in the snapshot): null.
 */
function totalValue(rule: Rule, snapshot: Snapshot, now: number): number | null {
  const chans = Object.values(snapshot.channels);
  const ws = chans.map((c) => figures(c, rule.window)).filter((w): w is WindowFigures => w !== null);
  const totals = rule.window ? snapshot.totals.windows[rule.window] : undefined;
  switch (rule.metric) {
    case 'contactRate': return totals?.contactRate ?? null;
    case 'csat': return totals?.csat ?? null;
    case 'repeatRate': return totals?.repeatRate ?? null;
    case 'ces': return totals?.ces ?? null;
    case 'nps': return totals?.nps ?? null;
    case 'reasonSpike': return reasonSpike(snapshot.reasons, spikeBasis(rule));
    case 'serviceLevel':
      return ws.length ? ratio(sum(ws.map((w) => w.answeredInTarget)), sum(ws.map((w) => w.answered + w.abandoned - w.shortAbandoned))) : null;
    case 'abandonRate':
      return ws.length ? ratio(sum(ws.map((w) => w.abandoned)), sum(ws.map((w) => w.answered + w.abandoned))) : null;
    case 'asa':
      return ws.length ? ratio(sum(ws.map((w) => (w.asa ?? 0) * w.answered)), sum(ws.map((w) => (w.asa === null ? 0 : w.answered)))) : null;
    case 'aht': return null;
    case 'waiting': return sum(chans.map((c) => c.waiting));
    case 'open': return sum(chans.map((c) => c.open));
    case 'oldestWaitSeconds': return Math.max(0, ...chans.map((c) => ageSeconds(c.oldestWaitingSince, now)));
    case 'oldestOpenSeconds': return Math.max(0, ...chans.map((c) => ageSeconds(c.oldestOpenSince, now)));
    case 'agentsAvailable': return sum(chans.map((c) => c.agents.available));
    case 'eventSilence': return silenceMinutes(snapshot.lastEventAt, snapshot.watchingSince, now);
    case 'channelState': return Math.max(0, ...chans.filter(watched).map((c) => CHANNEL_STATE_LEVEL[c.state]));
    case 'connectorSilence': return null;
  }
}

/** A channel `channelState` watches: inside its opening hours, with contacts waiting. */
const watched = (c: ChannelSnapshot) => c.inHours && c.waiting > 0;

/**
 * The value(s) `rule` watches in `snapshot`, measured at `now` (epoch ms).
 *
 * - `channel: "*"`: one entry per channel of the snapshot, in the snapshot's order;
 * - a named channel: one entry for it (value `null` when the snapshot does not have the channel);
 * - `"total"`: one entry, channel `"total"`, across channels.
 *
 * Metrics: windowed figures from `channels[ch].windows[rule.window]` (null without a window); `contactRate` of a
 * channel = its arrivals / all orders in the window; ages in seconds, `(now − since) / 1000`, 0 when nothing
 * waits or is open; `agentsAvailable` is **satisfied while nobody waits** on the channel (across channels:
 * anywhere), so the "waiting and no agent" rule never fires on an empty queue and clears once the queue
 * empties; `reasonSpike` only across channels, on the rule's basis (see {@link reasonSpike}); `eventSilence`, minutes since the server
 * last applied an event of the channel (across channels: of any kind, orders too), counted from
 * `snapshot.watchingSince` when none ever arrived (see silenceMinutes); `channelState`, 0 open, 1 unstaffed, 2
 * closed (CHANNEL_STATE_LEVEL), **satisfied outside the channel's opening hours or while nobody waits on it**
 * (across channels: the highest among channels in their hours with contacts waiting), so the default rule
 * fires only for a channel closed or unstaffed during its hours with contacts waiting.
 */
export function ruleValues(rule: Rule, snapshot: Snapshot, now: number, connectors: readonly ConnectorSilence[] = []): RuleValue[] {
  if (rule.metric === 'connectorSilence') return connectorValues(rule, connectors, now);
  const idle = (waiting: number) => (rule.metric === 'agentsAvailable' && waiting === 0 ? { satisfied: true as const } : {});
  const unwatched = (chans: ChannelSnapshot[]) => (rule.metric === 'channelState' && !chans.some(watched) ? { satisfied: true as const } : {});
  if (rule.channel === TOTAL_CHANNEL) {
    const chans = Object.values(snapshot.channels);
    const waiting = sum(chans.map((c) => c.waiting));
    return [{ channel: TOTAL_CHANNEL, value: finite(totalValue(rule, snapshot, now)), ...idle(waiting), ...unwatched(chans) }];
  }
  const names = rule.channel === '*' ? Object.keys(snapshot.channels) : [rule.channel];
  return names.map((channel) => {
    const ch = snapshot.channels[channel];
    return ch ? { channel, value: finite(channelValue(rule, snapshot, ch, now)), ...idle(ch.waiting), ...unwatched([ch]) } : { channel, value: null };
  });
}

/**
 * `connectorSilence`: minutes since each connector's last request (before its first: since it was configured),
 * one entry per connector (`"*"`) or for the one named, carrying the connector's silentAfter as its target.
 */
function connectorValues(rule: Rule, connectors: readonly ConnectorSilence[], now: number): RuleValue[] {
  const chosen = rule.channel === '*' ? connectors : connectors.filter((c) => c.name === rule.channel);
  if (rule.channel !== '*' && chosen.length === 0) return [{ channel: rule.channel, value: null }];
  return chosen.map((c) => ({ channel: c.name, value: c.since === null ? null : finite(minutesSince(c.since, now)), target: c.silentAfter }));
}

/** A value that cannot be compared meaningfully (NaN, ±Infinity from bad input) is no data. */
function finite(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}
