import { describe, expect, it } from 'vitest';
import { alertValue, describeAlert } from '../../client/src/model/alerts';
import { duration as wallDuration } from '../../client/src/model/format';
import { describeLeadAlert } from '../../client/src/model/leadAlerts';
import { summary, valueAgainstThreshold } from '../../server/notify/format';
import {
  NO_DATA, countText, durationText, formatGap, formatValue, metricLabel, metricName, percentText, ruleTitle,
} from '../../shared/alert-text';
import { ALERT_METRICS } from '../../shared/alerts';
import { firingAlert } from '../helpers/notifications';

describe('alert text, written once', () => {
  it('writes fractions as percentages with no needless digit', () => {
    expect(percentText(0.784)).toBe('78.4%');
    expect(percentText(1)).toBe('100%');
    expect(percentText(0.0425)).toBe('4.3%');
    expect(percentText(-0.00001)).toBe('0%');
    expect(formatGap('serviceLevel', -0.0000001)).toBe('0 pts');
  });

  it('writes seconds in at most two units, whole seconds elapsed (never rounded up to a limit)', () => {
    expect(durationText(0)).toBe('0s');
    expect(durationText(45.4)).toBe('45s');
    expect(durationText(125)).toBe('2m 05s');
    expect(durationText(119.6)).toBe('1m 59s');
    expect(durationText(3_900)).toBe('1h 05m');
    expect(durationText(2 * 86_400 + 4 * 3_600 + 59)).toBe('2d 04h');
    expect(durationText(-30)).toBe('0s');
  });

  it('writes counts with thousands separators', () => {
    expect(countText(12_345)).toBe('12,345');
    expect(countText(7)).toBe('7');
  });

  it('formats each metric in its own unit, and a missing value as no data', () => {
    expect(formatValue('abandonRate', 0.052)).toBe('5.2%');
    expect(formatValue('oldestWaitSeconds', 190)).toBe('3m 10s');
    expect(formatValue('oldestWaitSeconds', 120, true)).toBe('2m');
    expect(formatValue('waiting', 1_204)).toBe('1,204');
    expect(formatValue('reasonSpike', 2.54)).toBe('2.5×');
    expect(formatValue('reasonSpike', 999)).toBe('new');
    expect(formatValue('asa', null)).toBe(NO_DATA);
    expect(formatValue('csat', Number.NaN)).toBe(NO_DATA);
    for (const m of ALERT_METRICS) expect(formatValue(m, 1)).toMatch(/\S/);
  });

  it('says how far a breaching value is past its threshold, in the metric unit', () => {
    expect(valueAgainstThreshold(firingAlert())).toBe('72%, below 80% by 8 pts');
    expect(valueAgainstThreshold(firingAlert({ metric: 'oldestWaitSeconds', op: '>', threshold: 120, value: 190 })))
      .toBe('3m 10s, above 2m by 1m 10s');
    expect(valueAgainstThreshold(firingAlert({ metric: 'waiting', op: '>', threshold: 10, value: 14 })))
      .toBe('14, above 10 by 4');
  });

  it('gives the firing condition instead of a gap when the value is back on the good side or missing', () => {
    expect(valueAgainstThreshold(firingAlert({ state: 'resolved', value: 0.83 }))).toBe('83% (fires below 80%)');
    // Still firing, back on the good side: clearing, with the episode's worst value.
    expect(valueAgainstThreshold(firingAlert({ value: 0.83, peak: 0.72 }))).toBe('clearing · peak 72% < 80%, now 83% (fires below 80%)');
    expect(valueAgainstThreshold(firingAlert({ value: 0.83 }))).toBe('clearing, now 83% (fires below 80%)');
    expect(valueAgainstThreshold(firingAlert({ value: null }))).toBe('no data (fires below 80%)');
  });

  it('names the window of windowed metrics only', () => {
    expect(metricName(firingAlert())).toBe('Service level (15 min)');
    expect(metricName(firingAlert({ metric: 'waiting', window: undefined }))).toBe('Waiting');
  });

  it('summarises an alert on one line with its channel', () => {
    expect(summary(firingAlert())).toBe('chat: Service level (15 min) 72%, below 80% by 8 pts');
    expect(summary(firingAlert({ channel: 'total', metric: 'contactRate', op: '>', threshold: 0.052, value: 0.061 })))
      .toBe('all channels: Contact rate (15 min) 6.1%, above 5.2% by 0.9 pts');
  });

  it('gives a rule without a description a title in the same words', () => {
    expect(ruleTitle({ metric: 'asa', op: '>', threshold: 120, channel: 'chat' })).toBe('Avg speed of answer > 2m on chat');
    expect(ruleTitle({ metric: 'reasonSpike', op: '>', threshold: 3, channel: 'total' })).toBe('Reason spike > 3× across channels');
  });
});

describe('the same alert reads the same in a message, on the wall and on the leads\' card', () => {
  it.each([
    ['asa', 'chat', 'Avg speed of answer'],
    ['reasonSpike', 'total', 'Reason spike'],
    ['aht', 'voice', 'Handle time'],
  ] as const)('%s: one label everywhere', (metric, channel, label) => {
    const a = firingAlert({ metric, channel, op: '>', threshold: 2, value: 3, description: ruleTitle({ metric, op: '>', threshold: 2, channel }) });
    expect(metricLabel(metric)).toBe(label);
    expect(summary(a)).toContain(label);
    expect(describeLeadAlert(a, a.since).what).toContain(label);
    expect(describeLeadAlert(a, a.since).title).toContain(label);
    expect(describeAlert(a).title).toContain(label);
  });

  it('one value and one duration rounding everywhere', () => {
    for (const v of [119.6, 59.99, 3_599.5, 86_399.9]) {
      const a = firingAlert({ metric: 'oldestWaitSeconds', op: '>', threshold: 30, value: v });
      const text = formatValue('oldestWaitSeconds', v);
      expect(wallDuration(v)).toBe(text);
      expect(alertValue('oldestWaitSeconds', v)).toBe(text);
      expect(describeLeadAlert(a, a.since).value).toBe(text);
      expect(describeAlert(a).measure.startsWith(text)).toBe(true);
      expect(summary(a)).toContain(text);
    }
  });
});
