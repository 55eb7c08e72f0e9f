import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Annotation } from '../../shared/annotations';
import type { Keys } from './keys';
import { StoreUnavailableError } from './store';

const KEEP_MS = 30 * 86_400_000;
const MAX = 5_000;

/** Incident annotations in one sorted set per tenant, scored by start. */
export class AnnotationStore {
  constructor(readonly redis: Redis, readonly keys: Keys) {}

  /** Adds one; drops those that started more than 30 days before it, and keeps at most 5,000. */
  async add(a: Omit<Annotation, 'id'>): Promise<Annotation> {
    const annotation: Annotation = { id: randomUUID(), ...a };
    await this.call(() => this.redis.multi()
      .zadd(this.keys.annotations, a.start, JSON.stringify(annotation))
      .zremrangebyscore(this.keys.annotations, '-inf', `(${a.createdAt - KEEP_MS}`)
      .zremrangebyrank(this.keys.annotations, 0, -MAX - 1)
      .exec());
    return annotation;
  }

  /** Annotations overlapping [from, to]: started before `to`, and not ended before `from`. */
  async between(from: number, to: number): Promise<Annotation[]> {
    const raw = await this.call(() => this.redis.zrangebyscore(this.keys.annotations, '-inf', to));
    return raw.map((r) => JSON.parse(r) as Annotation).filter((a) => (a.end ?? Number.POSITIVE_INFINITY) >= from);
  }

  /** Removes one by id; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const raw = await this.call(() => this.redis.zrange(this.keys.annotations, 0, -1));
    const hit = raw.find((r) => (JSON.parse(r) as Annotation).id === id);
    if (!hit) return false;
    await this.call(() => this.redis.zrem(this.keys.annotations, hit));
    return true;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try { return await fn(); } catch (err) { throw new StoreUnavailableError(err); }
  }
}
