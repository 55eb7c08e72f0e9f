import type { Redis } from 'ioredis';

/** Deletes a lock only when `instanceId` holds it. */
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * A leader lock in Redis (lua/leader-lock-1.lua): one instance at a time does a piece of background work
 * (the alert evaluator, the history folder), renewing the lock while it runs.
 */
export class LeaderLock {
  constructor(private readonly redis: Redis, private readonly key: string) {}

  /** Takes or keeps the lock; true when this instance holds it. */
  async take(instanceId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.leaderLock(this.key, instanceId, ttlMs)) === 1;
  }

  /** Gives the lock up (on shutdown) if this instance holds it. */
  async release(instanceId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, instanceId);
  }
}
