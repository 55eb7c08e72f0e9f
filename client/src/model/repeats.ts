import type { WindowFigures } from '@shared/snapshot';
import { NO_VALUE, count, percent } from './format';

/** A channel's repeat rate as the leads' and readiness views show it: the rate, and what it is of. */
export interface RepeatView {
  text: string;
  sub: string;
}

/** From a window's figures (today's); "—" and "no customer ids" when no arrival carried one. */
export function repeatView(w: WindowFigures | undefined): RepeatView {
  if (!w || w.customerArrivals === 0) return { text: NO_VALUE, sub: 'no customer ids yet' };
  return { text: percent(w.repeatRate, 1), sub: `${count(w.repeats)} of ${count(w.customerArrivals)} came back` };
}
