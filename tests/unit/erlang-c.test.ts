import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { agentsRequired, asa, erlangB, erlangC, occupancy, offeredLoad, serviceLevel, staffing } from '../../shared/erlang-c';

/** C(N, A) by the textbook formula (factorials), fine for small loads. */
function erlangCByFactorials(n: number, a: number): number {
  let fact = 1;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0) fact *= k;
    sum += a ** k / fact;
  }
  const top = (a ** n / (fact * n)) * (n / (n - a));
  return top / (sum + top);
}

describe('the published reference (100 calls in 30 min, AHT 180 s, 80 % in 20 s)', () => {
  const a = offeredLoad(100 / 1800, 180);

  it('is a load of 10 Erlangs', () => {
    expect(a).toBeCloseTo(10, 12);
  });

  it('needs 14 agents, who reach a service level of 88.8 %', () => {
    const s = staffing({ arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, thresholdSeconds: 20, target: 0.8 });
    expect(s.agentsRequired).toBe(14);
    expect(s.serviceLevel).toBeCloseTo(0.888, 3);
    expect(s.occupancy).toBeCloseTo(10 / 14, 12);
    expect(s.asa).toBeCloseTo(7.84, 2);
  });

  it('13 agents reach only 79.6 %, under the target', () => {
    expect(serviceLevel(13, a, 20, 180)).toBeCloseTo(0.796, 3);
    expect(agentsRequired(a, 20, 180, 0.8)).toBe(14);
  });

  it('the probability of waiting with 14 agents is 17.4 %', () => {
    expect(erlangC(14, a)).toBeCloseTo(0.1741, 4);
  });
});

describe('the Erlang B recurrence', () => {
  it('gives the textbook blocking values', () => {
    expect(erlangB(0, 5)).toBe(1);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
  });

  it('C from B agrees with the factorial formula wherever the factorials still fit', () => {
    for (const a of [0.5, 1, 2.7, 5, 10, 17.3]) {
      for (let n = Math.floor(a) + 1; n <= Math.floor(a) + 15; n++) {
        expect(erlangC(n, a)).toBeCloseTo(erlangCByFactorials(n, a), 10);
      }
    }
  });
});

describe('large loads', () => {
  it('A = 1,000 Erlangs needs a finite N slightly above 1,000, with SL in [0, 1]', () => {
    const n = agentsRequired(1_000, 20, 180, 0.8);
    expect(Number.isFinite(n)).toBe(true);
    expect(n).toBeGreaterThan(1_000);
    expect(n).toBeLessThan(1_060);
    const sl = serviceLevel(n, 1_000, 20, 180);
    expect(sl).toBeGreaterThanOrEqual(0.8);
    expect(sl).toBeLessThanOrEqual(1);
    expect(serviceLevel(n - 1, 1_000, 20, 180)).toBeLessThan(0.8);
  });

  it('the probability of waiting stays a probability at 1,000 and 100,000 Erlangs (no factorial overflow)', () => {
    for (const a of [1_000, 100_000]) {
      for (const n of [a + 1, a + 10, Math.round(a * 1.05)]) {
        const c = erlangC(n, a);
        expect(Number.isFinite(c)).toBe(true);
        expect(c).toBeGreaterThan(0);
        expect(c).toBeLessThanOrEqual(1);
      }
    }
    expect(agentsRequired(100_000, 20, 180, 0.8)).toBeGreaterThan(100_000);
  });

  it('a 100 % target still ends: the service level reaches 1 in floating point', () => {
    const n = agentsRequired(10, 20, 180, 1);
    expect(n).toBeGreaterThan(14);
    expect(serviceLevel(n, 10, 20, 180)).toBe(1);
  });
});

describe('properties', () => {
  const load = fc.double({ min: 0, max: 400, noNaN: true });
  const t = fc.integer({ min: 1, max: 86_400 });
  const aht = fc.double({ min: 1, max: 20_000, noNaN: true });

  it('more agents never lower the service level', () => {
    fc.assert(fc.property(load, fc.integer({ min: 0, max: 500 }), t, aht, (a, n, T, h) => {
      expect(serviceLevel(n + 1, a, T, h)).toBeGreaterThanOrEqual(serviceLevel(n, a, T, h) - 1e-12);
    }));
  });

  it('the service level and the probability of waiting are in [0, 1]', () => {
    fc.assert(fc.property(load, fc.integer({ min: 0, max: 600 }), t, aht, (a, n, T, h) => {
      const sl = serviceLevel(n, a, T, h);
      const c = erlangC(n, a);
      expect(sl).toBeGreaterThanOrEqual(0);
      expect(sl).toBeLessThanOrEqual(1);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }));
  });

  it('the agents required exceed the load and are the least that reach the target', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 400, noNaN: true }), t, aht, fc.double({ min: 0, max: 0.99, noNaN: true }), (a, T, h, target) => {
      const n = agentsRequired(a, T, h, target);
      expect(n).toBeGreaterThan(a);
      expect(serviceLevel(n, a, T, h)).toBeGreaterThanOrEqual(target);
      if (n - 1 > a) expect(serviceLevel(n - 1, a, T, h)).toBeLessThan(target);
    }));
  });

  it('chat concurrency divides the handle time: 3 at once needs what a third of the AHT needs', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 2, noNaN: true }), aht, t, (rate, h, T) => {
      const chat = staffing({ arrivalsPerSecond: rate, ahtSeconds: h, thresholdSeconds: T, target: 0.8, concurrency: 3 });
      const single = staffing({ arrivalsPerSecond: rate, ahtSeconds: h / 3, thresholdSeconds: T, target: 0.8 });
      expect(chat.agentsRequired).toBe(single.agentsRequired);
      expect(chat.load).toBeCloseTo(single.load, 9);
    }));
  });
});

describe('edge cases', () => {
  it('no arrivals (λ = 0) need no agents, and nobody waits', () => {
    const s = staffing({ arrivalsPerSecond: 0, ahtSeconds: 300, thresholdSeconds: 20, target: 0.8 });
    expect(s).toMatchObject({ load: 0, agentsRequired: 0, serviceLevel: 1, asa: 0, occupancy: 0 });
    expect(erlangC(0, 0)).toBe(0);
  });

  it('a handle time of 0 is no work: no agents', () => {
    const s = staffing({ arrivalsPerSecond: 5, ahtSeconds: 0, thresholdSeconds: 20, target: 0.8 });
    expect(s.load).toBe(0);
    expect(s.agentsRequired).toBe(0);
    expect(serviceLevel(3, 0, 20, 0)).toBe(1);
  });

  it('with no more agents than the load, everyone waits: C = 1, SL = 0, ASA infinite, occupancy over 1', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(7, 10)).toBe(1);
    expect(serviceLevel(10, 10, 20, 180)).toBe(0);
    expect(asa(9, 10, 180)).toBe(Number.POSITIVE_INFINITY);
    expect(occupancy(8, 10)).toBe(1.25);
    expect(occupancy(0, 10)).toBe(Number.POSITIVE_INFINITY);
  });

  it('a target of 0 is met by the first N above the load', () => {
    expect(agentsRequired(10, 20, 180, 0)).toBe(11);
    expect(agentsRequired(10.5, 20, 180, 0)).toBe(11);
  });

  it('refuses inputs that are not finite, negative, or a fractional N', () => {
    expect(() => erlangC(-1, 2)).toThrow(RangeError);
    expect(() => erlangC(2.5, 2)).toThrow(RangeError);
    expect(() => erlangB(3, Number.NaN)).toThrow(RangeError);
    expect(() => offeredLoad(-1, 300)).toThrow(RangeError);
    expect(() => offeredLoad(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => offeredLoad(1, 300, 0)).toThrow(RangeError);
    expect(() => agentsRequired(10, 20, 180, 1.2)).toThrow(RangeError);
  });
});
