/**
 * The alert state machine: one rule on one channel, one evaluation at a time. Pure: the clock is an argument,
 * the input alert is never mutated, and everything the evaluator must write (new state, log entries,
 * notifications) comes back in the result.
 *
 *   inactive ──breach──▶ pending ──breach held `for` s──▶ firing ──good side of `clear` for `clearFor` s──▶ resolved
 *      ▲                   │ not a breach                                                          │ breach: pending
 *      └───────────────────┴───────────────────────────── a value, no breach ──────────────────────┘
 *
 * No data (`null`) is never evidence: it does not start or sustain a breach (a pending alert goes back to
 * inactive), and it does not start or sustain a clearance (a firing alert stays firing and its `clearFor` clock
 * starts again). Firing, inactive and resolved alerts keep their state on no data.
 *
 * Rules come evaluated (shared/rule-target.ts): the threshold is a number, a followed target already read. An
 * alert whose rule is gone, or whose rule now watches something else, is {@link retire}d.
 */
import { isBreaching, ruleTitle } from '../../shared/alert-text';
import type { Alert, AlertState, Notification, NotificationKind } from '../../shared/alerts';
import { spikeBasis } from '../../shared/spike-basis';
import type { EvaluatedRule as Rule } from '../../shared/rule-target';

/** One state change, as appended to the alert log (the shape of the store's `AlertTransition`). */
export interface Transition {
  alertId: string;
  from: AlertState;
  to: AlertState;
  at: number;
  value: number | null;
}

/** What one evaluation of one alert produced. */
export interface StepResult {
  /** The alert after this evaluation (a new object). */
  alert: Alert;
  /** State changes in order, all at `now`; a `for: 0` breach gives two (→ pending, → firing). Empty: no change. */
  transitions: Transition[];
  /**
   * Notifications to deliver, in order: at most one of firing / resolved / repeat to the rule's `routes`, and
   * at most one escalation to `escalateTo`. None while silenced; none for an empty receiver list. Receiver
   * names are the rule's as written: "*" is left for the outbox to expand.
   */
  notifications: Notification[];
  /** An ack of an earlier episode was dropped because a new breach began: delete it where acks are stored. */
  clearedAck: boolean;
}

/** The id of the alert of `ruleId` on `channel`: `<ruleId>:<channel>`. */
export function alertId(ruleId: string, channel: string): string {
  return `${ruleId}:${channel}`;
}

/**
 * The clear threshold in force: the rule's `clear`, or its threshold without one. A `clear` on the breaching
 * side of the threshold (a mistake) is taken as the threshold, so "cleared" always implies "not breaching".
 */
export function clearThreshold(rule: Pick<Rule, 'op' | 'threshold' | 'clear'>): number {
  const c = rule.clear ?? rule.threshold;
  return rule.op === '<' ? Math.max(c, rule.threshold) : Math.min(c, rule.threshold);
}

/** `value op threshold`; no data is not a breach. */
export function isBreach(rule: Pick<Rule, 'op' | 'threshold'>, value: number | null): boolean {
  return isBreaching({ op: rule.op, threshold: rule.threshold, value });
}

/** The value is on the good side of the clear threshold (for `<`: value ≥ clear; for `>`: value ≤ clear). */
export function isClear(rule: Pick<Rule, 'op' | 'threshold' | 'clear'>, value: number | null): boolean {
  if (value === null) return false;
  const c = clearThreshold(rule);
  return rule.op === '<' ? value >= c : value <= c;
}

/** Notifications are suppressed at `now` (a silence is in force until, not including, `silencedUntil`). */
export function isSilenced(alert: Pick<Alert, 'silencedUntil'>, now: number): boolean {
  return alert.silencedUntil !== null && now < alert.silencedUntil;
}

/** The figures an alert copies from its rule, refreshed at every step so an edited rule takes effect. */
function fromRule(rule: Rule, channel: string): Pick<Alert, 'id' | 'ruleId' | 'metric' | 'channel' | 'op' | 'threshold' | 'followsTarget' | 'severity' | 'routes' | 'description' | 'window' | 'basis'> {
  return {
    id: alertId(rule.id, channel),
    ruleId: rule.id,
    metric: rule.metric,
    channel,
    ...(rule.window ? { window: rule.window } : {}),
    ...(rule.basis ? { basis: rule.basis } : {}),
    op: rule.op,
    threshold: rule.threshold,
    followsTarget: rule.followsTarget === true,
    severity: rule.severity,
    routes: [...rule.routes],
    description: rule.description ?? ruleTitle({ ...rule, channel }),
  };
}

/**
 * The rule now watches something else than `alert` did: another metric, window, spike basis or comparison, a threshold
 * written differently, or a target followed instead of a number (or the reverse). A followed target that moved
 * is not a change: the rule follows it.
 */
export function ruleChanged(alert: Alert, rule: Rule): boolean {
  if (alert.metric !== rule.metric || (alert.window ?? null) !== (rule.window ?? null) || alert.op !== rule.op) return true;
  if (spikeBasis(alert) !== spikeBasis(rule)) return true;
  const follows = rule.followsTarget === true;
  // Stored before rules could follow targets: the same threshold is the same rule.
  if (alert.followsTarget === undefined) return alert.threshold !== rule.threshold;
  if (alert.followsTarget !== follows) return true;
  return !follows && alert.threshold !== rule.threshold;
}

/**
 * Ends `alert` because its rule was removed or changed (see {@link ruleChanged}): a firing alert resolves and
 * tells the receivers it last notified (once; not while silenced), a pending one goes inactive quietly. An
 * alert not active is returned as it is.
 */
export function retire(alert: Alert, now: number): StepResult {
  const a: Alert = { ...alert };
  const transitions: Transition[] = [];
  let notify: string[] = [];
  const move = (to: AlertState) => {
    transitions.push({ alertId: a.id, from: a.state, to, at: now, value: a.value });
    a.state = to;
    a.since = now;
  };
  if (a.state === 'pending') {
    move('inactive');
    a.startedAt = null;
  } else if (a.state === 'firing') {
    move('resolved');
    a.resolvedAt = now;
    a.clearingSince = null;
    if (!isSilenced(a, now)) {
      notify = [...(a.routes ?? ['*'])];
      a.lastNotifiedAt = now;
    }
  }
  const notifications: Notification[] = notify.length
    ? [{ id: `${a.id}:resolved:${now}`, kind: 'resolved', alert: { ...a }, receivers: notify, at: now }] : [];
  return { alert: { ...a }, transitions, notifications, clearedAck: false };
}

/** A never-evaluated alert of `rule` on `channel`: inactive since `now`. */
export function newAlert(rule: Rule, channel: string, now: number): Alert {
  return {
    ...fromRule(rule, channel),
    state: 'inactive', value: null, since: now,
    startedAt: null, firedAt: null, resolvedAt: null,
    ackedAt: null, ackedBy: null, ackNote: null,
    silencedUntil: null, silenceReason: null,
    lastNotifiedAt: null, escalatedAt: null, clearingSince: null, peak: null,
  };
}

/**
 * Evaluates `alert` (null: never evaluated) of `rule` on `channel` against `value` at `now` (epoch ms).
 *
 * - inactive/resolved + breach → pending (a new episode: the previous ack is dropped); pending + breach held
 *   `for` seconds → firing (`for: 0`: in the same step); pending + anything else → inactive, without a notification.
 * - firing resolves once the value has stayed on the good side of `clear` for `clearFor` seconds; a value
 *   between threshold and clear, a breach or no data restart that clock. resolved + a value → inactive.
 * - Firing and resolved notify the rule's routes; while firing, unacked and not silenced, "repeat" every
 *   `repeat` seconds after the last of those (0: never); unacked `escalateAfter` seconds after firing, one
 *   "escalation" to `escalateTo`. A silence suppresses every notification (state changes still happen);
 *   repeats and escalation that fall due during it go out when it ends, if still due.
 * - `satisfied` (see RuleValue): whatever the value, not a breach and on the good side of `clear`.
 * - A silence that ended by `now` is dropped; `peak` keeps the episode's worst breaching value.
 */
export function step(alert: Alert | null, rule: Rule, channel: string, value: number | null, now: number, opts: { satisfied?: boolean } = {}): StepResult {
  const a: Alert = { ...(alert ?? newAlert(rule, channel, now)), ...fromRule(rule, channel), value };
  a.clearingSince ??= null;
  a.peak ??= null;
  // A silence that has run out is gone (from the alert and from every view of it), not "silenced until" a past time.
  if (a.silencedUntil !== null && !isSilenced(a, now)) {
    a.silencedUntil = null; a.silenceReason = null;
  }
  const transitions: Transition[] = [];
  const due: { kind: NotificationKind; receivers: string[] }[] = [];
  let clearedAck = false;
  let firedNow = false;

  const move = (to: AlertState) => {
    transitions.push({ alertId: a.id, from: a.state, to, at: now, value });
    a.state = to;
    a.since = now;
  };
  /** Queues a notification unless silenced; true when it counts as sent. */
  const notify = (kind: NotificationKind, receivers: string[]) => {
    if (isSilenced(a, now)) return false;
    if (receivers.length) due.push({ kind, receivers: [...receivers] });
    return true;
  };
  const startEpisode = () => {
    a.startedAt = now;
    a.clearingSince = null;
    a.peak = null;
    if (a.ackedAt !== null) {
      a.ackedAt = null; a.ackedBy = null; a.ackNote = null;
      clearedAck = true;
    }
    move('pending');
  };
  const breach = !opts.satisfied && isBreach(rule, value);
  const clear = opts.satisfied === true || isClear(rule, value);
  const worse = (x: number, y: number) => (rule.op === '<' ? Math.min(x, y) : Math.max(x, y));

  switch (a.state) {
    case 'inactive':
    case 'resolved':
      if (breach) startEpisode();
      else if ((value !== null || clear) && a.state === 'resolved') {
        move('inactive');
        a.startedAt = null;
      }
      break;
    case 'pending':
      if (!breach) {
        move('inactive');
        a.startedAt = null;
      }
      break;
    case 'firing':
      if (clear) {
        a.clearingSince ??= now;
        if (now - a.clearingSince >= rule.clearFor * 1000) {
          move('resolved');
          a.resolvedAt = now;
          a.clearingSince = null;
          if (notify('resolved', rule.routes)) a.lastNotifiedAt = now;
        }
      } else {
        a.clearingSince = null;
      }
      break;
  }

  // The worst value of the episode: what a clearing alert shows, as its value now no longer breaches.
  if (breach && value !== null && (a.state === 'pending' || a.state === 'firing')) a.peak = a.peak === null ? value : worse(a.peak, value);

  if (a.state === 'pending' && breach && now - (a.startedAt ?? now) >= rule.for * 1000) {
    move('firing');
    firedNow = true;
    a.firedAt = now;
    a.resolvedAt = null;
    a.escalatedAt = null;
    a.clearingSince = null;
    if (notify('firing', rule.routes)) a.lastNotifiedAt = now;
  }

  if (a.state === 'firing' && a.ackedAt === null) {
    const firedAt = a.firedAt ?? now;
    const lastSent = Math.max(a.lastNotifiedAt ?? firedAt, firedAt);
    if (!firedNow && rule.repeat > 0 && now - lastSent >= rule.repeat * 1000 && notify('repeat', rule.routes)) {
      a.lastNotifiedAt = now;
    }
    if (rule.escalateAfter !== null && a.escalatedAt === null && rule.escalateTo.length > 0
      && now - firedAt >= rule.escalateAfter * 1000 && notify('escalation', rule.escalateTo)) {
      a.escalatedAt = now;
    }
  }

  const final: Alert = { ...a };
  const notifications = due.map(({ kind, receivers }): Notification => ({
    id: `${final.id}:${kind}:${now}`, kind, alert: { ...final }, receivers, at: now,
  }));
  return { alert: final, transitions, notifications, clearedAck };
}

/**
 * `alert` acknowledged by `by` at `now`: repeats and escalation stop until the next episode; the state does
 * not change. Whether an alert may be acked (the API allows pending and firing) is the caller's rule.
 */
export function ack(alert: Alert, by: string, note: string, now: number): Alert {
  return { ...alert, ackedAt: now, ackedBy: by, ackNote: note };
}

/**
 * `alert` silenced until `untilMs` (epoch ms, exclusive): no notification of any kind until then, state
 * changes go on. An `untilMs` not after `now` lifts the silence.
 */
export function silence(alert: Alert, untilMs: number, reason: string, now: number): Alert {
  return untilMs > now
    ? { ...alert, silencedUntil: untilMs, silenceReason: reason }
    : { ...alert, silencedUntil: null, silenceReason: null };
}
