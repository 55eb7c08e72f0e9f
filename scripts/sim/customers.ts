/**
 * Who the simulated contacts are: most customers get in touch once; some come back — a few after a good answer,
 * more after a long wait, most after giving up in the queue — hours to days later, on any channel. A returning
 * customer takes the place of a new one (the day's volume stays the model's), so the repeat rate shows without
 * changing the arrivals. Its own seeded stream: the rest of the day draws exactly as without it.
 */
import { TaskHeap } from './heap';
import { Rng, fnv1a } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Chance that a customer comes back, by how the contact ended. */
export const COME_BACK = { answered: 0.06, longWait: 0.18, abandoned: 0.35 } as const;

export class Customers {
  private readonly rng: Rng;
  private readonly returning = new TaskHeap<string>();
  private seq = 0;

  constructor(private readonly tag: string) {
    this.rng = new Rng(fnv1a(`${tag}-customers`));
  }

  /** The customer of a contact arriving at `now`: one due to come back, else a new one. */
  arriving(now: number): string {
    if (this.returning.peekTime() <= now) return this.returning.pop()!.task;
    return `cust-${this.tag}-${(this.seq++).toString(36)}`;
  }

  /** A contact of `customer` closed at `now`: whether (and when) the customer will be back. */
  closed(customer: string, now: number, how: { abandoned: boolean; longWait: boolean }): void {
    const p = how.abandoned ? COME_BACK.abandoned : how.longWait ? COME_BACK.longWait : COME_BACK.answered;
    if (!this.rng.chance(p)) return;
    // Who gave up tries again soon (5-90 min); the others mostly within hours, some days later.
    const delay = how.abandoned ? this.rng.uniform(5 * MINUTE, 90 * MINUTE)
      : Math.min(this.rng.lognormal(6, 1.5) * HOUR, 10 * 24 * HOUR);
    this.returning.push(now + Math.round(delay), customer);
  }
}
