import { describe, expect, it } from 'vitest';
import { alertMeasure } from '../../shared/alert-text';
import { ruleSchema, ruleShapeProblem, type Alert } from '../../shared/alerts';
import { evaluatedRule, followsTargetText } from '../../shared/rule-target';
import { defaultTargets } from '../../shared/targets';
import { retire, ruleChanged, step } from '../../server/alerts/state-machine';
import { summary } from '../../server/notify/format';
import { validateRules } from '../../server/http/alert-routes';
import { HttpError } from '../../server/http/errors';
import { describeAlert } from '../../client/src/model/alerts';
import { describeLeadAlert } from '../../client/src/model/leadAlerts';
import { followTargetDraft, ruleFollowsTarget } from '../../client/src/model/rulesForm';
import { AlertRun, at, makeRule } from '../helpers/alert-run';

const wait = makeRule({ id: 'chat-oldest-wait', metric: 'oldestWaitSeconds', window: undefined, op: '>', threshold: 120, clear: 90, for: 0, clearFor: 60, repeat: 0 });

describe('a clearing alert tells the truth', () => {
  it('keeps the worst value of its episode and reads "clearing" with it, not a comparison that is now false', () => {
    const run = new AlertRun(wait);
    run.at(0, 150);
    run.at(10, 200);
    run.at(20, 170);
    run.at(30, 0); // the queue emptied: the tile says 0s OK
    expect(run.alert).toMatchObject({ state: 'firing', value: 0, peak: 200, clearingSince: at(30) });
    const text = alertMeasure(run.alert!);
    expect(text).toEqual({ clearing: true, value: 'peak 3m 20s', op: '>', threshold: '2m', text: 'clearing · peak 3m 20s > 2m' });
    expect(describeAlert(run.alert!, 'UTC', at(30)).measure).toBe('clearing · peak 3m 20s > 2m');
    expect(describeLeadAlert(run.alert!, at(30), 'UTC')).toMatchObject({ clearing: true, value: 'peak 3m 20s', op: '>', threshold: '2m', state: 'FIRING' });
    expect(summary(run.alert!)).toBe('chat: Oldest wait clearing · peak 3m 20s > 2m, now 0s (fires above 2m)');
    run.at(90, 0);
    expect(run.state).toBe('resolved');
    // A new episode starts its own peak.
    run.at(100, 130);
    expect(run.alert!.peak).toBe(130);
  });

  it('"no agent available" back at one agent reads clearing, never "1 < 1"', () => {
    const rule = makeRule({ id: 'no-agent', metric: 'agentsAvailable', window: undefined, op: '<', threshold: 1, clear: 1, for: 0, clearFor: 60 });
    let a = step(null, rule, 'chat', 0, at(0)).alert;
    a = step(a, rule, 'chat', 1, at(5)).alert;
    expect(a.state).toBe('firing');
    expect(describeAlert(a, 'UTC', at(5)).measure).toBe('clearing · peak 0 < 1');
  });

  it('a breaching alert still reads its value against the threshold', () => {
    const run = new AlertRun(wait);
    run.at(0, 150);
    expect(alertMeasure(run.alert!)).toMatchObject({ clearing: false, text: '2m 30s > 2m' });
  });
});

describe('an expired silence is gone', () => {
  it('the state machine drops a silence at its `until`, as the views do', () => {
    const run = new AlertRun(wait);
    run.at(0, 150);
    run.edit((a) => ({ ...a, silencedUntil: at(600), silenceReason: 'known' }));
    run.at(599, 150);
    expect(run.alert).toMatchObject({ silencedUntil: at(600), silenceReason: 'known' });
    expect(describeAlert(run.alert!, 'UTC', at(599)).status).toContain('silenced until');
    expect(describeAlert(run.alert!, 'UTC', at(600)).status).not.toContain('silenced');
    expect(describeLeadAlert(run.alert!, at(600), 'UTC').silenced).toBeNull();
    run.at(600, 150);
    expect(run.alert).toMatchObject({ silencedUntil: null, silenceReason: null });
  });
});

describe('retiring the alert of a removed or changed rule', () => {
  const firing = (): Alert => {
    const run = new AlertRun(wait);
    run.at(0, 150);
    return run.alert!;
  };

  it('resolves a firing alert once, to the receivers it was routed to', () => {
    const r = retire(firing(), at(10));
    expect(r.alert).toMatchObject({ state: 'resolved', resolvedAt: at(10) });
    expect(r.transitions).toEqual([{ alertId: 'chat-oldest-wait:chat', from: 'firing', to: 'resolved', at: at(10), value: 150 }]);
    expect(r.notifications.map((n) => [n.kind, n.receivers, n.alert.state])).toEqual([['resolved', ['ops'], 'resolved']]);
    expect(retire(r.alert, at(20)).notifications).toEqual([]);
  });

  it('tells no one while silenced', () => {
    expect(retire({ ...firing(), silencedUntil: at(60) }, at(10)).notifications).toEqual([]);
  });

  it('a change is another metric, window, comparison or threshold; a followed target that moved is not', () => {
    const a = firing();
    expect(ruleChanged(a, wait)).toBe(false);
    expect(ruleChanged(a, { ...wait, threshold: 60 })).toBe(true);
    expect(ruleChanged(a, { ...wait, op: '<' })).toBe(true);
    expect(ruleChanged(a, { ...wait, metric: 'oldestOpenSeconds' })).toBe(true);
    expect(ruleChanged(a, { ...wait, severity: 'warning' })).toBe(false);
    const follows = { ...wait, threshold: 120, followsTarget: true };
    expect(ruleChanged(a, follows)).toBe(true);
    const following = step(a, follows, 'chat', 150, at(5)).alert;
    expect(ruleChanged(following, { ...follows, threshold: 60 })).toBe(false);
  });
});

describe('rules that follow a target', () => {
  const targets = defaultTargets(['chat', 'voice', 'email']);
  const rule = (over: object) => ruleSchema.parse({ id: 'r', op: '<', for: 0, routes: [], ...over });

  it('read the current target of their metric and channel', () => {
    const sl = rule({ metric: 'serviceLevel', channel: '*', window: '15m', threshold: 'target' });
    expect(evaluatedRule(sl, 'chat', targets)).toMatchObject({ threshold: 0.8, followsTarget: true });
    expect(evaluatedRule(sl, 'email', targets)?.threshold).toBe(0.9);
    expect(evaluatedRule(rule({ metric: 'csat', channel: 'total', window: '60m', threshold: 'target' }), 'total', targets)?.threshold).toBe(0.65);
    // No ceiling for chat's oldest open: nothing to watch there.
    expect(evaluatedRule(rule({ metric: 'oldestOpenSeconds', channel: 'chat', threshold: 'target' }), 'chat', targets)).toBeNull();
    expect(followsTargetText(sl, targets)).toBe('follows target (chat 80%, voice 80%, email 90%)');
    expect(followsTargetText(rule({ metric: 'oldestWaitSeconds', channel: 'chat', threshold: 'target' }), targets)).toBe('follows target (2m)');
  });

  it('only for a metric with a target, where it has one: a 400 naming the threshold otherwise', () => {
    expect(ruleShapeProblem(rule({ metric: 'waiting', channel: 'chat', threshold: 'target' }))?.field).toBe('threshold');
    const refused = (r: object) => {
      try {
        validateRules([r], new Set(['chat']), new Set());
      } catch (err) {
        return [(err as HttpError).status, (err as HttpError).message];
      }
      return null;
    };
    expect(refused({ id: 'w', metric: 'waiting', channel: 'chat', op: '>', threshold: 'target' })).toEqual([400, expect.stringMatching(/^rules\[0\]\.threshold: waiting has no target/)]);
    expect(refused({ id: 'c', metric: 'contactRate', channel: 'chat', window: '60m', op: '>', threshold: 'target' })?.[1]).toMatch(/^rules\[0\]\.threshold: .*use channel "total"/);
    expect(refused({ id: 'x', metric: 'serviceLevel', channel: 'chat', window: '15m', op: '<', threshold: 'eighty' })?.[1]).toMatch(/threshold: must be a number or "target"/);
    expect(refused({ id: 's', metric: 'serviceLevel', channel: 'chat', window: '15m', op: '<', threshold: 'target' })).toBeNull();
  });

  it('the rules form says which rules follow their target, and sets one to follow it', () => {
    const text = JSON.stringify({ id: 'sl', metric: 'serviceLevel', channel: 'chat', window: '15m', op: '<', threshold: 0.7 });
    expect(ruleFollowsTarget(text, targets)).toBeNull();
    const followed = followTargetDraft(text)!;
    expect(JSON.parse(followed)).toMatchObject({ threshold: 'target' });
    expect(ruleFollowsTarget(followed, { ...targets, channels: { ...targets.channels, chat: { ...targets.channels.chat!, serviceLevel: 0.85 } } })).toBe('follows target (85%)');
    expect(followTargetDraft(followed)).toBeNull();
    expect(followTargetDraft(JSON.stringify({ id: 'w', metric: 'waiting', channel: 'chat', op: '>', threshold: 20 }))).toBeNull();
  });
});
