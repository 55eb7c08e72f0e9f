import { describe, expect, it } from 'vitest';
import { pointsText, reasonRows, spikeOf } from '../../client/src/model/reasons';
import { reason } from '../helpers/snapshot-factory';

describe('the reasons panel', () => {
  it('marks a reason whose share at least doubled, with the factor', () => {
    expect(spikeOf(reason('where-is-my-order', 0.6, 0.2))).toBe('×3.0');
    expect(spikeOf(reason('damaged', 0.2, 0.1))).toBe('×2.0');
    expect(spikeOf(reason('refund', 0.39, 0.2))).toBeNull();
    expect(spikeOf(reason('refund', 0.4, 0.8))).toBeNull();
  });
  it('marks a reason absent the hour before as new, and cannot compare without a previous hour', () => {
    expect(spikeOf(reason('outage', 0.1, 0))).toBe('NEW');
    expect(spikeOf(reason('outage', 0.1, null))).toBeNull();
  });
  it('writes change in percentage points', () => {
    expect(pointsText(0.4)).toBe('+40 pts');
    expect(pointsText(-0.4)).toBe('−40 pts');
    expect(pointsText(0.001)).toBe('±0 pts');
    expect(pointsText(null)).toBe('—');
  });
  it('gives each row its texts and a bar relative to the largest share', () => {
    const rows = reasonRows([reason('where-is-my-order', 0.6, 0.2), reason('refund', 0.3, 0.6)]);
    expect(rows).toEqual([
      { reason: 'where-is-my-order', count: '600', share: '60%', previousShare: '20%', change: '+40 pts', spike: '×3.0', bar: 1 },
      { reason: 'refund', count: '300', share: '30%', previousShare: '60%', change: '−30 pts', spike: null, bar: 0.5 },
    ]);
    expect(reasonRows([])).toEqual([]);
  });
});
