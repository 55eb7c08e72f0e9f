import { describe, expect, it } from 'vitest';
import { alertLines, alertValue, describeAlert } from '../../client/src/model/alerts';
import type { Alert } from '../../shared/alerts';

const T = Date.parse('2026-11-27T14:05:12Z');

function alert(a: Partial<Alert> = {}): Alert {
  return {
    id: 'chat-service-level:chat', ruleId: 'chat-service-level', metric: 'serviceLevel', channel: 'chat', window: '15m',
    op: '<', threshold: 0.8, severity: 'critical', state: 'firing', value: 0.5, since: T, startedAt: T - 60_000, firedAt: T,
    resolvedAt: null, ackedAt: null, ackedBy: null, ackNote: null, silencedUntil: null, silenceReason: null,
    lastNotifiedAt: T, escalatedAt: null, description: 'Chat service level (15 min) below target 80 %', ...a,
  };
}

describe('alerts on the wall', () => {
  it('says what breached, where, by how much and since when', () => {
    expect(describeAlert(alert(), 'UTC')).toEqual({
      id: 'chat-service-level:chat', level: 'breach', channel: 'CHAT', title: 'Chat service level (15 min) below target 80 %',
      measure: '50% < 80%', status: 'firing since 14:05:12', firing: true,
    });
  });

  it('writes each metric as the wall writes that figure', () => {
    expect(alertValue('oldestWaitSeconds', 200)).toBe('3m 20s');
    expect(alertValue('oldestWaitSeconds', 120, true)).toBe('2m');
    expect(alertValue('contactRate', 0.061)).toBe('6.1%');
    expect(alertValue('open', 1234)).toBe('1,234');
    expect(alertValue('reasonSpike', 2.54)).toBe('2.5×');
    expect(alertValue('reasonSpike', 999)).toBe('new');
    expect(alertValue('serviceLevel', null)).toBe('no data');
  });

  it('calls a warning a warning, a critical alert a breach, and names no channel for totals', () => {
    const line = describeAlert(alert({ severity: 'warning', channel: 'total', metric: 'contactRate', op: '>', threshold: 0.052, value: 0.061 }));
    expect(line.level).toBe('warn');
    expect(line.channel).toBeNull();
    expect(line.measure).toBe('6.1% > 5.2%');
  });

  it('shows pending alerts from when the breach began, and acks and silences', () => {
    const pending = describeAlert(alert({ state: 'pending', firedAt: null, startedAt: T - 30_000 }), 'UTC');
    expect(pending.status).toBe('pending since 14:04:42');
    expect(pending.firing).toBe(false);
    const acked = describeAlert(alert({ ackedAt: T, ackedBy: 'ana', silencedUntil: T + 3_600_000 }), 'UTC');
    expect(acked.status).toBe('firing since 14:05:12 · acked by ana · silenced until 15:05');
  });

  it('lists firing alerts before pending ones, otherwise in the order given', () => {
    const lines = alertLines([
      alert({ id: 'a', state: 'pending' }), alert({ id: 'b' }), alert({ id: 'c', severity: 'warning' }),
    ]);
    expect(lines.map((l) => l.id)).toEqual(['b', 'c', 'a']);
  });

  it('still reads an alert with fields missing (stored by an older server)', () => {
    const partial = { id: 'x:chat', metric: 'waiting', channel: 'chat', severity: 'critical', state: 'firing' } as unknown as Alert;
    const line = describeAlert(partial);
    expect(line.title).toBe('x:chat');
    expect(line.measure).toBe('');
    expect(line.status).toBe('firing');
  });
});
