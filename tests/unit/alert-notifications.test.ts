import { describe, expect, it } from 'vitest';
import { ack, isSilenced, silence, step } from '../../server/alerts/state-machine';
import { AlertRun, at, every, makeRule } from '../helpers/alert-run';

/** A rule that fires on the first breach, so tests count from firing at 0 s. */
const firesAtOnce = (over: Parameters<typeof makeRule>[0] = {}) => makeRule({ for: 0, clearFor: 0, ...over });

describe('alert notifications: routes', () => {
  it('sends firing and resolved to the rule\'s routes, with the alert as it is after the step', () => {
    const run = new AlertRun(firesAtOnce({ routes: ['ops', 'slack-leads'] }));
    run.at(0, 0.7);
    run.at(60, 0.9);
    expect(run.notifications.map((n) => [n.kind, n.receivers, n.alert.state, n.alert.value])).toEqual([
      ['firing', ['ops', 'slack-leads'], 'firing', 0.7],
      ['resolved', ['ops', 'slack-leads'], 'resolved', 0.9],
    ]);
    expect(new Set(run.notifications.map((n) => n.id)).size).toBe(2);
  });

  it('passes "*" through for the outbox to expand', () => {
    const r = step(null, firesAtOnce({ routes: ['*'] }), 'chat', 0.7, at(0));
    expect(r.notifications[0]!.receivers).toEqual(['*']);
  });

  it('a rule without routes changes state but produces no notification', () => {
    const run = new AlertRun(firesAtOnce({ routes: [] }));
    run.at(0, 0.7);
    expect(run.state).toBe('firing');
    expect(run.notifications).toEqual([]);
  });
});

describe('alert notifications: repeat', () => {
  it('repeats every `repeat` seconds after the last notification while firing', () => {
    const run = new AlertRun(firesAtOnce({ repeat: 1_800 }));
    run.each(every(60, 0, 5_400), 0.7);
    expect(run.sent).toEqual(['firing@0', 'repeat@1800', 'repeat@3600', 'repeat@5400']);
    expect(run.alert!.lastNotifiedAt).toBe(at(5_400));
  });

  it('measures the next repeat from when the last one actually went out, not from when it was due', () => {
    const run = new AlertRun(firesAtOnce({ repeat: 600 }));
    run.each(every(70, 0, 1_400), 0.7); // evaluations at 0, 70, … : 630 is the first at or after 600
    expect(run.sent).toEqual(['firing@0', 'repeat@630', 'repeat@1260']);
  });

  it('never repeats with `repeat: 0`', () => {
    const run = new AlertRun(firesAtOnce({ repeat: 0 }));
    run.each(every(600, 0, 86_400), 0.7);
    expect(run.sent).toEqual(['firing@0']);
  });

  it('stops repeating once resolved', () => {
    const run = new AlertRun(firesAtOnce({ repeat: 600 }));
    run.at(0, 0.7);
    run.each(every(300, 300, 3_000), 0.9);
    expect(run.sent).toEqual(['firing@0', 'resolved@300']);
  });

  it('does not repeat while pending', () => {
    const run = new AlertRun(makeRule({ for: 3_600, repeat: 600 }));
    run.each(every(300, 0, 3_000), 0.7);
    expect(run.notifications).toEqual([]);
  });
});

describe('alert notifications: ack', () => {
  it('an ack stops repeats but not the state, and the resolution is still announced', () => {
    const run = new AlertRun(firesAtOnce({ repeat: 600 }));
    run.each([0, 600], 0.7);
    run.edit((a) => ack(a, 'lead-anna', 'on it', at(700)));
    expect(run.alert).toMatchObject({ state: 'firing', ackedAt: at(700), ackedBy: 'lead-anna', ackNote: 'on it' });
    run.each(every(600, 1_200, 7_200), 0.7);
    expect(run.state).toBe('firing');
    run.at(7_300, 0.9);
    expect(run.sent).toEqual(['firing@0', 'repeat@600', 'resolved@7300']);
  });

  it('an ack given while pending carries into the firing: it is announced once, never repeated', () => {
    const run = new AlertRun(makeRule({ for: 60, repeat: 600 }));
    run.at(0, 0.7);
    run.edit((a) => ack(a, 'lead-anna', '', at(30)));
    run.each(every(60, 60, 3_600), 0.7);
    expect(run.sent).toEqual(['firing@60']);
  });

  it('a new breach after resolution drops the old ack, and says so', () => {
    const run = new AlertRun(firesAtOnce({ repeat: 600 }));
    run.at(0, 0.7);
    run.edit((a) => ack(a, 'lead-anna', '', at(10)));
    run.at(100, 0.9);
    const r = step(run.alert, run.rule, 'chat', 0.7, at(200));
    expect(r.clearedAck).toBe(true);
    expect(r.alert).toMatchObject({ state: 'firing', ackedAt: null, ackedBy: null, ackNote: null });
    run.alert = r.alert;
    run.each([800], 0.7);
    expect(run.alert!.lastNotifiedAt).toBe(at(800)); // repeats again
    expect(step(run.alert, run.rule, 'chat', 0.7, at(900)).clearedAck).toBe(false);
  });
});

describe('alert notifications: silence', () => {
  it('suppresses every notification until it ends, while states still change and are logged', () => {
    const run = new AlertRun(makeRule({ for: 0, clearFor: 0, repeat: 600 }));
    run.at(0, 0.9);
    run.edit((a) => silence(a, at(3_000), 'known outage', at(0)));
    run.each(every(100, 100, 1_000), 0.7); // fires at 100, silenced
    run.at(1_100, 0.9); // resolves, silenced
    run.at(1_200, 0.7); // fires again, still silenced
    expect(run.path).toBe('inactive>pending, pending>firing, firing>resolved, resolved>pending, pending>firing');
    expect(run.notifications).toEqual([]);
    expect(run.alert!.silenceReason).toBe('known outage');
    run.each(every(100, 1_300, 3_100), 0.7);
    // The silence ended at 3,000: the repeat, due since 1,800, goes out at the next evaluation.
    expect(run.sent).toEqual(['repeat@3000']);
  });

  it('is ended at `silencedUntil` exactly, and can be lifted early', () => {
    const a = silence(step(null, firesAtOnce(), 'chat', 0.7, at(0)).alert, at(600), 'x', at(0));
    expect(isSilenced(a, at(599))).toBe(true);
    expect(isSilenced(a, at(600))).toBe(false);
    const lifted = silence(a, at(100), 'x', at(100));
    expect(lifted).toMatchObject({ silencedUntil: null, silenceReason: null });
  });

  it('survives a new breach while in force, and is dropped at a new breach once expired', () => {
    const rule = firesAtOnce({ repeat: 0 });
    const run = new AlertRun(rule);
    run.at(0, 0.7);
    run.edit((a) => silence(a, at(1_000), 'deploy', at(10)));
    run.at(100, 0.9);
    run.at(200, 0.7);
    expect(run.alert!.silencedUntil).toBe(at(1_000));
    run.at(300, 0.9);
    run.at(1_100, 0.7);
    expect(run.alert).toMatchObject({ silencedUntil: null, silenceReason: null });
    expect(run.sent).toEqual(['firing@0', 'firing@1100']);
  });

  it('a repeat that fell due during a silence goes out when it ends, then keeps its rhythm', () => {
    const run = new AlertRun(firesAtOnce({ repeat: 600 }));
    run.at(0, 0.7);
    run.edit((a) => silence(a, at(900), 'x', at(1)));
    run.each(every(300, 300, 1_500), 0.7);
    expect(run.sent).toEqual(['firing@0', 'repeat@900', 'repeat@1500']);
  });
});

describe('alert notifications: escalation', () => {
  const escalating = (over: Parameters<typeof makeRule>[0] = {}) =>
    firesAtOnce({ repeat: 600, escalateAfter: 900, escalateTo: ['pager'], ...over });

  it('escalates once to escalateTo when unacked for escalateAfter seconds, while repeats go on to routes', () => {
    const run = new AlertRun(escalating());
    run.each(every(300, 0, 3_600), 0.7);
    expect(run.sent).toEqual(['firing@0', 'repeat@600', 'escalation@900', 'repeat@1200', 'repeat@1800', 'repeat@2400', 'repeat@3000', 'repeat@3600']);
    const esc = run.notifications.find((n) => n.kind === 'escalation')!;
    expect(esc.receivers).toEqual(['pager']);
    expect(run.notifications.filter((n) => n.kind !== 'escalation').every((n) => n.receivers.join() === 'ops')).toBe(true);
    expect(run.alert!.escalatedAt).toBe(at(900));
  });

  it('does not escalate an acked alert', () => {
    const run = new AlertRun(escalating());
    run.at(0, 0.7);
    run.edit((a) => ack(a, 'lead', '', at(60)));
    run.each(every(300, 300, 7_200), 0.7);
    expect(run.sent).toEqual(['firing@0']);
  });

  it('with escalateAfter 0 escalates in the same step as the firing', () => {
    const r = step(null, escalating({ escalateAfter: 0 }), 'chat', 0.7, at(0));
    expect(r.notifications.map((n) => [n.kind, n.receivers])).toEqual([['firing', ['ops']], ['escalation', ['pager']]]);
  });

  it('escalates once per firing: a new episode may escalate again', () => {
    const run = new AlertRun(escalating({ repeat: 0 }));
    run.each(every(300, 0, 1_200), 0.7);
    run.at(1_500, 0.9);
    run.each(every(300, 1_800, 3_000), 0.7);
    expect(run.sent).toEqual(['firing@0', 'escalation@900', 'resolved@1500', 'firing@1800', 'escalation@2700']);
  });

  it('never escalates without escalateAfter or without a target', () => {
    for (const rule of [escalating({ escalateAfter: null }), escalating({ escalateTo: [] })]) {
      const run = new AlertRun(rule);
      run.each(every(300, 0, 7_200), 0.7);
      expect(run.sent.filter((s) => s.startsWith('escalation'))).toEqual([]);
    }
  });

  it('a silence postpones the escalation until it ends', () => {
    const run = new AlertRun(escalating({ repeat: 0 }));
    run.at(0, 0.7);
    run.edit((a) => silence(a, at(1_400), 'x', at(1)));
    run.each(every(300, 300, 1_800), 0.7);
    expect(run.sent).toEqual(['firing@0', 'escalation@1500']);
  });
});
