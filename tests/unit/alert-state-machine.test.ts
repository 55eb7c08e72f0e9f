import { describe, expect, it } from 'vitest';
import { alertId, clearThreshold, isBreach, isClear, newAlert, step } from '../../server/alerts/state-machine';
import { AlertRun, T0, at, every, makeRule } from '../helpers/alert-run';

describe('alert states: inactive → pending → firing → resolved', () => {
  it('a first healthy value leaves a new alert inactive, with nothing to log', () => {
    const r = step(null, makeRule(), 'chat', 0.9, at(0));
    expect(r.alert).toMatchObject({ id: 'chat-sl:chat', ruleId: 'chat-sl', channel: 'chat', state: 'inactive', value: 0.9, window: '15m' });
    expect(r.transitions).toEqual([]);
    expect(r.notifications).toEqual([]);
  });

  it('a breach goes pending at once and fires only after holding `for` seconds', () => {
    const run = new AlertRun(makeRule({ for: 60 }));
    expect(run.at(0, 0.7).transitions).toEqual([{ alertId: 'chat-sl:chat', from: 'inactive', to: 'pending', at: at(0), value: 0.7 }]);
    run.each([15, 30, 45, 59], 0.7);
    expect(run.state).toBe('pending');
    expect(run.notifications).toEqual([]);
    run.at(60, 0.65);
    expect(run.state).toBe('firing');
    expect(run.path).toBe('inactive>pending, pending>firing');
    expect(run.alert).toMatchObject({ startedAt: at(0), firedAt: at(60), since: at(60), value: 0.65 });
    expect(run.sent).toEqual(['firing@60']);
    expect(run.notifications[0]).toMatchObject({ id: 'chat-sl:chat:firing:' + at(60), receivers: ['ops'], at: at(60) });
    expect(run.notifications[0]!.alert.state).toBe('firing');
  });

  it('`for: 0` fires on the first breach, logging both steps at the same instant', () => {
    const run = new AlertRun(makeRule({ for: 0 }));
    const r = run.at(0, 0.5);
    expect(r.transitions.map((t) => [t.from, t.to, t.at])).toEqual([['inactive', 'pending', at(0)], ['pending', 'firing', at(0)]]);
    expect(run.sent).toEqual(['firing@0']);
  });

  it('a pending breach that stops goes back to inactive without notifying, and the next breach starts the clock again', () => {
    const run = new AlertRun(makeRule({ for: 60 }));
    run.at(0, 0.7);
    run.at(40, 0.85);
    expect(run.state).toBe('inactive');
    expect(run.alert!.startedAt).toBeNull();
    run.at(50, 0.7);
    run.at(100, 0.7);
    expect(run.state).toBe('pending');
    run.at(110, 0.7);
    expect(run.state).toBe('firing');
    expect(run.path).toBe('inactive>pending, pending>inactive, inactive>pending, pending>firing');
    expect(run.sent).toEqual(['firing@110']);
  });

  it('a firing alert resolves, notifies once, and goes inactive on the next value', () => {
    const run = new AlertRun(makeRule({ for: 0, clearFor: 0, repeat: 0 }));
    run.at(0, 0.7);
    const r = run.at(30, 0.9);
    expect(r.transitions).toEqual([{ alertId: 'chat-sl:chat', from: 'firing', to: 'resolved', at: at(30), value: 0.9 }]);
    expect(run.alert).toMatchObject({ state: 'resolved', resolvedAt: at(30), firedAt: at(0) });
    run.at(60, 0.9);
    expect(run.state).toBe('inactive');
    expect(run.sent).toEqual(['firing@0', 'resolved@30']);
    expect(run.path).toBe('inactive>pending, pending>firing, firing>resolved, resolved>inactive');
  });

  it('a resolved alert that breaches again goes pending and must hold `for` again before a new firing', () => {
    const run = new AlertRun(makeRule({ for: 60, clearFor: 0, repeat: 0 }));
    run.each([0, 60], 0.7).at(90, 0.9);
    expect(run.state).toBe('resolved');
    run.at(120, 0.7);
    expect(run.state).toBe('pending');
    expect(run.alert!.startedAt).toBe(at(120));
    run.at(150, 0.7);
    expect(run.state).toBe('pending');
    run.at(180, 0.7);
    expect(run.alert).toMatchObject({ state: 'firing', firedAt: at(180), resolvedAt: null });
    expect(run.sent).toEqual(['firing@60', 'resolved@90', 'firing@180']);
  });

  it('a value exactly at the threshold is not a breach, for both comparisons', () => {
    expect(isBreach({ op: '<', threshold: 0.8 }, 0.8)).toBe(false);
    expect(isBreach({ op: '<', threshold: 0.8 }, 0.7999)).toBe(true);
    expect(isBreach({ op: '>', threshold: 120 }, 120)).toBe(false);
    expect(isBreach({ op: '>', threshold: 120 }, 120.5)).toBe(true);
    const run = new AlertRun(makeRule({ for: 0 }));
    run.each([0, 10, 20], 0.8);
    expect(run.transitions).toEqual([]);
  });

  it('an edited rule takes effect at the next step (threshold and severity copied onto the alert)', () => {
    const run = new AlertRun(makeRule({ for: 0 }));
    run.at(0, 0.75);
    expect(run.state).toBe('firing');
    const edited = makeRule({ for: 0, threshold: 0.7, clearFor: 0, severity: 'critical' });
    const r = step(run.alert, edited, 'chat', 0.75, at(10));
    expect(r.alert).toMatchObject({ state: 'resolved', threshold: 0.7, severity: 'critical' });
  });

  it('never mutates the alert it is given', () => {
    const before = step(null, makeRule({ for: 0 }), 'chat', 0.7, at(0)).alert;
    const copy = structuredClone(before);
    step(before, makeRule({ for: 0, clearFor: 0 }), 'chat', 0.95, at(10));
    expect(before).toEqual(copy);
  });

  it('names alerts `<rule>:<channel>` and starts them inactive with nothing recorded', () => {
    expect(alertId('open-backlog', 'email')).toBe('open-backlog:email');
    const a = newAlert(makeRule(), 'voice', at(5));
    expect(a).toMatchObject({ id: 'chat-sl:voice', state: 'inactive', since: at(5), firedAt: null, ackedAt: null, silencedUntil: null });
  });
});

describe('hysteresis and clearFor', () => {
  it('flapping around the threshold while firing fires once and never resolves when it never reaches the clear level', () => {
    const run = new AlertRun(makeRule({ for: 60, clear: 0.85, clearFor: 0, repeat: 0 }));
    run.each([0, 60], 0.7);
    const flaps = [0.79, 0.81, 0.78, 0.84, 0.8, 0.83, 0.76, 0.849];
    every(30, 90, 90 + 30 * 59).forEach((s, i) => run.at(s, flaps[i % flaps.length]!));
    expect(run.state).toBe('firing');
    expect(run.sent).toEqual(['firing@60']);
    expect(run.path).toBe('inactive>pending, pending>firing');
  });

  it('a value between threshold and clear neither resolves nor re-pends; reaching clear does resolve', () => {
    const run = new AlertRun(makeRule({ for: 0, clear: 0.85, clearFor: 0, repeat: 0 }));
    run.at(0, 0.7);
    run.at(10, 0.82);
    expect(run.state).toBe('firing');
    run.at(20, 0.85);
    expect(run.state).toBe('resolved');
  });

  it('an alert on "above" clears below its clear level', () => {
    const run = new AlertRun(makeRule({ metric: 'oldestWaitSeconds', window: undefined, op: '>', threshold: 120, clear: 90, for: 0, clearFor: 0, repeat: 0 }));
    run.at(0, 150);
    run.at(10, 100);
    expect(run.state).toBe('firing');
    run.at(20, 90);
    expect(run.state).toBe('resolved');
  });

  it('resolves only after the value has stayed clear for `clearFor` seconds', () => {
    const run = new AlertRun(makeRule({ for: 0, clearFor: 120, repeat: 0 }));
    run.at(0, 0.7);
    run.each(every(30, 30, 120), 0.9); // clear since 30 s: 90 s so far
    expect(run.state).toBe('firing');
    expect(run.alert!.clearingSince).toBe(at(30));
    run.at(150, 0.9);
    expect(run.alert).toMatchObject({ state: 'resolved', resolvedAt: at(150), clearingSince: null });
  });

  it('a breach or a value short of clear during clearFor restarts its clock', () => {
    const run = new AlertRun(makeRule({ for: 0, clear: 0.85, clearFor: 120, repeat: 0 }));
    run.at(0, 0.7);
    run.each([30, 60, 90], 0.9);
    run.at(120, 0.82); // between threshold and clear
    expect(run.alert!.clearingSince).toBeNull();
    run.each([150, 180, 210, 240], 0.9);
    expect(run.state).toBe('firing');
    run.at(270, 0.9);
    expect(run.state).toBe('resolved');
    run.at(300, 0.9);
    expect(run.sent).toEqual(['firing@0', 'resolved@270']);
  });

  it('flapping between breach and fully clear with clearFor > 0 keeps one firing', () => {
    const run = new AlertRun(makeRule({ for: 60, clearFor: 120, repeat: 0 }));
    run.each([0, 30, 60], 0.7);
    every(30, 90, 3_600).forEach((s, i) => run.at(s, i % 3 === 2 ? 0.95 : 0.7));
    expect(run.sent).toEqual(['firing@60']);
    expect(run.transitions).toHaveLength(2);
  });

  it('a clear level on the breaching side of the threshold is taken as the threshold', () => {
    const below = { op: '<' as const, threshold: 0.8, clear: 0.7 };
    expect(clearThreshold(below)).toBe(0.8);
    expect(isClear(below, 0.75)).toBe(false);
    expect(clearThreshold({ op: '>', threshold: 120, clear: 150 })).toBe(120);
    expect(clearThreshold({ op: '>', threshold: 120 })).toBe(120);
    expect(clearThreshold({ op: '<', threshold: 0.8, clear: 0.82 })).toBe(0.82);
  });
});

describe('no data (null values)', () => {
  it('never starts a breach', () => {
    const run = new AlertRun(makeRule({ for: 0 }));
    run.each([0, 10, 20], null);
    expect(run.transitions).toEqual([]);
    expect(run.alert!.value).toBeNull();
  });

  it('does not sustain a pending breach: it goes back to inactive, silently', () => {
    const run = new AlertRun(makeRule({ for: 60 }));
    run.at(0, 0.7);
    run.at(30, null);
    expect(run.state).toBe('inactive');
    run.at(60, 0.7);
    expect(run.state).toBe('pending');
    expect(run.notifications).toEqual([]);
  });

  it('keeps a firing alert firing however long the gap lasts', () => {
    const run = new AlertRun(makeRule({ for: 0, clearFor: 0, repeat: 0 }));
    run.at(0, 0.7);
    run.each(every(60, 60, 7_200), null);
    expect(run.state).toBe('firing');
    expect(run.alert!.value).toBeNull();
    expect(run.transitions).toHaveLength(2);
  });

  it('breaks the clearFor streak: clearing must start again after the gap', () => {
    const run = new AlertRun(makeRule({ for: 0, clearFor: 120, repeat: 0 }));
    run.at(0, 0.7);
    run.at(60, 0.9);
    run.at(120, null);
    run.at(180, 0.9);
    expect(run.state).toBe('firing');
    expect(run.alert!.clearingSince).toBe(at(180));
    run.at(300, 0.9);
    expect(run.state).toBe('resolved');
  });

  it('keeps a resolved alert resolved until a real value arrives', () => {
    const run = new AlertRun(makeRule({ for: 0, clearFor: 0, repeat: 0 }));
    run.at(0, 0.7);
    run.at(10, 0.9);
    run.at(20, null);
    expect(run.state).toBe('resolved');
    run.at(30, 0.9);
    expect(run.state).toBe('inactive');
  });
});

describe('clock', () => {
  it('measures every duration from the injected clock, not the wall clock', () => {
    const rule = makeRule({ for: 60 });
    const first = step(null, rule, 'chat', 0.7, T0 - 86_400_000);
    expect(first.alert.since).toBe(T0 - 86_400_000);
    expect(step(first.alert, rule, 'chat', 0.7, T0 - 86_400_000 + 59_999).alert.state).toBe('pending');
    expect(step(first.alert, rule, 'chat', 0.7, T0 - 86_400_000 + 60_000).alert.state).toBe('firing');
  });
});
