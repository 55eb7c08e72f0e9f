import { describe, expect, it } from 'vitest';
import type { Alert, Notification, Rule } from '../../shared/alerts';
import { type EvaluatedRule, evaluatedRule } from '../../shared/rule-target';
import type { Snapshot } from '../../shared/snapshot';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { defaultTargets } from '../../shared/targets';
import { DEFAULT_BACKLOG_LEVEL, defaultRules } from '../../server/alerts/default-rules';
import { ruleValues } from '../../server/alerts/rule-value';
import { isBreach, step } from '../../server/alerts/state-machine';
import { validateRules } from '../../server/http/alert-routes';
import { type ChannelOverrides, SNAP_AT, makeSnapshot, reason } from '../helpers/snapshot-factory';

const CHANNELS = ['chat', 'voice', 'email'];
const RECEIVERS = ['ops-webhook', 'slack-leads'];
const TARGETS = defaultTargets(CHANNELS);
const rules = defaultRules(TARGETS, CHANNELS, RECEIVERS);
/** A rule as evaluated under the default targets (one of its channels: the thresholds of "*" rules are numbers). */
const evaluated = (r: Rule): EvaluatedRule => evaluatedRule(r, r.channel === '*' ? 'chat' : r.channel, TARGETS)!;
const byId = (id: string): EvaluatedRule => {
  const r = rules.find((x) => x.id === id);
  if (!r) throw new Error(`no default rule ${id}`);
  return evaluated(r);
};

/** Channels on which `rule` breaches in `snap` at `now`. */
const breaching = (rule: EvaluatedRule, snap: Snapshot, now = SNAP_AT) =>
  ruleValues(rule, snap, now).filter(({ value, satisfied }) => !satisfied && isBreach(rule, value)).map(({ channel }) => channel);

/** Evaluates `rule` against the same snapshot at `now` and again `for` seconds later, as the evaluator would. */
function evaluateHeld(rule: EvaluatedRule, snap: Snapshot): { alerts: Alert[]; notifications: Notification[] } {
  const alerts = new Map<string, Alert>();
  const notifications: Notification[] = [];
  for (const now of [SNAP_AT, SNAP_AT + rule.for * 1000]) {
    for (const { channel, value, satisfied } of ruleValues(rule, snap, now)) {
      const r = step(alerts.get(`${rule.id}:${channel}`) ?? null, rule, channel, value, now, { satisfied });
      alerts.set(r.alert.id, r.alert);
      notifications.push(...r.notifications);
    }
  }
  return { alerts: [...alerts.values()], notifications };
}

describe('default rules: the set', () => {
  it('are valid for the rules API, with unique ids', () => {
    const all = defaultRules(defaultTargets([...DEFAULT_CHANNELS]), [...DEFAULT_CHANNELS], RECEIVERS);
    expect(validateRules(JSON.parse(JSON.stringify(all)), new Set(DEFAULT_CHANNELS), new Set(RECEIVERS))).toEqual(all);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  });

  it('cover every case the README lists', () => {
    expect(rules.map((r) => r.id)).toEqual([
      'chat-service-level', 'chat-oldest-wait', 'voice-service-level', 'email-oldest-open',
      'open-backlog', 'contact-rate', 'csat', 'no-agent-available', 'reason-spike', 'channel-closed-or-unstaffed', 'no-events', 'connector-silent',
    ]);
  });

  it('route to every receiver given, repeat every 30 minutes and clear on the good side of the threshold', () => {
    for (const r of rules.map(evaluated)) {
      expect(r.routes).toEqual(RECEIVERS);
      expect(r.repeat).toBe(1_800);
      const clear = r.clear ?? r.threshold;
      expect(r.op === '<' ? clear >= r.threshold : clear <= r.threshold).toBe(true);
    }
  });

  it('make channel rules only for configured channels', () => {
    const ids = defaultRules(defaultTargets(['chat', 'messaging']), ['chat', 'messaging'], RECEIVERS).map((r) => r.id);
    expect(ids).toContain('chat-service-level');
    expect(ids).not.toContain('voice-service-level');
    expect(ids).not.toContain('email-oldest-open');
    expect(ids).toContain('open-backlog');
  });

  it('follow the targets: a rule with a target watches it, and an edited target moves it', () => {
    expect(rules.filter((r) => r.threshold === 'target').map((r) => r.id)).toEqual([
      'chat-service-level', 'chat-oldest-wait', 'voice-service-level', 'email-oldest-open', 'contact-rate', 'csat', 'connector-silent',
    ]);
    const targets = defaultTargets(CHANNELS);
    targets.channels.chat = { ...targets.channels.chat!, serviceLevel: 0.85, slThresholdSeconds: 60 };
    targets.channels.email = { ...targets.channels.email!, oldestOpenSeconds: null };
    targets.contactRate = 0.045;
    const edited = defaultRules(targets, CHANNELS, RECEIVERS);
    const get = (id: string) => edited.find((r) => r.id === id);
    const read = (id: string) => evaluatedRule(get(id)!, get(id)!.channel, targets)?.threshold;
    expect(get('chat-service-level')).toMatchObject({ threshold: 'target', clear: 0.87 });
    expect(read('chat-service-level')).toBe(0.85);
    expect(read('chat-oldest-wait')).toBe(60);
    expect(read('contact-rate')).toBe(0.045);
    expect(get('email-oldest-open')).toBeUndefined();
    // A rule made under the old targets (as stored) follows the new ones too.
    expect(evaluatedRule(rules.find((r) => r.id === 'chat-service-level')!, 'chat', targets)?.threshold).toBe(0.85);
  });

  it('breach nowhere on a healthy snapshot', () => {
    const snap = makeSnapshot();
    expect(rules.map(evaluated).flatMap((r) => breaching(r, snap).map((ch) => `${r.id}:${ch}`))).toEqual([]);
  });
});

describe('default rules against hand-made snapshots', () => {
  const cases: { id: string; snap: Snapshot; channels: string[] }[] = [
    { id: 'chat-service-level', snap: makeSnapshot({ channels: { chat: { windows: { '15m': { serviceLevel: 0.62 } } }, voice: {}, email: {} } }), channels: ['chat'] },
    { id: 'chat-oldest-wait', snap: makeSnapshot({ channels: { chat: { waiting: 2, oldestWaitingSince: SNAP_AT - 150_000 }, voice: {}, email: {} } }), channels: ['chat'] },
    { id: 'voice-service-level', snap: makeSnapshot({ channels: { chat: {}, voice: { windows: { '15m': { serviceLevel: 0.7 } } }, email: {} } }), channels: ['voice'] },
    { id: 'email-oldest-open', snap: makeSnapshot({ channels: { chat: {}, voice: {}, email: { oldestOpenSince: SNAP_AT - 25 * 3_600_000 } } }), channels: ['email'] },
    { id: 'open-backlog', snap: makeSnapshot({ channels: { chat: { open: 120 }, voice: { open: 650 }, email: { open: 501 } } }), channels: ['voice', 'email'] },
    { id: 'contact-rate', snap: makeSnapshot({ totals: { '60m': { contactRate: 0.065 }, '15m': { contactRate: 0.01 } } }), channels: ['total'] },
    { id: 'csat', snap: makeSnapshot({ totals: { '60m': { csat: 0.5 }, '15m': { csat: 0.9 } } }), channels: ['total'] },
    { id: 'no-agent-available', snap: makeSnapshot({ channels: { chat: { waiting: 4, agents: { available: 0 } }, voice: { waiting: 0, agents: { available: 0 } }, email: {} } }), channels: ['chat'] },
    { id: 'reason-spike', snap: makeSnapshot({ reasons: [reason('where-is-my-order', 0.4, 0.35), reason('damaged-item', 0.25, 0.1)] }), channels: ['total'] },
    { id: 'no-events', snap: makeSnapshot({ lastEventAt: SNAP_AT - 11 * 60_000 }), channels: ['total'] },
    {
      id: 'channel-closed-or-unstaffed',
      // voice closed by a lead and chat unstaffed, both in their hours with contacts waiting; email closed by its
      // hours (not in them) with a backlog waiting: not an alert.
      snap: makeSnapshot({ channels: {
        chat: { waiting: 2, state: 'unstaffed' }, voice: { waiting: 5, state: 'closed', closedReason: 'carrier outage' },
        email: { waiting: 40, state: 'closed', inHours: false, reopensAt: SNAP_AT + 3_600_000 },
      } }),
      channels: ['chat', 'voice'],
    },
  ];

  for (const c of cases) {
    it(`${c.id} fires on ${c.channels.join(' and ')} once the breach has held, and nowhere else`, () => {
      const rule = byId(c.id);
      expect(breaching(rule, c.snap)).toEqual(c.channels);
      const { alerts, notifications } = evaluateHeld(rule, c.snap);
      expect(alerts.filter((a) => a.state === 'firing').map((a) => a.channel)).toEqual(c.channels);
      expect(notifications.map((n) => [n.kind, n.alert.channel, n.receivers])).toEqual(c.channels.map((ch) => ['firing', ch, RECEIVERS]));
    });
  }

  it('every default rule has a case above', () => {
    // connector-silent reads the connectors, not a snapshot: its cases are in connector-silence.test.ts.
    expect(cases.map((c) => c.id).sort()).toEqual(rules.map((r) => r.id).filter((id) => id !== 'connector-silent').sort());
  });

  it('the backlog level is the documented constant', () => {
    expect(byId('open-backlog')).toMatchObject({ channel: '*', op: '>', threshold: DEFAULT_BACKLOG_LEVEL });
  });

  it('a closed or unstaffed channel fires only with contacts waiting during its hours, and resolves when it opens again', () => {
    const rule = byId('channel-closed-or-unstaffed');
    const chat = (over: ChannelOverrides) =>
      ruleValues(rule, makeSnapshot({ channels: { chat: over } }), SNAP_AT).find((v) => v.channel === 'chat')!;
    expect(chat({ waiting: 0, state: 'unstaffed' })).toMatchObject({ value: 1, satisfied: true });
    expect(chat({ waiting: 3, state: 'closed', inHours: false })).toMatchObject({ value: 2, satisfied: true });
    const run = (alert: Alert | null, v: ReturnType<typeof chat>, now: number) => step(alert, rule, 'chat', v.value, now, { satisfied: v.satisfied });
    let r = run(null, chat({ waiting: 3, state: 'unstaffed' }), SNAP_AT);
    expect(r.alert.state).toBe('pending');
    r = run(r.alert, chat({ waiting: 3, state: 'closed', closedReason: 'outage' }), SNAP_AT + rule.for * 1000);
    expect(r.alert).toMatchObject({ state: 'firing', value: 2 });
    r = run(r.alert, chat({ waiting: 3, state: 'open' }), SNAP_AT + 200_000);
    expect(r.alert.state).toBe('firing'); // clearFor has not passed
    r = run(r.alert, chat({ waiting: 3, state: 'open' }), SNAP_AT + 200_000 + rule.clearFor * 1000);
    expect(r.alert.state).toBe('resolved');
  });

  it('no agent and nobody waiting is not an alert; one agent with people waiting is not either', () => {
    const rule = byId('no-agent-available');
    const snap = makeSnapshot({ channels: { chat: { waiting: 0, agents: { available: 0 } }, voice: { waiting: 9, agents: { available: 1 } } } });
    expect(breaching(rule, snap)).toEqual([]);
  });

  it('a firing "no agent available" resolves once its queue has stayed empty for clearFor, though still nobody is available', () => {
    const rule = byId('no-agent-available');
    const at = (waiting: number, available = 0) => ruleValues(rule, makeSnapshot({ channels: { chat: { waiting, agents: { available } } } }), SNAP_AT)
      .find((v) => v.channel === 'chat')!;
    const run = (alert: Alert | null, v: ReturnType<typeof at>, now: number) => step(alert, rule, 'chat', v.value, now, { satisfied: v.satisfied });
    let r = run(null, at(3), SNAP_AT);
    r = run(r.alert, at(3), SNAP_AT + rule.for * 1000);
    expect(r.alert.state).toBe('firing');
    r = run(r.alert, at(0), SNAP_AT + 200_000); // the queue empties: nobody is waiting for the missing agent
    expect(r.alert.state).toBe('firing'); // clearFor (60 s) has not passed yet
    r = run(r.alert, at(0), SNAP_AT + 200_000 + rule.clearFor * 1000);
    expect(r.alert.state).toBe('resolved');
    expect(r.notifications.map((n) => n.kind)).toEqual(['resolved']);
    // People waiting again with nobody available: a new episode.
    r = run(r.alert, at(2), SNAP_AT + 400_000);
    expect(r.alert.state).toBe('pending');
    // Without the rule's situation: an empty queue mid-episode sends a pending alert back to inactive.
    r = run(r.alert, at(0), SNAP_AT + 410_000);
    expect(r.alert.state).toBe('inactive');
  });

  it('chat service level holds its alert between target and target + 2 points, and resolves above', () => {
    const rule = byId('chat-service-level');
    const sl = (v: number) => ruleValues(rule, makeSnapshot({ channels: { chat: { windows: { '15m': { serviceLevel: v } } } } }), SNAP_AT)[0]!.value;
    let alert = step(null, rule, 'chat', sl(0.6), SNAP_AT).alert;
    alert = step(alert, rule, 'chat', sl(0.6), SNAP_AT + 60_000).alert;
    expect(alert.state).toBe('firing');
    for (let s = 90; s <= 900; s += 30) alert = step(alert, rule, 'chat', sl(0.81), SNAP_AT + s * 1000).alert;
    expect(alert.state).toBe('firing');
    alert = step(alert, rule, 'chat', sl(0.83), SNAP_AT + 930_000).alert;
    alert = step(alert, rule, 'chat', sl(0.83), SNAP_AT + 930_000 + rule.clearFor * 1000).alert;
    expect(alert.state).toBe('resolved');
  });

  it('chat oldest wait fires the moment a chat passes 120 s', () => {
    const rule = byId('chat-oldest-wait');
    const snap = makeSnapshot({ channels: { chat: { waiting: 1, oldestWaitingSince: SNAP_AT - 100_000 } } });
    const [early] = ruleValues(rule, snap, SNAP_AT);
    expect(step(null, rule, 'chat', early!.value, SNAP_AT).alert.state).toBe('inactive');
    const [late] = ruleValues(rule, snap, SNAP_AT + 21_000);
    expect(step(null, rule, 'chat', late!.value, SNAP_AT + 21_000).alert.state).toBe('firing');
  });
});
