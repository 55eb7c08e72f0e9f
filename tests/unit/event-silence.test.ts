import { describe, expect, it } from 'vitest';
import { formatValue, metricUnit } from '../../shared/alert-text';
import { LIVE_METRICS, ruleShapeProblem } from '../../shared/alerts';
import { feedState, silenceMinutes } from '../../shared/feed';
import { evaluatedRule } from '../../shared/rule-target';
import { defaultTargets } from '../../shared/targets';
import { defaultRules } from '../../server/alerts/default-rules';
import { ruleValues } from '../../server/alerts/rule-value';
import { step } from '../../server/alerts/state-machine';
import { connectionText, feedStates } from '../../client/src/model/feed';
import { makeRule } from '../helpers/alert-run';
import { SNAP_AT, makeSnapshot } from '../helpers/snapshot-factory';

const MIN = 60_000;
const silence = (channel: string) => makeRule({ id: 'quiet', metric: 'eventSilence', channel, window: undefined, op: '>', threshold: 10, for: 0 });

describe('eventSilence: the rule value', () => {
  const snap = makeSnapshot({
    lastEventAt: SNAP_AT - 3 * MIN,
    channels: { chat: { lastEventAt: SNAP_AT - 3 * MIN }, voice: { lastEventAt: SNAP_AT - 25 * MIN }, email: { lastEventAt: null } },
    watchingSince: SNAP_AT - 40 * MIN,
  });

  it('is a live metric, in minutes, written as a duration', () => {
    expect(LIVE_METRICS).toContain('eventSilence');
    expect(ruleShapeProblem({ metric: 'eventSilence', channel: '*', window: '15m', threshold: 10 })?.field).toBe('window');
    expect(metricUnit('eventSilence')).toBe('minutes');
    expect(formatValue('eventSilence', 10, true)).toBe('10m');
    expect(formatValue('eventSilence', 12.5)).toBe('12m 30s');
  });

  it('per channel: minutes since the channel\'s last event at the evaluation\'s clock; since watching began when it never had one', () => {
    expect(ruleValues(silence('*'), snap, SNAP_AT)).toEqual([
      { channel: 'chat', value: 3 }, { channel: 'voice', value: 25 }, { channel: 'email', value: 40 },
    ]);
    expect(ruleValues(silence('chat'), snap, SNAP_AT + 2 * MIN)).toEqual([{ channel: 'chat', value: 5 }]);
  });

  it('across channels: minutes since the last event of any kind', () => {
    expect(ruleValues(silence('total'), snap, SNAP_AT + MIN)).toEqual([{ channel: 'total', value: 4 }]);
    const never = makeSnapshot({ lastEventAt: null, watchingSince: SNAP_AT - 7 * MIN });
    expect(ruleValues(silence('total'), never, SNAP_AT)).toEqual([{ channel: 'total', value: 7 }]);
  });

  it('is no data only when neither a last event nor a start of watching is known; never negative', () => {
    expect(silenceMinutes(null, null, SNAP_AT)).toBeNull();
    expect(ruleValues(silence('total'), makeSnapshot({ lastEventAt: null, watchingSince: null }), SNAP_AT)).toEqual([{ channel: 'total', value: null }]);
    // Applied by an instance whose clock is ahead of the evaluator's.
    expect(silenceMinutes(SNAP_AT + 2_000, null, SNAP_AT)).toBe(0);
  });
});

describe('eventSilence: the default rule', () => {
  const targets = defaultTargets(['chat', 'voice']);
  const rules = defaultRules(targets, ['chat', 'voice'], ['*']);
  const rule = rules.find((r) => r.id === 'no-events')!;
  const evaluate = (lastEventAt: number | null, now: number, prev: ReturnType<typeof step>['alert'] | null = null) => {
    const snap = makeSnapshot({ lastEventAt, watchingSince: SNAP_AT });
    const [v] = ruleValues(rule, snap, now);
    return step(prev, evaluatedRule(rule, v!.channel, targets)!, v!.channel, v!.value, now);
  };

  it('warns across channels once no event came for more than 10 minutes, at once, and clears with the next event', () => {
    expect(rule).toMatchObject({ metric: 'eventSilence', channel: 'total', op: '>', threshold: 10, for: 0, severity: 'warning' });
    expect(rule.description).toBe('No event received for more than 10m');
    const last = SNAP_AT + 5 * MIN;
    let r = evaluate(last, last + 10 * MIN);
    expect(r.alert.state).toBe('inactive');
    r = evaluate(last, last + 10 * MIN + 1_000, r.alert);
    expect(r.alert.state).toBe('firing');
    expect(r.notifications.map((n) => n.kind)).toEqual(['firing']);
    r = evaluate(last + 11 * MIN, last + 11 * MIN + 500, r.alert);
    expect(r.alert.state).toBe('resolved');
  });

  it('fires on a fresh install that never received an event, counted from when watching began', () => {
    expect(evaluate(null, SNAP_AT + 9 * MIN).alert.state).toBe('inactive');
    const r = evaluate(null, SNAP_AT + 11 * MIN);
    expect([r.alert.state, r.alert.value]).toEqual(['firing', 11]);
  });

  it('follows the configured silence threshold', () => {
    const custom = defaultRules(defaultTargets(['chat']), ['chat'], ['*'], { silenceAfterSeconds: 1_800 }).find((r) => r.id === 'no-events')!;
    expect(custom.threshold).toBe(30);
    expect(custom.description).toBe('No event received for more than 30m');
  });
});

describe('the wall: feed states', () => {
  it('a feed is flowing until it has been silent for more than the threshold; one that never sent an event is "never"', () => {
    expect(feedState(SNAP_AT, 600, SNAP_AT + 600_000)).toBe('flowing');
    expect(feedState(SNAP_AT, 600, SNAP_AT + 600_001)).toBe('silent');
    expect(feedState(null, 600, SNAP_AT)).toBe('never');
  });

  it('reads every channel and the whole feed against the snapshot\'s threshold', () => {
    const snap = makeSnapshot({ channels: { chat: { lastEventAt: SNAP_AT - 1_000 }, voice: { lastEventAt: SNAP_AT - 11 * MIN }, email: { lastEventAt: null } } });
    expect(feedStates(snap, SNAP_AT)).toEqual({ all: 'flowing', channels: { chat: 'flowing', voice: 'silent', email: 'never' } });
    expect(feedStates({ ...snap, silenceAfterSeconds: 1_200 }, SNAP_AT).channels.voice).toBe('flowing');
  });

  it('the top line says the socket first, then whether events arrive', () => {
    expect(connectionText(true, 'flowing')).toEqual({ text: '● LIVE', tone: 'live' });
    expect(connectionText(true, 'never')).toEqual({ text: '○ NO EVENTS YET', tone: 'silent' });
    expect(connectionText(true, 'silent')).toEqual({ text: '○ NO EVENTS', tone: 'silent' });
    expect(connectionText(false, 'silent')).toEqual({ text: '○ RECONNECTING', tone: 'down' });
    // Before the first snapshot nothing is known about the events yet.
    expect(connectionText(true, null)).toEqual({ text: '● LIVE', tone: 'live' });
  });
});
