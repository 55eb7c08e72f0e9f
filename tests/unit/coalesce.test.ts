import { describe, expect, it } from 'vitest';
import { coalesce } from '../../server/application';

describe('coalesce (the dirty signal)', () => {
  it('sends at once when idle, and once more after a send for every burst of calls made during it', async () => {
    const started: number[] = [];
    const pending: (() => void)[] = [];
    let calls = 0;
    const signal = coalesce(() => { started.push(calls); return new Promise<void>((ok) => pending.push(ok)); });
    calls++; signal();
    expect(started).toEqual([1]);
    for (let i = 0; i < 5; i++) { calls++; signal(); }
    expect(started).toEqual([1]); // one under way: the calls wait for it
    pending.shift()!();
    await new Promise((ok) => setTimeout(ok, 0));
    expect(started).toEqual([1, 6]); // one more, started after all five
    pending.shift()!();
    await new Promise((ok) => setTimeout(ok, 0));
    expect(started).toEqual([1, 6]); // nothing called since: nothing more sent
    calls++; signal();
    expect(started).toEqual([1, 6, 7]);
  });

  it('goes on after a failed send', async () => {
    let n = 0;
    const signal = coalesce(() => { n++; return n === 1 ? Promise.reject(new Error('down')).catch(() => undefined) : Promise.resolve(); });
    signal(); signal();
    await new Promise((ok) => setTimeout(ok, 0));
    expect(n).toBe(2);
  });
});
