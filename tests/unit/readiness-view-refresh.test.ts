import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../shared/socket';
import { MIN_REFETCH_GAP_MS, changedFigures, refetchDelay } from '../../client/src/model/refresh';
import { makeSnapshot } from '../helpers/snapshot-factory';

describe('when readiness refetches after a push', () => {
  const base = makeSnapshot();
  it('after the first snapshot, and after an update that changed channels, totals, targets or annotations', () => {
    expect(changedFigures(null, base)).toBe(true);
    expect(changedFigures(base, applyUpdate(base, { at: base.at + 1, channels: { chat: base.channels.chat! } }))).toBe(true);
    expect(changedFigures(base, applyUpdate(base, { at: base.at + 1, targets: { ...base.targets, csat: 0.5 } }))).toBe(true);
    expect(changedFigures(base, applyUpdate(base, { at: base.at + 1, annotations: [] }))).toBe(true);
  });
  it("not after the heartbeat's update that carries only a new time", () => {
    expect(changedFigures(base, applyUpdate(base, { at: base.at + 5_000 }))).toBe(false);
    expect(changedFigures(base, null)).toBe(false);
  });
  it('at once when the last fetch is old enough, else when it will be', () => {
    expect(refetchDelay(null, 1_000)).toBe(0);
    expect(refetchDelay(10_000, 10_000 + MIN_REFETCH_GAP_MS)).toBe(0);
    expect(refetchDelay(10_000, 12_000)).toBe(MIN_REFETCH_GAP_MS - 2_000);
  });
});
