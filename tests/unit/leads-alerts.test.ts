import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../client/src/leadsApi';
import {
  NEWS_GRACE_MS, activeAlerts, alertTitle, describeLeadAlert, takeAlertEvent, withLoggedAckAndSilence,
} from '../../client/src/model/leadAlerts';
import type { Alert } from '../../shared/alerts';

const T = Date.parse('2026-11-27T14:05:12Z');

function alert(a: Partial<Alert> = {}): Alert {
  return {
    id: 'chat-queue:chat', ruleId: 'chat-queue', metric: 'waiting', channel: 'chat', op: '>', threshold: 0,
    severity: 'critical', state: 'firing', value: 3, since: T, startedAt: T, firedAt: T, resolvedAt: null,
    ackedAt: null, ackedBy: null, ackNote: null, silencedUntil: null, silenceReason: null, lastNotifiedAt: T,
    escalatedAt: null, description: 'waiting > 0 on chat', ...a,
  };
}

const ack = (at: number, by = 'Ana', note = 'on it', alertId = 'chat-queue:chat'): HistoryEntry =>
  ({ id: `${at}-1`, alertId, kind: 'acked', at, by, note });

describe('the active alerts the leads see', () => {
  it('shows an alert fired before the snapshot caught up, for a grace period only', () => {
    const news = takeAlertEvent({}, { kind: 'fired', alert: alert() }, T);
    expect(activeAlerts([], news, [], T + 1_000).map((a) => a.id)).toEqual(['chat-queue:chat']);
    expect(activeAlerts([], news, [], T + NEWS_GRACE_MS + 1)).toEqual([]);
  });

  it('drops an alert resolved before the snapshot caught up, unless the snapshot keeps it past the grace period', () => {
    const news = takeAlertEvent({}, { kind: 'resolved', alert: alert({ state: 'resolved', resolvedAt: T + 5_000 }) }, T + 5_000);
    expect(activeAlerts([alert()], news, [], T + 6_000)).toEqual([]);
    expect(activeAlerts([alert()], news, [], T + 5_000 + NEWS_GRACE_MS)).toHaveLength(1);
  });

  it('keeps an ack heard live although the snapshot, which does not carry acks, says unacked', () => {
    const acked = alert({ ackedAt: T + 60_000, ackedBy: 'Ana', ackNote: 'on it' });
    const news = takeAlertEvent({}, { kind: 'acked', alert: acked }, T + 60_000);
    const [shown] = activeAlerts([alert({ value: 5 })], news, [], T + 5 * 60_000);
    expect(shown).toMatchObject({ ackedBy: 'Ana', ackNote: 'on it', value: 5 });
  });

  it('keeps an earlier ack when a later silence event carries none', () => {
    let news = takeAlertEvent({}, { kind: 'acked', alert: alert({ ackedAt: T + 1, ackedBy: 'Ana', ackNote: 'on it' }) }, T);
    news = takeAlertEvent(news, { kind: 'silenced', alert: alert({ silencedUntil: T + 900_000, silenceReason: 'known' }) }, T + 2);
    expect(activeAlerts([alert()], news, [], T + 3)[0]).toMatchObject({ ackedBy: 'Ana', silencedUntil: T + 900_000, silenceReason: 'known' });
  });

  it('takes a firing state heard live over a pending snapshot of the same episode', () => {
    const news = takeAlertEvent({}, { kind: 'fired', alert: alert({ state: 'firing', firedAt: T + 60_000 }) }, T + 60_000);
    expect(activeAlerts([alert({ state: 'pending', firedAt: null })], news, [], T + 61_000)[0]).toMatchObject({ state: 'firing', firedAt: T + 60_000 });
  });

  it('reads acks and silences from the alert log, so a reload still shows them', () => {
    const log: HistoryEntry[] = [
      { id: '3', alertId: 'chat-queue:chat', kind: 'silenced', at: T + 120_000, until: T + 3_720_000, by: 'Sam', reason: 'known outage' },
      ack(T + 60_000),
      ack(T + 30_000, 'Bo', 'other', 'voice-queue:voice'),
    ];
    expect(withLoggedAckAndSilence(alert(), log)).toMatchObject({
      ackedAt: T + 60_000, ackedBy: 'Ana', ackNote: 'on it', silencedUntil: T + 3_720_000, silenceReason: 'known outage',
    });
  });

  it("does not carry an earlier episode's ack over to a new breach", () => {
    expect(withLoggedAckAndSilence(alert({ startedAt: T + 600_000 }), [ack(T + 60_000)]).ackedAt).toBeNull();
  });

  it('lists firing before pending, critical before warning, the longest-running first', () => {
    const list = activeAlerts([
      alert({ id: 'a', state: 'pending', firedAt: null }),
      alert({ id: 'b', severity: 'warning' }),
      alert({ id: 'c', startedAt: T + 10 }),
      alert({ id: 'd', startedAt: T }),
    ], {}, [], T);
    expect(list.map((a) => a.id)).toEqual(['d', 'c', 'b', 'a']);
  });
});

describe('an alert card', () => {
  it('says what breached, by how much, since when, ticking with the clock', () => {
    const v = describeLeadAlert(alert(), T + 125_000, 'UTC');
    expect(v).toMatchObject({
      level: 'breach', severity: 'CRITICAL', state: 'FIRING', title: 'Waiting > 0 on chat', what: 'Waiting · chat · live',
      value: '3', op: '>', threshold: '0', age: 'firing for 2m 05s', since: 'since 14:05:12', acked: null, silenced: null,
    });
    expect(describeLeadAlert(alert(), T + 126_000, 'UTC').age).toBe('firing for 2m 06s');
  });

  it('writes fractions as percentages and seconds as durations, thresholds as targets read', () => {
    const sl = describeLeadAlert(alert({ metric: 'serviceLevel', window: '15m', op: '<', threshold: 0.8, value: 0.523, description: 'Chat SL (15 min) below 80 %' }), T);
    expect([sl.value, sl.op, sl.threshold, sl.what, sl.title]).toEqual(['52.3%', '<', '80%', 'Service level · chat · 15 min', 'Chat SL (15 min) below 80 %']);
    const wait = describeLeadAlert(alert({ metric: 'oldestWaitSeconds', threshold: 120, value: 125 }), T);
    expect([wait.value, wait.threshold]).toEqual(['2m 05s', '2m']);
    const rate = describeLeadAlert(alert({ metric: 'contactRate', channel: 'total', window: '60m', threshold: 0.052, value: 0.061, severity: 'warning' }), T);
    expect([rate.value, rate.threshold, rate.what, rate.level, rate.severity]).toEqual(['6.1%', '5.2%', 'Contact rate · all channels · 60 min', 'warn', 'WARNING']);
  });

  it('words a rule without a description as every alert text does, also one stored with the old raw description', () => {
    expect(alertTitle(alert({ metric: 'serviceLevel', op: '<', threshold: 0.8, description: 'serviceLevel < 0.8 on chat' }))).toBe('Service level < 80% on chat');
    expect(alertTitle(alert({ metric: 'csat', channel: 'total', op: '<', threshold: 0.65, description: '' }))).toBe('CSAT < 65% across channels');
  });

  it('counts a pending alert from when the breach began', () => {
    const v = describeLeadAlert(alert({ state: 'pending', firedAt: null, startedAt: T - 30_000 }), T, 'UTC');
    expect([v.state, v.age, v.since]).toEqual(['PENDING', 'pending for 30s', 'since 14:04:42']);
  });

  it('shows who acked and why, and a silence only while it is in force', () => {
    const a = alert({ ackedAt: T + 60_000, ackedBy: 'Ana', ackNote: 'moving agents', silencedUntil: T + 900_000, silenceReason: 'known' });
    const v = describeLeadAlert(a, T + 60_000, 'UTC');
    expect(v.acked).toEqual({ by: 'Ana', at: '14:06:12', note: 'moving agents' });
    expect(v.silenced).toEqual({ until: '14:20', left: '14m 00s', reason: 'known' });
    expect(describeLeadAlert(a, T + 900_000, 'UTC').silenced).toBeNull();
  });
});
