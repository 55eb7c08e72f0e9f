import { describe, expect, it } from 'vitest';
import { targetsTable } from '../../server/readiness/targets-table';
import { SNAP_AT, makeSnapshot } from '../helpers/snapshot-factory';

describe('the day\'s targets table', () => {
  it('lists SL and abandon rate per channel, contact rate, CSAT, and the oldest open email', () => {
    const snap = makeSnapshot({
      channels: {
        chat: { windows: { today: { serviceLevel: 0.82, abandonRate: 0.02 } } },
        voice: { windows: { today: { serviceLevel: 0.6, abandonRate: 0.09 } } },
        email: { oldestOpenSince: SNAP_AT - 25 * 3_600_000, windows: { today: { serviceLevel: null, abandonRate: null } } },
      },
      totals: { today: { contactRate: 0.03, csat: null } },
    });
    expect(targetsTable(snap)).toEqual([
      { name: 'serviceLevel', channel: 'chat', direction: 'min', target: 0.8, actual: 0.82, state: 'warn' },
      { name: 'serviceLevel', channel: 'voice', direction: 'min', target: 0.8, actual: 0.6, state: 'breach' },
      { name: 'serviceLevel', channel: 'email', direction: 'min', target: 0.9, actual: null, state: 'none' },
      { name: 'abandonRate', channel: 'chat', direction: 'max', target: 0.05, actual: 0.02, state: 'ok' },
      { name: 'abandonRate', channel: 'voice', direction: 'max', target: 0.05, actual: 0.09, state: 'breach' },
      { name: 'abandonRate', channel: 'email', direction: 'max', target: 0.05, actual: null, state: 'none' },
      { name: 'contactRate', direction: 'max', target: 0.052, actual: 0.03, state: 'ok' },
      { name: 'csat', direction: 'min', target: 0.65, actual: null, state: 'none' },
      { name: 'oldestOpen', channel: 'email', direction: 'max', target: 86_400, actual: 90_000, state: 'breach' },
    ]);
  });

  it('nothing open: the oldest open is 0 s, ok', () => {
    const snap = makeSnapshot({ channels: { email: { open: 0, oldestOpenSince: null } } });
    expect(targetsTable(snap).find((r) => r.name === 'oldestOpen')).toMatchObject({ actual: 0, state: 'ok' });
  });
});
