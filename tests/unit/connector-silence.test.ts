import { describe, expect, it } from 'vitest';
import { metricUnit } from '../../shared/alert-text';
import { LIVE_METRICS, ruleShapeProblem } from '../../shared/alerts';
import { evaluatedRule, followsTargetText } from '../../shared/rule-target';
import { defaultTargets } from '../../shared/targets';
import { defaultRules } from '../../server/alerts/default-rules';
import { type ConnectorSilence, ruleValues } from '../../server/alerts/rule-value';
import { step } from '../../server/alerts/state-machine';
import { SNAP_AT, makeSnapshot } from '../helpers/snapshot-factory';

const MIN = 60_000;
const CHANNELS = ['chat', 'voice'];
const TARGETS = defaultTargets(CHANNELS);
const rule = defaultRules(TARGETS, CHANNELS, ['ops']).find((r) => r.id === 'connector-silent')!;
const snap = makeSnapshot();
const connectors: ConnectorSilence[] = [
  { name: 'chat-eu', since: SNAP_AT - 4 * MIN, silentAfter: 10 },
  { name: 'phones', since: SNAP_AT - 12 * MIN, silentAfter: 15 },
  { name: 'new-one', since: null, silentAfter: 10 },
];

describe('connectorSilence', () => {
  it('is a live metric in minutes; the default rule follows each connector\'s silentAfter, on every connector', () => {
    expect(LIVE_METRICS).toContain('connectorSilence');
    expect(metricUnit('connectorSilence')).toBe('minutes');
    expect(rule).toMatchObject({ metric: 'connectorSilence', channel: '*', op: '>', threshold: 'target', for: 0 });
    expect(followsTargetText(rule, TARGETS)).toBe("follows each connector's silentAfter");
    expect(ruleShapeProblem({ ...rule, channel: 'chat' })).toEqual({ field: 'threshold', message: expect.stringContaining('use "*"') });
    expect(ruleShapeProblem({ ...rule, channel: '*', threshold: 5 })).toBeNull();
  });

  it('one value per connector: minutes since its last request, with its silentAfter as the target', () => {
    expect(ruleValues(rule, snap, SNAP_AT, connectors)).toEqual([
      { channel: 'chat-eu', value: 4, target: 10 }, { channel: 'phones', value: 12, target: 15 }, { channel: 'new-one', value: null, target: 10 },
    ]);
    expect(ruleValues(rule, snap, SNAP_AT, [])).toEqual([]);
    expect(ruleValues({ ...rule, channel: 'phones', threshold: 3 }, snap, SNAP_AT, connectors)).toEqual([{ channel: 'phones', value: 12, target: 15 }]);
  });

  it('fires for the connector silent past its own silentAfter only, and resolves with its next request', () => {
    const fire = (c: ConnectorSilence, now: number, prev: Parameters<typeof step>[0] = null) => {
      const [v] = ruleValues(rule, snap, now, [c]);
      return step(prev, evaluatedRule(rule, v!.channel, TARGETS, v!.target)!, v!.channel, v!.value, now);
    };
    expect(fire(connectors[0]!, SNAP_AT + 5 * MIN).alert.state).toBe('inactive'); // 9 min of 10
    const firing = fire(connectors[0]!, SNAP_AT + 7 * MIN);
    expect(firing.alert).toMatchObject({ state: 'firing', threshold: 10, followsTarget: true });
    expect(fire(connectors[1]!, SNAP_AT + 2 * MIN).alert.state).toBe('inactive'); // 14 min of 15
    const back = fire({ ...connectors[0]!, since: SNAP_AT + 8 * MIN }, SNAP_AT + 8 * MIN, firing.alert);
    expect(back.alert.state).toBe('resolved');
  });
});
