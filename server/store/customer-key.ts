import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Bytes of the keyed hash kept per customer (base64url: 22 characters): collisions stay negligible, memory small. */
const HASH_BYTES = 16;
const SECRET_BYTES = 32;

/** Turns a customerId into what is stored instead of it. */
export type CustomerHasher = (customerId: string) => string;

/**
 * The keyed hash of customer ids: HMAC-SHA256 with the installation's secret, truncated to HASH_BYTES, base64url.
 * The secret lives in Redis (`secretKey`), created once with SET NX, so every instance on the same Redis hashes
 * a customer alike; the raw id is never stored nor logged. Deleting the key makes a new secret at the next
 * start: customers seen before are then strangers (no repeat links across the change).
 */
export class CustomerKeys {
  private hasher: Promise<CustomerHasher> | null = null;

  constructor(private readonly redis: Redis, private readonly secretKey: string) {}

  /** The hasher, reading (or creating) the secret on first use; a failed read is tried again next time. */
  get(): Promise<CustomerHasher> {
    this.hasher ??= this.load().catch((err: unknown) => {
      this.hasher = null;
      throw err;
    });
    return this.hasher;
  }

  private async load(): Promise<CustomerHasher> {
    await this.redis.set(this.secretKey, randomBytes(SECRET_BYTES).toString('base64'), 'NX');
    const stored = await this.redis.get(this.secretKey);
    if (!stored) throw new Error('the customer-id secret is missing from Redis');
    const secret = Buffer.from(stored, 'base64');
    return (customerId) => createHmac('sha256', secret).update(customerId, 'utf8').digest().subarray(0, HASH_BYTES).toString('base64url');
  }
}
