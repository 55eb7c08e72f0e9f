import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Notification, ReceiverConfig, ReceiverType } from '../../shared/alerts';
import type { AlertStore, Delivery } from '../store/alert-store';
import type { Egress } from './egress';
import type { SendContext } from './receiver';

/** What the worker needs of the receiver registry. */
export interface Sender {
  get(type: ReceiverType): { send(config: ReceiverConfig, n: Notification, ctx: SendContext): Promise<void> };
}

export interface BackoffOptions {
  /** First retry after about this long; doubles each attempt (full jitter). */
  baseMs: number;
  maxMs: number;
  /** After this many failed attempts the delivery goes to the dead letters. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000, maxAttempts: 10 };

/** Delay before the retry after failed attempt `attempt`: exponential, with jitter over its upper half. */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

export interface WorkerDeps {
  alerts: AlertStore;
  /** A connection of its own: XREADGROUP blocks it. */
  blocking: Redis;
  consumer: string;
  receivers: () => Promise<ReceiverConfig[]>;
  sender: Sender;
  logger: Logger;
  now?: () => number;
  backoff?: BackoffOptions;
  timeoutMs?: number;
  /** Where deliveries may go (closed when the worker stops); default: the outside world only. */
  egress?: Egress;
  /** How long an entry may stay taken by a consumer that died before another claims it. */
  claimAfterMs?: number;
}

/**
 * Delivers the outbox: each entry is read by exactly one consumer of the group however many instances run;
 * a failure is retried with exponential back-off and jitter (each retry taken by exactly one instance), and
 * after `maxAttempts` goes to the dead letters, which the leads' view shows with each receiver's health.
 */
export class DeliveryWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private lastClaim = 0;
  private readonly now: () => number;
  private readonly backoff: BackoffOptions;

  constructor(private readonly d: WorkerDeps) {
    this.now = d.now ?? Date.now;
    this.backoff = d.backoff ?? DEFAULT_BACKOFF;
  }

  async start(): Promise<void> {
    await this.d.alerts.ensureOutboxGroup();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.d.blocking.disconnect(); // ends a blocked XREADGROUP at once
    await this.loop?.catch(() => undefined);
    await this.d.egress?.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        for (const d of await this.d.alerts.takeDueRetries(Date.now(), 50)) await this.deliver(d);
        if (Date.now() - this.lastClaim > 5_000) {
          this.lastClaim = Date.now();
          for (const e of await this.d.alerts.claimStale(this.d.consumer, this.d.claimAfterMs ?? 30_000, 50)) await this.handle(e);
        }
        for (const e of await this.d.alerts.readOutbox(this.d.blocking, this.d.consumer, 50, 200)) await this.handle(e);
      } catch (err) {
        if (!this.running) return;
        this.d.logger.warn({ err: (err as Error).message }, 'outbox worker: retrying after an error');
        await new Promise((ok) => setTimeout(ok, 500));
      }
    }
  }

  private async handle(e: { id: string; delivery: Delivery }): Promise<void> {
    await this.deliver(e.delivery);
    await this.d.alerts.ackOutbox(e.id);
  }

  /** One attempt; on failure, a retry later or the dead letters. */
  async deliver(d: Delivery): Promise<void> {
    const attempt = d.attempt + 1;
    const config = (await this.d.receivers()).find((r) => r.name === d.receiver);
    if (!config) {
      await this.d.alerts.deadLetter({ ...d, attempt, error: `receiver "${d.receiver}" is not configured`, at: this.now() });
      return;
    }
    try {
      await this.d.sender.get(config.type).send(config, d.notification, { now: this.now, timeoutMs: this.d.timeoutMs ?? 5_000, egress: this.d.egress });
      await this.d.alerts.recordSuccess(d.receiver, this.now());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const retryable = (err as { retryable?: boolean }).retryable !== false;
      const reply = (err as { reply?: string | null }).reply ?? null;
      await this.d.alerts.recordFailure(d.receiver, message, this.now(), reply);
      if (retryable && attempt < this.backoff.maxAttempts) {
        // Retries run on the wall clock (operational time), whatever clock the figures use.
        await this.d.alerts.scheduleRetry({ ...d, attempt }, Date.now() + backoffDelay(attempt, this.backoff));
      } else {
        await this.d.alerts.deadLetter({ ...d, attempt, error: message, ...(reply === null ? {} : { reply }), at: this.now() });
        this.d.logger.warn({ receiver: d.receiver, attempt, err: message }, 'delivery failed for good');
      }
    }
  }
}
