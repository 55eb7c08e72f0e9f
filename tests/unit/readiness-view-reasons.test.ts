import { describe, expect, it } from 'vitest';
import { perOrder } from '../../client/src/model/format';
import { totalsFigures } from '../../client/src/model/figures';
import { pointsText, reasonRows, spikeOf } from '../../client/src/model/reasons';
import { makeSnapshot, reason } from '../helpers/snapshot-factory';

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
      { reason: 'where-is-my-order', count: '600', share: '60%', previousShare: '20%', change: '+40 pts', spike: '×3.0', bar: 1, intensity60m: '6.0%', intensityToday: '6.0%' },
      { reason: 'refund', count: '300', share: '30%', previousShare: '60%', change: '−30 pts', spike: null, bar: 0.5, intensity60m: '3.0%', intensityToday: '3.0%' },
    ]);
    expect(reasonRows([])).toEqual([]);
  });

  it('gives each row its contacts per order for the last 60 minutes and today, as the contact rate reads', () => {
    const [wismo, late] = reasonRows([
      reason('where-is-my-order', 0.6, 0.2, { intensity: { '60m': 0.0125, today: 0.0018 } }),
      reason('late', 0.1, 0.1, { intensity: { '60m': null, today: 0 } }),
    ]);
    expect([wismo!.intensity60m, wismo!.intensityToday]).toEqual(['1.3%', '0.18%']);
    expect([late!.intensity60m, late!.intensityToday]).toEqual(['—', '0.00%']);
    // One formatter for contacts per order: the wall's contact rate reads the same way.
    const snap = makeSnapshot({ totals: { today: { contactRate: 0.0018 }, '60m': { contactRate: 0.0125 } } });
    expect([totalsFigures(snap).contactRate60m.text, totalsFigures(snap).contactRateToday.text]).toEqual(['1.3%', '0.18%']);
  });

  it('writes contacts per order with one digit, two below 1 %, and — without orders', () => {
    expect([perOrder(0.042), perOrder(0.06), perOrder(0.0097), perOrder(0.00996), perOrder(0.0018), perOrder(null)])
      .toEqual(['4.2%', '6.0%', '0.97%', '1.0%', '0.18%', '—']);
  });
});
