import { describe, expect, it } from 'vitest';
import {
  abandonRate,
  aht,
  asa,
  ces,
  cesMean,
  contactRate,
  csat,
  repeatRate,
  nps,
  serviceLevel,
  shares,
} from '../../shared/metrics';

describe('repeatRate = repeats / arrivals with a customerId', () => {
  it('divides by the arrivals that carried a customerId, not by all arrivals', () => {
    expect(repeatRate(3, 12)).toBe(0.25);
  });

  it('is null without arrivals that carried a customerId, 0 when none came back', () => {
    expect(repeatRate(0, 0)).toBeNull();
    expect(repeatRate(0, 5)).toBe(0);
  });
});

describe('serviceLevel = answeredInTarget / (answered + abandoned − shortAbandoned)', () => {
  it('divides by answered plus abandoned minus short abandons', () => {
    expect(serviceLevel({ answeredInTarget: 8, answered: 10, abandoned: 3, shortAbandoned: 1 })).toBeCloseTo(8 / 12, 12);
  });

  it('short abandons are removed from the denominator, not from the numerator', () => {
    // without the subtraction this would be 6/10
    expect(serviceLevel({ answeredInTarget: 6, answered: 6, abandoned: 4, shortAbandoned: 4 })).toBe(1);
  });

  it('abandons that are not short count against service level', () => {
    expect(serviceLevel({ answeredInTarget: 4, answered: 4, abandoned: 4, shortAbandoned: 0 })).toBe(0.5);
  });

  it('is 1 when every answered contact is in target and nobody abandoned', () => {
    expect(serviceLevel({ answeredInTarget: 5, answered: 5, abandoned: 0, shortAbandoned: 0 })).toBe(1);
  });

  it('is 0 (not null) when contacts were answered but none in target', () => {
    expect(serviceLevel({ answeredInTarget: 0, answered: 7, abandoned: 0, shortAbandoned: 0 })).toBe(0);
  });

  it('is 0 when only long abandons happened', () => {
    expect(serviceLevel({ answeredInTarget: 0, answered: 0, abandoned: 3, shortAbandoned: 0 })).toBe(0);
  });

  it('is null with no contacts at all', () => {
    expect(serviceLevel({ answeredInTarget: 0, answered: 0, abandoned: 0, shortAbandoned: 0 })).toBeNull();
  });

  it('is null when every contact was a short abandon (denominator 0)', () => {
    expect(serviceLevel({ answeredInTarget: 0, answered: 0, abandoned: 4, shortAbandoned: 4 })).toBeNull();
  });
});

describe('asa (mean wait of answered contacts, seconds)', () => {
  it('returns seconds from a sum of milliseconds', () => {
    expect(asa(120_000, 2)).toBe(60);
  });

  it('keeps fractions of a second', () => {
    expect(asa(1_500, 1)).toBe(1.5);
    expect(asa(10_000, 3)).toBeCloseTo(3.3333333, 6);
  });

  it('is 0 (not null) when contacts were answered instantly', () => {
    expect(asa(0, 3)).toBe(0);
  });

  it('is null when nothing was answered', () => {
    expect(asa(0, 0)).toBeNull();
  });
});

describe('abandonRate = abandoned / (answered + abandoned)', () => {
  it('divides abandoned by answered plus abandoned', () => {
    expect(abandonRate(1, 3)).toBe(0.25);
  });

  it('takes abandoned first and answered second', () => {
    expect(abandonRate(3, 1)).toBe(0.75);
  });

  it('is 0 when nobody abandoned', () => {
    expect(abandonRate(0, 5)).toBe(0);
  });

  it('is 1 when everybody abandoned', () => {
    expect(abandonRate(4, 0)).toBe(1);
  });

  it('is null with neither answered nor abandoned contacts', () => {
    expect(abandonRate(0, 0)).toBeNull();
  });
});

describe('aht (mean resolvedAt − answeredAt, seconds)', () => {
  it('returns seconds from a sum of milliseconds', () => {
    expect(aht(1_200_000, 4)).toBe(300);
  });

  it('keeps fractions of a second', () => {
    expect(aht(2_500, 2)).toBe(1.25);
  });

  it('is null when no answered contact was resolved', () => {
    expect(aht(0, 0)).toBeNull();
  });
});

describe('csat = responses scoring 4 or 5 / all responses', () => {
  it('is the share of positive responses', () => {
    expect(csat(13, 20)).toBe(0.65);
  });

  it('is 0 when no response was positive', () => {
    expect(csat(0, 8)).toBe(0);
  });

  it('is 1 when every response was positive', () => {
    expect(csat(8, 8)).toBe(1);
  });

  it('is null without responses', () => {
    expect(csat(0, 0)).toBeNull();
  });
});

describe('ces = responses scoring 5-7 / all responses; cesMean = score sum / responses', () => {
  it('is the share of easy responses, null without responses', () => {
    expect(ces(3, 4)).toBe(0.75);
    expect(ces(0, 0)).toBeNull();
    expect(cesMean(22, 4)).toBe(5.5);
    expect(cesMean(0, 0)).toBeNull();
  });
});

describe('nps = 100 × (promoters − detractors) / responses', () => {
  it('runs from −100 to 100, null without responses', () => {
    expect(nps(5, 2, 10)).toBe(30);
    expect(nps(0, 4, 4)).toBe(-100);
    expect(nps(4, 0, 4)).toBe(100);
    expect(nps(0, 0, 3)).toBe(0); // all passive
    expect(nps(0, 0, 0)).toBeNull();
  });
});

describe('contactRate = arrivals / orders', () => {
  it('is a fraction of orders', () => {
    expect(contactRate(42, 1_000)).toBe(0.042);
  });

  it('can exceed 1 when there are more contacts than orders', () => {
    expect(contactRate(30, 20)).toBe(1.5);
  });

  it('is 0 with orders and no arrivals', () => {
    expect(contactRate(0, 10)).toBe(0);
  });

  it('is null without orders, even with arrivals', () => {
    expect(contactRate(5, 0)).toBeNull();
    expect(contactRate(0, 0)).toBeNull();
  });
});

describe('shares (count / all reason-tagged contacts)', () => {
  it('gives each reason its share of the total', () => {
    expect(shares({ 'where-is-my-order': 3, refund: 1 })).toEqual({ 'where-is-my-order': 0.75, refund: 0.25 });
  });

  it('shares add up to 1', () => {
    const s = shares({ a: 1, b: 2, c: 4, d: 7 });
    expect(Object.values(s).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(s.d).toBe(0.5);
  });

  it('a single reason has a share of 1', () => {
    expect(shares({ only: 9 })).toEqual({ only: 1 });
  });

  it('keeps every reason, including one with a zero count', () => {
    expect(shares({ a: 2, b: 0 })).toEqual({ a: 1, b: 0 });
  });

  it('gives 0 (never NaN) when every count is 0', () => {
    expect(shares({ a: 0, b: 0 })).toEqual({ a: 0, b: 0 });
  });

  it('is empty for no reasons', () => {
    expect(shares({})).toEqual({});
  });
});
