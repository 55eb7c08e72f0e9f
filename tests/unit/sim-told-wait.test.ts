import { describe, expect, it } from 'vitest';
import { PeakModel } from '../../scripts/sim/model';
import { patienceAfterTold } from '../../scripts/sim/told-wait';

const DAY = Date.parse('2026-11-27T00:00:00Z');

/** Chat contacts of a day: queued, and how many abandoned. */
function chatDay(toldWait: boolean) {
  const model = new PeakModel({ seed: 4, staffing: 0.7, toldWait }, DAY);
  const events = model.advanceTo(DAY + 24 * 3_600_000).filter((e) => 'channel' in e && e.channel === 'chat');
  const queued = new Map(events.filter((e) => e.type === 'contact.queued').map((e) => [(e as { contactId: string }).contactId, e.at]));
  const waits = (type: string) => events.filter((e) => e.type === type).map((e) => e.at - queued.get((e as { contactId: string }).contactId)!);
  return { queued: queued.size, abandoned: waits('contact.abandoned'), answered: waits('contact.answered') };
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('customers told the wait', () => {
  it('keep their patience when told a wait within it, and give up sooner, not below a third of it, when told longer', () => {
    expect(patienceAfterTold(120, 60)).toBe(120);
    expect(patienceAfterTold(120, null)).toBe(120);
    expect(patienceAfterTold(120, 240)).toBe(60);
    expect(patienceAfterTold(120, 10_000)).toBe(40);
  });

  it('close the loop in an understaffed day: those told a long wait leave sooner, and those who stay wait less', () => {
    const plain = chatDay(false);
    const told = chatDay(true);
    // The same day (the draws interleave differently once timings change, so volumes differ a little).
    expect(Math.abs(told.queued - plain.queued) / plain.queued).toBeLessThan(0.05);
    expect(mean(told.abandoned)).toBeLessThan(mean(plain.abandoned));
    expect(mean(told.answered)).toBeLessThan(mean(plain.answered));
  });
});
