import { describe, expect, it } from 'vitest';
import { WAIT_CALIBRATION as C, gammaQuantile, predictWait, type WaitInputs } from '../../shared/wait-predictor';

/** 6 waiting, 3 agents all busy with one contact each, AHT 180 s, no abandons, the head waiting 6 minutes. */
const base: WaitInputs = {
  position: 7, waiting: 6, agentsAvailable: 0, agentsBusy: 3, concurrency: 1, ahtSeconds: 180,
  abandonedRecent: 0, recentSeconds: 900, asaSeconds: 200, holSeconds: 360,
};
const blend = (queue: number, hol: number) => C.queueWeight * queue + (1 - C.queueWeight) * hol;

describe('predictWait on constructed queues', () => {
  it('6 waiting, 3 agents, AHT 180 s: an arrival waits for 7 of 3 agents to free up (a minute each) and the head\'s 6 minutes', () => {
    // Queue view: 7 stages at μ = 3 / 180 s → 7 × 60 s = 420 s. Head-of-line view: 360 s × 7 / 7.
    const e = predictWait(base)!;
    expect(e.ewtSeconds).toBe(Math.round(blend(420, 360)));
    expect(e.ewtRange[0]).toBeLessThan(e.ewtSeconds);
    expect(e.ewtRange[1]).toBeGreaterThan(e.ewtSeconds);
  });

  it('the 3rd in line waits for 3 agents, and its share of the head\'s wait', () => {
    expect(predictWait({ ...base, position: 3 })!.ewtSeconds).toBe(Math.round(blend(180, (360 * 3) / 7)));
  });

  it('chat concurrency multiplies the capacity: 3 agents handling 3 each free a place every 20 s', () => {
    expect(predictWait({ ...base, concurrency: 3, holSeconds: 0 })!.ewtSeconds).toBe(Math.round(blend(7 * 20, 0)));
  });

  it('abandons ahead shorten the wait: each of j contacts ahead leaves at the measured rate too', () => {
    const inputs = { ...base, abandonedRecent: 30, holSeconds: 0 };
    const theta = Math.min(C.maxAbandonPerSecond, (C.abandonFactor * 30) / 900 / 6);
    let queue = 0;
    for (let j = 0; j < 7; j++) queue += 1 / (3 / 180 + j * theta);
    expect(predictWait(inputs)!.ewtSeconds).toBe(Math.round(blend(queue, 0)));
    expect(queue).toBeLessThan(420);
  });

  it('a place an available agent takes at once waits for the pickup (the recent ASA, capped)', () => {
    const e = predictWait({ ...base, position: 2, waiting: 1, agentsAvailable: 2, agentsBusy: 1, asaSeconds: 12, holSeconds: 4 })!;
    expect(e.ewtSeconds).toBe(Math.round(blend(12, (4 * 2) / 2)));
    expect(predictWait({ ...base, position: 1, waiting: 0, agentsAvailable: 1, asaSeconds: 900, holSeconds: 0 })!.ewtSeconds)
      .toBe(Math.round(blend(C.maxPickupSeconds, 0)));
  });

  it('a staffing drop shows at once: a third of the agents away lengthens the estimate by half', () => {
    const full = predictWait({ ...base, agentsBusy: 6, holSeconds: 0 })!.ewtSeconds;
    const drop = predictWait({ ...base, agentsBusy: 4, holSeconds: 0 })!.ewtSeconds;
    expect(drop / full).toBeCloseTo(1.5, 1);
  });

  it('grows with the place, and has no estimate without any agent staffed', () => {
    const waits = [1, 2, 5, 10, 20].map((position) => predictWait({ ...base, position, waiting: 25 })!.ewtSeconds);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(new Set(waits).size).toBe(waits.length);
    expect(predictWait({ ...base, agentsBusy: 0 })).toBeNull();
  });

  it('refuses impossible input', () => {
    expect(() => predictWait({ ...base, position: 0 })).toThrow(RangeError);
    expect(() => predictWait({ ...base, ahtSeconds: 0 })).toThrow(RangeError);
  });
});

describe('gammaQuantile', () => {
  it('is close to the normal law for a large shape, and the mean without variance', () => {
    expect(gammaQuantile(100, 100, 1.2816)).toBeCloseTo(112.8, 0);
    expect(gammaQuantile(100, 100, -1.2816)).toBeCloseTo(87.4, 0);
    expect(gammaQuantile(50, 0, 1.28)).toBe(50);
  });
  it('matches an exponential law\'s 90th percentile (shape 1) within a few per cent', () => {
    expect(gammaQuantile(60, 3600, 1.2816) / (60 * Math.log(10))).toBeCloseTo(1, 1);
  });
});
