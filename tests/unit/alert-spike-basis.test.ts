import { describe, expect, it } from 'vitest';
import { metricName, ruleTitle } from '../../shared/alert-text';
import { ruleSchema } from '../../shared/alerts';
import { ruleChanged, step } from '../../server/alerts/state-machine';
import { validateRules } from '../../server/http/alert-routes';
import { HttpError } from '../../server/http/errors';
import { summary } from '../../server/notify/format';
import { describeLeadAlert } from '../../client/src/model/leadAlerts';
import { checkRuleDrafts, ruleDrafts, ruleSummary } from '../../client/src/model/rulesForm';
import { at, makeRule } from '../helpers/alert-run';

/** A reason spike rule may compare contacts per order (`basis: "intensity"`) instead of shares. */
const spike = { id: 'spike', metric: 'reasonSpike', channel: 'total', op: '>', threshold: 2 } as const;

function refused(r: object): string | null {
  try {
    validateRules([r], new Set(['chat']), new Set());
  } catch (err) {
    return `${(err as HttpError).status} ${(err as HttpError).message}`;
  }
  return null;
}

describe('the basis of a reason spike rule', () => {
  it('is optional, "share" or "intensity"; a rule stored without one reads the same as before', () => {
    expect(ruleSchema.parse(spike).basis).toBeUndefined();
    expect(ruleSchema.parse({ ...spike, basis: 'intensity' }).basis).toBe('intensity');
    expect(refused({ ...spike, basis: 'intensity' })).toBeNull();
    expect(refused({ ...spike, basis: 'share' })).toBeNull();
    expect(refused({ ...spike, basis: 'orders' })).toBe('400 rules[0].basis: must be one of share, intensity');
  });

  it('belongs to reason spikes only: a 400 naming the field elsewhere, in the API and in the rules editor', () => {
    const waiting = { id: 'w', metric: 'waiting', channel: 'chat', op: '>', threshold: 5, basis: 'intensity' };
    expect(refused(waiting)).toBe('400 rules[0].basis: applies only to reasonSpike (what its spike compares), not to waiting');
    const check = checkRuleDrafts(ruleDrafts([waiting]));
    expect(check.ok ? null : check.errors.get(0)).toBe('basis: applies only to reasonSpike (what its spike compares), not to waiting');
    expect(ruleSummary(JSON.stringify({ ...spike, basis: 'intensity' }))).toBe('spike · reasonSpike on intensity > 2 · total · warning');
  });

  it('is named in the alert\'s words: title, notification and the leads\' card', () => {
    expect(ruleTitle({ ...makeRule({ ...spike, basis: 'intensity', window: undefined }), channel: 'total' })).toBe('Reason spike per order > 2× across channels');
    expect(ruleTitle({ metric: 'reasonSpike', op: '>', threshold: 2, channel: 'total' })).toBe('Reason spike > 2× across channels');
    const rule = makeRule({ ...spike, basis: 'intensity', window: undefined, for: 0 });
    const fired = step(null, rule, 'total', 2.5, at(0)).alert;
    expect(fired).toMatchObject({ state: 'firing', basis: 'intensity', description: 'Reason spike per order > 2× across channels' });
    expect(metricName(fired)).toBe('Reason spike per order');
    expect(summary(fired)).toMatch(/^all channels: Reason spike per order 2\.5×/);
    expect(describeLeadAlert(fired, at(10), 'UTC').what).toBe('Reason spike per order · all channels · live');
  });

  it('changing it retires the alert (it watches something else); leaving it out is the share it always was', () => {
    const share = makeRule({ ...spike, window: undefined, for: 0 });
    const a = step(null, share, 'total', 3, at(0)).alert;
    expect(ruleChanged(a, share)).toBe(false);
    expect(ruleChanged(a, { ...share, basis: 'share' })).toBe(false);
    expect(ruleChanged(a, { ...share, basis: 'intensity' })).toBe(true);
  });
});
