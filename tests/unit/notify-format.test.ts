import { describe, expect, it } from 'vitest';
import { ALERT_METRICS } from '../../shared/alerts';
import {
  NO_DATA, count, duration, formatGap, formatValue, metricName, percent, summary, valueAgainstThreshold,
} from '../../server/notify/format';
import { firingAlert } from '../helpers/notifications';

describe('notification formatting', () => {
  it('writes fractions as percentages with one digit and a space', () => {
    expect(percent(0.784)).toBe('78.4 %');
    expect(percent(1)).toBe('100.0 %');
    expect(percent(0.0425)).toBe('4.3 %');
  });

  it('never writes a negative zero', () => {
    expect(percent(-0.00001)).toBe('0.0 %');
    expect(formatGap('serviceLevel', -0.0000001)).toBe('0.0 pts');
  });

  it('writes seconds in at most two units, rounded', () => {
    expect(duration(0)).toBe('0s');
    expect(duration(45.4)).toBe('45s');
    expect(duration(125)).toBe('2m 05s');
    expect(duration(119.6)).toBe('2m 00s');
    expect(duration(3_900)).toBe('1h 05m');
    expect(duration(2 * 86_400 + 4 * 3_600 + 59)).toBe('2d 04h');
    expect(duration(-30)).toBe('0s');
  });

  it('writes counts with thousands separators', () => {
    expect(count(12_345)).toBe('12,345');
    expect(count(7)).toBe('7');
  });

  it('formats each metric in its own unit, and a missing value as no data', () => {
    expect(formatValue('abandonRate', 0.052)).toBe('5.2 %');
    expect(formatValue('oldestWaitSeconds', 190)).toBe('3m 10s');
    expect(formatValue('waiting', 1_204)).toBe('1,204');
    expect(formatValue('asa', null)).toBe(NO_DATA);
    expect(formatValue('csat', Number.NaN)).toBe(NO_DATA);
    for (const m of ALERT_METRICS) expect(formatValue(m, 1)).toMatch(/\S/);
  });

  it('says how far a breaching value is past its threshold, in the metric unit', () => {
    expect(valueAgainstThreshold(firingAlert())).toBe('72.0 %, below 80.0 % by 8.0 pts');
    expect(valueAgainstThreshold(firingAlert({ metric: 'oldestWaitSeconds', op: '>', threshold: 120, value: 190 })))
      .toBe('3m 10s, above 2m 00s by 1m 10s');
    expect(valueAgainstThreshold(firingAlert({ metric: 'waiting', op: '>', threshold: 10, value: 14 })))
      .toBe('14, above 10 by 4');
  });

  it('gives the firing condition instead of a gap when the value is back on the good side or missing', () => {
    expect(valueAgainstThreshold(firingAlert({ value: 0.83 }))).toBe('83.0 % (fires below 80.0 %)');
    expect(valueAgainstThreshold(firingAlert({ value: null }))).toBe('no data (fires below 80.0 %)');
  });

  it('names the window of windowed metrics only', () => {
    expect(metricName(firingAlert())).toBe('Service level (15m)');
    expect(metricName(firingAlert({ metric: 'waiting', window: undefined }))).toBe('Waiting');
  });

  it('summarises an alert on one line with its channel', () => {
    expect(summary(firingAlert())).toBe('chat: Service level (15m) 72.0 %, below 80.0 % by 8.0 pts');
  });
});
