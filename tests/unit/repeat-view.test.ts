import { describe, expect, it } from 'vitest';
import { repeatView } from '../../client/src/model/repeats';
import type { WindowFigures } from '../../shared/snapshot';

const today = (w: Partial<WindowFigures>) => ({ repeats: 0, customerArrivals: 0, repeatRate: null, ...w }) as WindowFigures;

describe('the repeat rate on the leads and readiness views', () => {
  it('reads the rate with one decimal and what it is of', () => {
    expect(repeatView(today({ repeats: 37, customerArrivals: 412, repeatRate: 37 / 412 }))).toEqual({ text: '9.0%', sub: '37 of 412 came back' });
  });

  it('says so when no arrival carried a customer id (rather than a 0 % that would read as good news)', () => {
    expect(repeatView(today({}))).toEqual({ text: '—', sub: 'no customer ids yet' });
    expect(repeatView(undefined)).toEqual({ text: '—', sub: 'no customer ids yet' });
  });
});
