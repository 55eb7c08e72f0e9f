import type { Redis } from 'ioredis';

/** Thrown when Redis did not answer or failed: callers answer 503, never 500. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Redis unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

type Tx = ReturnType<Redis['multi']>;

/**
 * Reads queued from several places and run in one MULTI/EXEC, so that they all see one point in time: a
 * snapshot never mixes counters from before an ingest with live sets from after it.
 */
export class ReadBatch {
  private readonly tx: Tx;
  private count = 0;
  private readonly parts: { from: number; to: number; done: (v: unknown[]) => void; fail: (e: unknown) => void }[] = [];

  constructor(redis: Redis) {
    this.tx = redis.multi();
  }

  /** Queues the commands `enqueue` adds (it returns how many); resolves with `decode` of their replies after `exec`. */
  queue<T>(enqueue: (tx: Tx) => number, decode: (replies: unknown[]) => T): Promise<T> {
    const from = this.count;
    this.count += enqueue(this.tx);
    const to = this.count;
    return new Promise<T>((ok, fail) => {
      this.parts.push({ from, to, fail, done: (v) => { try { ok(decode(v)); } catch (e) { fail(e); } } });
    });
  }

  /** Runs the batch. Await it together with the parts' promises (Promise.all), so no rejection goes unhandled. */
  async exec(): Promise<void> {
    try {
      const res = this.count ? await this.tx.exec() : [];
      if (!res) throw new Error('transaction aborted');
      for (const p of this.parts) {
        p.done(res.slice(p.from, p.to).map(([err, v]) => {
          if (err) throw new StoreUnavailableError(err);
          return v;
        }));
      }
    } catch (err) {
      const e = err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
      for (const p of this.parts) p.fail(e);
      throw e;
    }
  }
}
