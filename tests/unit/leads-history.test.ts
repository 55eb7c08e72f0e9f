import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../client/src/leadsApi';
import { alertNamer, historyLines, splitAlertId } from '../../client/src/model/leadHistory';
import type { Alert, Rule } from '../../shared/alerts';

const T = Date.parse('2026-11-27T14:05:12Z');

const rule = (r: Partial<Rule>): Rule => ({
  id: 'chat-oldest-wait', metric: 'oldestWaitSeconds', channel: 'chat', op: '>', threshold: 120, for: 0, clearFor: 60,
  severity: 'critical', routes: [], repeat: 1800, escalateAfter: null, escalateTo: [], ...r,
});

describe('the alert log on the leads view', () => {
  it('splits an alert id into its rule and channel', () => {
    expect(splitAlertId('chat-queue:chat')).toEqual({ ruleId: 'chat-queue', channel: 'chat' });
    expect(splitAlertId('odd')).toEqual({ ruleId: 'odd', channel: '' });
  });

  it('names an alert from the alert shown, else from its rule, else by its id', () => {
    const active = [{ id: 'x:chat', metric: 'waiting', channel: 'chat', op: '>', threshold: 5, description: 'Queue building' } as Alert];
    const name = alertNamer(active, [rule({ description: 'A chat has waited more than 120 s' })]);
    expect(name('x:chat')).toEqual({ title: 'Queue building', metric: 'waiting', channel: 'chat' });
    expect(name('chat-oldest-wait:chat')).toEqual({ title: 'A chat has waited more than 120 s', metric: 'oldestWaitSeconds', channel: 'chat' });
    expect(name('gone-rule:voice')).toEqual({ title: 'gone-rule:voice', metric: null, channel: 'voice' });
    expect(alertNamer([], [rule({ id: 'sl', metric: 'serviceLevel', op: '<', threshold: 0.8 })])('sl:voice').title).toBe('Service level < 80% on voice');
  });

  it('writes transitions with their value, acks with their note, silences with their length, end and reason', () => {
    const log: HistoryEntry[] = [
      { id: '4', alertId: 'chat-oldest-wait:chat', kind: 'silenced', at: T + 120_000, until: T + 120_000 + 3_600_000, by: 'Sam', reason: 'known outage' },
      { id: '3', alertId: 'chat-oldest-wait:chat', kind: 'acked', at: T + 60_000, by: 'Ana', note: 'on it' },
      { id: '2', alertId: 'chat-oldest-wait:chat', from: 'pending', to: 'firing', at: T, value: 125 },
      { id: '1', alertId: 'chat-oldest-wait:chat', from: 'firing', to: 'resolved', at: T - 86_400_000, value: 30 },
    ];
    const lines = historyLines(log, alertNamer([], [rule({ description: 'Chat wait' })]), T + 200_000, 'UTC');
    expect(lines.map(({ time, what, detail, kind, level }) => ({ time, what, detail, kind, level }))).toEqual([
      { time: '14:07:12', what: 'silenced 1h by Sam', detail: 'until 15:07:12 · “known outage”', kind: 'silenced', level: null },
      { time: '14:06:12', what: 'acked by Ana', detail: '“on it”', kind: 'acked', level: null },
      { time: '14:05:12', what: 'pending → firing', detail: 'value 2m 05s', kind: 'transition', level: 'breach' },
      { time: '26 Nov 14:05', what: 'firing → resolved', detail: 'value 30s', kind: 'transition', level: 'ok' },
    ]);
    expect(lines[0]!.title).toBe('Chat wait');
  });

  it('reads an ack without a name or a note, and a transition of an unknown rule without its value', () => {
    const lines = historyLines([
      { id: '2', alertId: 'x:chat', kind: 'acked', at: T },
      { id: '1', alertId: 'x:chat', from: 'inactive', to: 'pending', at: T, value: 3 },
    ], alertNamer([], null), T, 'UTC');
    expect(lines.map((l) => [l.what, l.detail])).toEqual([['acked', ''], ['inactive → pending', '']]);
  });
});
