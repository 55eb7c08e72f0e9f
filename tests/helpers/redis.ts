import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { tenantKeys } from '../../server/store/keys';
import { Store } from '../../server/store/store';

/** A connection to the run's real redis-server. */
export function connect(): Redis {
  return new Redis(inject('redisUrl'), { lazyConnect: false, maxRetriesPerRequest: 2 });
}

/** A tenant name no other test uses, so its keys never meet another test's. */
export function uniqueTenant(label = 't'): string {
  return `${label}-${randomBytes(5).toString('hex')}`;
}

/** A store on a fresh tenant, with a clock the test controls. */
export function testStore(redis: Redis, clock: () => number) {
  return new Store(redis, tenantKeys(uniqueTenant()), clock);
}
