import { describe, expect, it } from 'vitest';
import { CLOCK_SAMPLES, CLOCK_SKEW_MIN_MS, NO_SKEW, sampleClock } from '../../client/src/model/clock';

const T = Date.parse('2026-11-27T12:00:00Z');
/** Feeds messages computed at server times `at[i]`, each received `delay[i]` ms later on a screen `skew` ms off. */
const feed = (skew: number, delays: number[], start = NO_SKEW) =>
  delays.reduce((est, delay, i) => sampleClock(est, T + i * 1000, T + i * 1000 + delay - skew), start);

describe('the wall corrects a screen clock that is off', () => {
  it('a clock an hour slow: the offset is found from the data, within the least delay seen', () => {
    const est = feed(3_600_000, [120, 40, 900, 35, 60]);
    expect(est.offsetMs).toBe(3_600_000 - 35);
  });

  it('a clock 5 minutes fast gives a negative offset', () => {
    expect(feed(-300_000, [50, 30, 80]).offsetMs).toBe(-300_030);
  });

  it('clocks that agree within the threshold (only network and computing delay) give no correction', () => {
    expect(feed(0, [30, 1_200, 80]).offsetMs).toBe(0);
    expect(feed(CLOCK_SKEW_MIN_MS - 100, [10, 20]).offsetMs).toBe(0); // 1.9 s off: within the threshold
    expect(feed(CLOCK_SKEW_MIN_MS + 500, [10, 20]).offsetMs).toBe(CLOCK_SKEW_MIN_MS + 490);
  });

  it('a snapshot served from a cache (older `at`) does not pull the estimate away from a fresh one', () => {
    const est = feed(60_000, [20, 1_000, 1_000]); // the cached ones look a second older
    expect(est.offsetMs).toBe(60_000 - 20);
  });

  it('follows a screen clock that is corrected while the wall runs, once the old samples have gone', () => {
    let est = feed(600_000, [20, 20, 20]);
    expect(est.offsetMs).toBe(599_980);
    est = feed(0, Array.from({ length: CLOCK_SAMPLES }, () => 20), est); // NTP fixed the TV's clock
    expect(est.offsetMs).toBe(0);
    expect(est.samples).toHaveLength(CLOCK_SAMPLES);
  });

  it('ignores a sample that is not a number', () => {
    const est = feed(120_000, [10]);
    expect(sampleClock(est, Number.NaN, T)).toBe(est);
  });
});
