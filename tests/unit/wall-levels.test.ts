import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAlert } from '../../client/src/model/alerts';
import { channelFigures, totalsFigures } from '../../client/src/model/figures';
import { describeLeadAlert } from '../../client/src/model/leadAlerts';
import { type Level, LEVEL_MARKS, severityLevel, targetLevel, worstLevel } from '../../client/src/model/levels';
import { targetRowView } from '../../client/src/model/readiness';
import { targetsTable } from '../../server/readiness/targets-table';
import type { Alert } from '../../shared/alerts';
import { SNAP_AT, makeSnapshot } from '../helpers/snapshot-factory';

const RANK: Record<Level, number> = { none: -1, ok: 0, warn: 1, breach: 2 };

describe('targetLevel: a floor (service level, CSAT)', () => {
  it('calls a figure below its target a breach, the target itself not', () => {
    expect(targetLevel(0.79, 0.8, 'min')).toBe('breach');
    expect(targetLevel(0, 0.8, 'min')).toBe('breach');
    expect(targetLevel(0.8, 0.8, 'min')).toBe('warn');
  });
  it('warns within 10 % of the target above it (80 % target: up to 88 %), float noise at the edge included', () => {
    expect(targetLevel(0.845, 0.8, 'min')).toBe('warn');
    expect(targetLevel(0.879, 0.8, 'min')).toBe('warn');
    expect(targetLevel(0.88, 0.8, 'min')).toBe('ok');
    expect(targetLevel(0.8 * 1.1, 0.8, 'min')).toBe('ok');
  });
  it('is ok at the best possible value even inside the margin', () => {
    expect(targetLevel(1, 0.96, 'min')).toBe('ok');
    expect(targetLevel(0.99, 0.96, 'min')).toBe('warn');
  });
  it('says no data for null or a non-number', () => {
    expect(targetLevel(null, 0.8, 'min')).toBe('none');
    expect(targetLevel(Number.NaN, 0.8, 'min')).toBe('none');
  });
  it('never gets better as the value falls', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (a, b, target) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(RANK[targetLevel(lo, target, 'min')]).toBeGreaterThanOrEqual(RANK[targetLevel(hi, target, 'min')]);
      }));
  });
});

describe('targetLevel: a ceiling (abandon rate, contact rate, an age limit)', () => {
  it('calls anything above the ceiling a breach', () => {
    expect(targetLevel(0.051, 0.05, 'max')).toBe('breach');
    expect(targetLevel(121, 120, 'max')).toBe('breach');
  });
  it('warns within 10 % of the ceiling below it, the ceiling itself included', () => {
    expect(targetLevel(0.048, 0.052, 'max')).toBe('warn');
    expect(targetLevel(0.052, 0.052, 'max')).toBe('warn');
    expect(targetLevel(0.0468, 0.052, 'max')).toBe('ok');
    expect(targetLevel(109, 120, 'max')).toBe('warn');
    expect(targetLevel(108, 120, 'max')).toBe('ok');
  });
  it('is ok well below the ceiling and at zero (the best), even when the ceiling is zero', () => {
    expect(targetLevel(0.042, 0.052, 'max')).toBe('ok');
    expect(targetLevel(0, 0.05, 'max')).toBe('ok');
    expect(targetLevel(0, 0, 'max')).toBe('ok');
  });
  it('never gets better as the value rises', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (a, b, ceiling) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(RANK[targetLevel(hi, ceiling, 'max')]).toBeGreaterThanOrEqual(RANK[targetLevel(lo, ceiling, 'max')]);
      }));
  });
});

describe('worstLevel and severityLevel', () => {
  it('is the most severe level present, ignoring figures without a target', () => {
    expect(worstLevel(['ok', null, 'warn', 'ok'])).toBe('warn');
    expect(worstLevel(['none', 'breach', 'warn'])).toBe('breach');
    expect(worstLevel(['none', 'ok'])).toBe('ok');
    expect(worstLevel([null, null])).toBeNull();
  });
  it('reads a critical alert as a breach and a warning as a warning', () => {
    expect(severityLevel('critical')).toBe('breach');
    expect(severityLevel('warning')).toBe('warn');
  });
});

describe('one level for one figure on every screen', () => {
  // The cases where the wall and the readiness table used to disagree, and one of each kind besides.
  it.each([
    ['SL 84.5 % against 80 %', 0.845, 'warn'],
    ['SL 88 % against 80 %', 0.88, 'ok'],
    ['SL 79 % against 80 %', 0.79, 'breach'],
    ['no SL yet', null, 'none'],
  ] as const)('%s: the wall and the readiness table agree', (_, sl, level) => {
    const snap = makeSnapshot({ channels: { chat: { windows: { '15m': { serviceLevel: sl }, today: { serviceLevel: sl } } } } });
    const wall = channelFigures('chat', snap.channels.chat!, snap.targets.channels.chat, SNAP_AT, []);
    const row = targetsTable(snap).find((r) => r.name === 'serviceLevel' && r.channel === 'chat')!;
    expect(wall.slToday.level).toBe(level);
    expect(wall.sl15m.level).toBe(level);
    expect(row.state).toBe(level);
    expect(targetRowView(row)).toMatchObject({ level, word: LEVEL_MARKS[level].word });
  });

  it.each([
    ['contact rate 4.8 % against 5.2 %', 0.048, 'warn'],
    ['contact rate 4.2 % against 5.2 %', 0.042, 'ok'],
    ['contact rate 6 % against 5.2 %', 0.06, 'breach'],
  ] as const)('%s: the wall header and the readiness table agree', (_, rate, level) => {
    const snap = makeSnapshot({ totals: { today: { contactRate: rate } } });
    const row = targetsTable(snap).find((r) => r.name === 'contactRate')!;
    expect(totalsFigures(snap).contactRateToday.level).toBe(level);
    expect(row.state).toBe(level);
    expect(targetRowView(row).level).toBe(level);
  });

  it("an alert's severity has the same level on the wall's band, the leads' card and the channel's header", () => {
    for (const severity of ['warning', 'critical'] as const) {
      const a = { id: 'x:email', ruleId: 'x', metric: 'waiting', channel: 'email', op: '>', threshold: 0, severity, state: 'firing', value: 403,
        since: SNAP_AT, startedAt: SNAP_AT, firedAt: SNAP_AT, resolvedAt: null, ackedAt: null, ackedBy: null, ackNote: null,
        silencedUntil: null, silenceReason: null, lastNotifiedAt: SNAP_AT, escalatedAt: null, description: 'd' } satisfies Alert;
      const snap = makeSnapshot({ channels: { email: {} } });
      const header = channelFigures('email', snap.channels.email!, snap.targets.channels.email, SNAP_AT, [a]).overall;
      expect(describeAlert(a).level).toBe(severityLevel(severity));
      expect(describeLeadAlert(a, SNAP_AT).level).toBe(severityLevel(severity));
      expect(header).toBe(severityLevel(severity));
    }
  });
});

describe('LEVEL_MARKS', () => {
  it('gives every level its own shape and word, so colour is never the only cue', () => {
    const marks = Object.values(LEVEL_MARKS);
    expect(new Set(marks.map((m) => m.symbol)).size).toBe(marks.length);
    expect(new Set(marks.map((m) => m.word)).size).toBe(marks.length);
    expect(LEVEL_MARKS.breach).toEqual({ symbol: '▲', word: 'BREACH' });
    expect(LEVEL_MARKS.none.symbol).toBe('—');
  });
});
