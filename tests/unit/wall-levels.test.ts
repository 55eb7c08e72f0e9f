import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Level, LEVEL_MARKS, ageLevel, ceilingLevel, floorLevel, worstLevel } from '../../client/src/model/levels';

const RANK: Record<Level, number> = { none: -1, ok: 0, warn: 1, breach: 2 };

describe('floorLevel (service level, CSAT)', () => {
  it('calls a service level below its target a breach', () => {
    expect(floorLevel(0.79, 0.8)).toBe('breach');
    expect(floorLevel(0, 0.8)).toBe('breach');
  });
  it('warns at the target and within 5 points above it', () => {
    expect(floorLevel(0.8, 0.8)).toBe('warn');
    expect(floorLevel(0.84, 0.8)).toBe('warn');
    expect(floorLevel(0.849, 0.8)).toBe('warn');
  });
  it('is ok from 5 points above the target, float noise at the edge included', () => {
    expect(floorLevel(0.85, 0.8)).toBe('ok');
    expect(floorLevel(0.8 + 0.05, 0.8)).toBe('ok');
    expect(floorLevel(1, 0.9)).toBe('ok');
    expect(floorLevel(0.95, 0.9)).toBe('ok');
  });
  it('says no data for null or a non-number', () => {
    expect(floorLevel(null, 0.8)).toBe('none');
    expect(floorLevel(Number.NaN, 0.8)).toBe('none');
  });
  it('never gets better as the value falls', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (a, b, target) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(RANK[floorLevel(lo, target)]).toBeGreaterThanOrEqual(RANK[floorLevel(hi, target)]);
      }));
  });
});

describe('ceilingLevel (abandon rate, contact rate)', () => {
  it('calls anything above the ceiling a breach', () => {
    expect(ceilingLevel(0.051, 0.05)).toBe('breach');
    expect(ceilingLevel(0.065, 0.052)).toBe('breach');
  });
  it('warns from 90 % of the ceiling up to and including it', () => {
    expect(ceilingLevel(0.05, 0.05)).toBe('warn');
    expect(ceilingLevel(0.046, 0.05)).toBe('warn');
    expect(ceilingLevel(0.045, 0.05)).toBe('ok');
  });
  it('is ok well below the ceiling and at zero', () => {
    expect(ceilingLevel(0.042, 0.052)).toBe('ok');
    expect(ceilingLevel(0, 0.05)).toBe('ok');
  });
  it('says no data for null', () => {
    expect(ceilingLevel(null, 0.05)).toBe('none');
  });
  it('never gets better as the value rises', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (a, b, ceiling) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(RANK[ceilingLevel(hi, ceiling)]).toBeGreaterThanOrEqual(RANK[ceilingLevel(lo, ceiling)]);
      }));
  });
});

describe('ageLevel (oldest wait, oldest open)', () => {
  it("calls an oldest wait over the channel's SL threshold a breach", () => {
    expect(ageLevel(121, 120)).toBe('breach');
    expect(ageLevel(21, 20)).toBe('breach');
  });
  it('warns from three quarters of the threshold, the threshold itself included', () => {
    expect(ageLevel(90, 120)).toBe('warn');
    expect(ageLevel(120, 120)).toBe('warn');
    expect(ageLevel(89, 120)).toBe('ok');
  });
  it('says no data for a null age, and has no level without a limit', () => {
    expect(ageLevel(null, 120)).toBe('none');
    expect(ageLevel(5_000, null)).toBeNull();
  });
});

describe('worstLevel', () => {
  it('is the most severe level present, ignoring figures without a target', () => {
    expect(worstLevel(['ok', null, 'warn', 'ok'])).toBe('warn');
    expect(worstLevel(['none', 'breach', 'warn'])).toBe('breach');
    expect(worstLevel(['none', 'ok'])).toBe('ok');
    expect(worstLevel([null, null])).toBeNull();
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
