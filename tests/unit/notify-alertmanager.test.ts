import { describe, expect, it } from 'vitest';
import { FIRING_HOLD_MS, alertmanagerAlert, alertsEndpoint } from '../../server/notify/alertmanager';
import { T0, firingAlert, notification, resolvedAlert } from '../helpers/notifications';

describe('alertmanager alerts', () => {
  it('labels the alert by rule, channel, severity, metric and window, with source peakwatch', () => {
    expect(alertmanagerAlert(notification('firing', firingAlert(), T0 + 60_000)).labels).toEqual({
      alertname: 'chat-sl', channel: 'chat', severity: 'critical', metric: 'serviceLevel', window: '15m', source: 'peakwatch',
    });
  });

  it('leaves out the window label of a live metric rather than sending it empty', () => {
    const a = firingAlert({ metric: 'waiting', window: undefined, op: '>', threshold: 10, value: 14 });
    expect(alertmanagerAlert(notification('firing', a, T0)).labels).not.toHaveProperty('window');
  });

  it('keeps the same labels for every kind, so Alertmanager sees one alert', () => {
    const labels = (['firing', 'repeat', 'escalation'] as const).map((k) => alertmanagerAlert(notification(k, firingAlert(), T0)).labels);
    labels.push(alertmanagerAlert(notification('resolved', resolvedAlert(T0 + 600_000), T0 + 600_000)).labels);
    for (const l of labels) expect(l).toEqual(labels[0]);
  });

  it('starts at firedAt and holds a firing alert open well past the repeat interval', () => {
    const at = T0 + 1_860_000;
    const a = alertmanagerAlert(notification('repeat', firingAlert(), at));
    expect(a.startsAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(a.endsAt).toBe(new Date(at + FIRING_HOLD_MS).toISOString());
    expect(FIRING_HOLD_MS).toBeGreaterThanOrEqual(7 * 86_400_000);
  });

  it('ends a resolved alert at resolvedAt, never before it started', () => {
    const end = T0 + 600_000;
    expect(alertmanagerAlert(notification('resolved', resolvedAlert(end), end + 1_000)).endsAt).toBe(new Date(end).toISOString());
    const odd = resolvedAlert(T0, { firedAt: T0 + 60_000 });
    expect(alertmanagerAlert(notification('resolved', odd, T0)).endsAt).toBe(new Date(T0 + 60_000).toISOString());
  });

  it('annotates with a summary, the formatted value and threshold, and the rule description', () => {
    const a = alertmanagerAlert(notification('firing', firingAlert(), T0));
    expect(a.annotations).toEqual({
      summary: 'chat: Service level (15 min) 72%, below 80% by 8 pts',
      description: 'Chat answered within target below 80 %',
      value: '72%',
      threshold: 'below 80%',
    });
    expect(alertmanagerAlert(notification('firing', firingAlert({ description: '' }), T0)).annotations.description)
      .toBe('Service level (15 min) on chat fires below 80%.');
  });

  it('posts to /api/v2/alerts under the configured base URL, path prefix kept', () => {
    expect(alertsEndpoint('http://am.example.test:9093')).toBe('http://am.example.test:9093/api/v2/alerts');
    expect(alertsEndpoint('http://am.example.test:9093/')).toBe('http://am.example.test:9093/api/v2/alerts');
    expect(alertsEndpoint('https://ops.example.test/alertmanager/?x=1')).toBe('https://ops.example.test/alertmanager/api/v2/alerts');
  });
});
