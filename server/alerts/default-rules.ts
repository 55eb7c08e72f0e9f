/**
 * The rules a deployment starts with, derived from its targets and channels (listed in README, "Alerts"). Every rule
 * goes through `ruleSchema`, so a default is never something the rules API would refuse.
 */
import type { z } from 'zod';
import { formatValue } from '../../shared/alert-text';
import { ruleSchema, type Rule } from '../../shared/alerts';
import { SILENCE_AFTER_S } from '../../shared/feed';
import { CHANNEL_STATE_LEVEL } from '../../shared/channel-state';
import { TARGET_THRESHOLD } from '../../shared/rule-target';
import type { Targets } from '../../shared/targets';

/** Open contacts on one channel above which the backlog alert fires. */
export const DEFAULT_BACKLOG_LEVEL = 500;

/** A reason whose share at least doubles against the hour before is a spike. */
export const DEFAULT_SPIKE_RATIO = 2;

/** How far past a fraction target (SL, CSAT) the value must come back before the alert resolves. */
export const FRACTION_HYSTERESIS = 0.02;

/** Repeat interval while firing and unacked, seconds: 30 min, so a breach nobody acked is not forgotten. */
export const DEFAULT_REPEAT_SECONDS = 1_800;

type RuleInput = z.input<typeof ruleSchema>;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The default rules for `channels` under `targets`, routed to `receivers` (firing, resolved and repeats; no
 * escalation: a deployment names its second route itself). A channel rule is made only when the channel is
 * configured; a target that is missing or null (email without an oldest-open ceiling) makes no rule.
 *
 * Rules on a metric with a target follow it (`threshold: "target"`), so a moved target moves them; their `clear`
 * is written from the targets of the day the rules were made (the state machine never lets it cross the threshold).
 *
 * Choices: fraction targets (SL, CSAT) clear 2 points on the good side; counts and ages clear at 90 % (backlog)
 * or 75 % (chat wait) of the threshold. Age rules (oldest wait, oldest open) fire at once (`for: 0`) because an
 * age already is a duration: a chat that has waited 120 s has been late for the whole of it. Rules on 60-minute
 * figures hold 5 minutes, as those figures move slowly and one minute's orders can tip them.
 *
 * The "no agent available" rule is `agentsAvailable < 1` on every channel; `ruleValues` marks it satisfied
 * while nobody waits, so it only fires for a channel with contacts waiting and clears when its queue empties.
 * The "closed or unstaffed" rule is `channelState > 0` on every channel, satisfied outside the channel's hours
 * and while nobody waits on it.
 */
export function defaultRules(targets: Targets, channels: readonly string[], receivers: string[], opts: { silenceAfterSeconds?: number } = {}): Rule[] {
  const has = (ch: string) => channels.includes(ch);
  const routes = [...receivers];
  const common = { routes, repeat: DEFAULT_REPEAT_SECONDS, escalateAfter: null, escalateTo: [] };
  const out: RuleInput[] = [];

  const chat = targets.channels.chat;
  if (has('chat') && chat) {
    out.push({
      ...common, id: 'chat-service-level', metric: 'serviceLevel', channel: 'chat', window: '15m',
      op: '<', threshold: TARGET_THRESHOLD, clear: round(clamp01(chat.serviceLevel + FRACTION_HYSTERESIS)),
      for: 60, clearFor: 120, severity: 'critical',
      description: 'Chat service level (15 min) below target',
    }, {
      ...common, id: 'chat-oldest-wait', metric: 'oldestWaitSeconds', channel: 'chat',
      op: '>', threshold: TARGET_THRESHOLD, clear: Math.round(chat.slThresholdSeconds * 0.75),
      for: 0, clearFor: 60, severity: 'critical',
      description: 'A chat has waited longer than its SL threshold',
    });
  }

  const voice = targets.channels.voice;
  if (has('voice') && voice) {
    out.push({
      ...common, id: 'voice-service-level', metric: 'serviceLevel', channel: 'voice', window: '15m',
      op: '<', threshold: TARGET_THRESHOLD, clear: round(clamp01(voice.serviceLevel + FRACTION_HYSTERESIS)),
      for: 60, clearFor: 120, severity: 'critical',
      description: 'Voice service level (15 min) below target',
    });
  }

  const emailCeiling = targets.channels.email?.oldestOpenSeconds ?? null;
  if (has('email') && emailCeiling !== null) {
    out.push({
      ...common, id: 'email-oldest-open', metric: 'oldestOpenSeconds', channel: 'email',
      op: '>', threshold: TARGET_THRESHOLD, for: 0, clearFor: 300, severity: 'warning',
      description: 'An email has been open longer than its ceiling',
    });
  }

  out.push({
    ...common, id: 'open-backlog', metric: 'open', channel: '*',
    op: '>', threshold: DEFAULT_BACKLOG_LEVEL, clear: Math.round(DEFAULT_BACKLOG_LEVEL * 0.9),
    for: 300, clearFor: 300, severity: 'warning',
    description: `More than ${formatValue('open', DEFAULT_BACKLOG_LEVEL)} contacts open on a channel`,
  }, {
    ...common, id: 'contact-rate', metric: 'contactRate', channel: 'total', window: '60m',
    op: '>', threshold: TARGET_THRESHOLD, clear: round(Math.max(0, targets.contactRate - 0.002)),
    for: 300, clearFor: 300, severity: 'warning',
    description: 'Contact rate (60 min) above target',
  }, {
    ...common, id: 'csat', metric: 'csat', channel: 'total', window: '60m',
    op: '<', threshold: TARGET_THRESHOLD, clear: round(clamp01(targets.csat + FRACTION_HYSTERESIS)),
    for: 300, clearFor: 300, severity: 'warning',
    description: 'CSAT (60 min) below target',
  }, {
    ...common, id: 'no-agent-available', metric: 'agentsAvailable', channel: '*',
    op: '<', threshold: 1, clear: 1, for: 60, clearFor: 60, severity: 'critical',
    description: 'Contacts waiting and no agent available',
  }, {
    ...common, id: 'reason-spike', metric: 'reasonSpike', channel: 'total',
    op: '>', threshold: DEFAULT_SPIKE_RATIO, clear: 1.5, for: 300, clearFor: 600, severity: 'warning',
    description: `A contact reason's share at least ${formatValue('reasonSpike', DEFAULT_SPIKE_RATIO)} the hour before`,
  }, {
    ...common, id: 'channel-closed-or-unstaffed', metric: 'channelState', channel: '*',
    op: '>', threshold: CHANNEL_STATE_LEVEL.open, for: 60, clearFor: 60, severity: 'critical',
    description: 'A channel closed or unstaffed during its opening hours with contacts waiting',
  }, silenceRule(common, opts.silenceAfterSeconds ?? SILENCE_AFTER_S.default), {
    // Each connector against its own silentAfter: a contact system whose webhook stopped is a blind wall.
    ...common, id: 'connector-silent', metric: 'connectorSilence', channel: '*',
    op: '>', threshold: TARGET_THRESHOLD, for: 0, clearFor: 0, severity: 'warning',
    description: 'A connector has received no request for longer than its silentAfter',
  });

  return out.map((r) => ruleSchema.parse(r));
}

/**
 * No event of any kind for longer than the wall's silence threshold (PEAKWATCH_SILENCE_AFTER_S): the feed is
 * probably broken. Across channels only: one channel may be quiet for long on purpose (email at night); the
 * wall shows each channel's silence. Fires at once (a silence already is a duration) and clears with the next
 * event.
 */
function silenceRule(common: Pick<RuleInput, 'routes' | 'repeat' | 'escalateAfter' | 'escalateTo'>, afterSeconds: number): RuleInput {
  const minutes = afterSeconds / 60;
  return {
    ...common, id: 'no-events', metric: 'eventSilence', channel: 'total',
    op: '>', threshold: minutes, clear: minutes, for: 0, clearFor: 0, severity: 'warning',
    description: `No event received for more than ${formatValue('eventSilence', minutes, true)}`,
  };
}
