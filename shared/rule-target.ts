/**
 * Rules that follow a target: a rule's `threshold` may be `"target"`, the current target of its metric (a
 * channel's service level, abandon rate, SL threshold or oldest-open ceiling; contact rate, CSAT and, when set, CES
 * and NPS across channels), read from the targets at every evaluation, so moving a target moves the rule. Pure.
 */
import type { AlertMetric, Rule } from './alerts';
import { formatValue } from './alert-text';
import { SILENT_AFTER_MINUTES } from './connectors';
import type { Targets } from './targets';

/** The `threshold` of a rule that follows its metric's target. */
export const TARGET_THRESHOLD = 'target';

interface TargetSource {
  /**
   * A channel's own target (on a channel or each channel, `"*"`), one across channels (`"total"`), or each
   * connector's own (`silentAfter`, on each connector: `"*"`), which the rule's values carry (`of` is its default).
   */
  scope: 'channel' | 'total' | 'connector';
  of: (t: Targets, channel: string) => number | null | undefined;
}

const TARGETS: Partial<Record<AlertMetric, TargetSource>> = {
  serviceLevel: { scope: 'channel', of: (t, ch) => t.channels[ch]?.serviceLevel },
  abandonRate: { scope: 'channel', of: (t, ch) => t.channels[ch]?.abandonRate },
  oldestWaitSeconds: { scope: 'channel', of: (t, ch) => t.channels[ch]?.slThresholdSeconds },
  oldestOpenSeconds: { scope: 'channel', of: (t, ch) => t.channels[ch]?.oldestOpenSeconds },
  contactRate: { scope: 'total', of: (t) => t.contactRate },
  csat: { scope: 'total', of: (t) => t.csat },
  ces: { scope: 'total', of: (t) => t.ces },
  nps: { scope: 'total', of: (t) => t.nps },
  connectorSilence: { scope: 'connector', of: () => SILENT_AFTER_MINUTES.default },
};

/** The metrics a rule can follow the target of. */
export const TARGET_METRICS = Object.keys(TARGETS) as AlertMetric[];

/** True when `metric` has a target a rule can follow. */
export const hasTarget = (metric: AlertMetric): boolean => TARGETS[metric] !== undefined;

/** A rule as evaluated on one channel: its threshold a number (a target read), `followsTarget` when it was one. */
export type EvaluatedRule = Omit<Rule, 'threshold'> & { threshold: number; followsTarget?: boolean };

/** Why a rule cannot follow a target (null when it does not try, or can): the API and the rules editor ask. */
export function targetProblem(r: Pick<Rule, 'metric' | 'channel' | 'threshold'>): string | null {
  if (r.threshold !== TARGET_THRESHOLD) return null;
  const source = TARGETS[r.metric];
  if (!source) return `${r.metric} has no target to follow: "target" is for ${TARGET_METRICS.join(', ')}`;
  if (source.scope === 'total' && r.channel !== 'total') return `the ${r.metric} target is across channels: use channel "total"`;
  if (source.scope === 'channel' && r.channel === 'total') return `the ${r.metric} target is per channel: use a channel or "*"`;
  if (source.scope === 'connector' && r.channel !== '*') return `the ${r.metric} target is each connector's silentAfter: use "*" (each connector)`;
  return null;
}

/** The current target of `metric` on `channel` ("total": across channels); null when there is none. */
export function targetOf(metric: AlertMetric, channel: string, targets: Targets): number | null {
  const v = TARGETS[metric]?.of(targets, channel);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * `rule` on `channel` with the threshold in force: its own, or its metric's current target. Null when it follows
 * a target that `channel` does not have (an email without an oldest-open ceiling): then it watches nothing there.
 * `own`: the target the rule's value carries (a connector's silentAfter), which comes before the targets'.
 */
export function evaluatedRule(rule: Rule, channel: string, targets: Targets, own?: number): EvaluatedRule | null {
  if (rule.threshold !== TARGET_THRESHOLD) return { ...rule, threshold: rule.threshold };
  const threshold = own ?? targetOf(rule.metric, channel, targets);
  return threshold === null ? null : { ...rule, threshold, followsTarget: true };
}

/**
 * A following rule's threshold in words, with the target it reads now: `follows target (80%)`; on each channel,
 * each channel's (`follows target (chat 80%, voice 85%)`). Null for a rule with a number.
 */
export function followsTargetText(rule: Pick<Rule, 'metric' | 'channel' | 'threshold'>, targets: Targets): string | null {
  if (rule.threshold !== TARGET_THRESHOLD) return null;
  const read = (ch: string) => {
    const v = targetOf(rule.metric, ch, targets);
    return v === null ? 'none' : formatValue(rule.metric, v, true);
  };
  if (TARGETS[rule.metric]?.scope === 'connector') return "follows each connector's silentAfter";
  if (rule.channel !== '*') return `follows target (${read(rule.channel)})`;
  const each = Object.keys(targets.channels).map((ch) => `${ch} ${read(ch)}`);
  return `follows target (${each.join(', ')})`;
}
