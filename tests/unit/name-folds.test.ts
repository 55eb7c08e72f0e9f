import { describe, expect, it } from 'vitest';
import type { Cardinality } from '../../shared/cardinality';
import { foldNotice, nameFoldRows } from '../../client/src/model/nameFolds';

const AT = Date.parse('2026-11-27T14:05:00Z');
const cardinality: Cardinality = {
  queues: {
    chat: { names: 200, limit: 200, folded: 1234, lastFoldedAt: AT },
    voice: { names: 200, limit: 200, folded: 0, lastFoldedAt: null },
    email: { names: 3, limit: 200, folded: 0, lastFoldedAt: null },
  },
  reasons: { names: 12, limit: 500, folded: 0, lastFoldedAt: null },
};

describe('names against their limits', () => {
  it('the settings page lists every registry: folding, full (the next new name folds) or fine', () => {
    expect(nameFoldRows(cardinality, 'UTC')).toEqual([
      { what: 'chat queues', used: '200 of 200', folded: '1,234', last: expect.stringMatching(/^last at 14:05/), level: 'folding' },
      { what: 'voice queues', used: '200 of 200', folded: '—', last: '', level: 'full' },
      { what: 'email queues', used: '3 of 200', folded: '—', last: '', level: 'ok' },
      { what: 'reasons', used: '12 of 500', folded: '—', last: '', level: 'ok' },
    ]);
  });

  it("the leads' notice names only the registries that fold or are full, and says nothing when all is well", () => {
    expect(foldNotice(cardinality, 'UTC')).toEqual([
      expect.stringMatching(/^chat queues: 200 of 200 names in use; 1,234 counted under "\(other\)" \(last at 14:05/),
      'voice queues: 200 of 200 names in use; the next new one is counted under "(other)"',
    ]);
    expect(foldNotice({ queues: { chat: { names: 3, limit: 200, folded: 0, lastFoldedAt: null } }, reasons: cardinality.reasons })).toEqual([]);
    expect(foldNotice(undefined)).toEqual([]);
  });
});
