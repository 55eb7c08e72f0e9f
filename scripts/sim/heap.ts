/**
 * A binary min-heap of timed tasks. Ties on time keep insertion order (a sequence number), so the order of
 * processing, and with it every random draw, never depends on how the caller slices time.
 */
export interface Timed<T> {
  at: number;
  seq: number;
  task: T;
}

export class TaskHeap<T> {
  private readonly items: Timed<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest task, or +Infinity when empty. */
  peekTime(): number {
    return this.items[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  push(at: number, task: T): void {
    const items = this.items;
    items.push({ at, seq: this.seq++, task });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Timed<T> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && this.less(items[l]!, items[m]!)) m = l;
      if (r < items.length && this.less(items[r]!, items[m]!)) m = r;
      if (m === i) break;
      [items[i], items[m]] = [items[m]!, items[i]!];
      i = m;
    }
    return top;
  }

  private less(a: Timed<T>, b: Timed<T>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}
