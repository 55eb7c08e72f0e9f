/**
 * What every receiver type implements, and the one error a delivery fails with. A receiver type is one small
 * module exporting a `Receiver`; `registry.ts` lists them.
 */
import type { Notification, ReceiverConfig, ReceiverType } from '../../shared/alerts';
import type { Egress } from './egress';

/** What a delivery may use from outside: the clock, where it may go, and (for tests) `fetch` and the time limit. */
export interface SendContext {
  /** Epoch ms. */
  now(): number;
  /** Where requests may go and the `fetch` that checks each connection; defaults to the outside world only. */
  egress?: Egress;
  /** Replaces the network (tests); the URL is still checked against `egress`. */
  fetch?: typeof fetch;
  /** The whole request, reply body included; defaults to `DEFAULT_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export interface Receiver {
  type: ReceiverType;
  /**
   * Delivers one notification to one configured receiver. Resolves when the receiver answered 2xx; otherwise
   * throws a `DeliveryError` that says whether trying again later can help.
   */
  send(config: ReceiverConfig, n: Notification, ctx: SendContext): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface DeliveryErrorInit {
  retryable: boolean;
  /** The HTTP status, or null when there was no answer (refused, reset, timed out). */
  status: number | null;
  /** From `Retry-After` on a 429/503, in ms from the time of the answer; null without one. */
  retryAfterMs?: number | null;
  /** The start of the receiver's reply to a non-2xx (for the admin: it is not part of the message). */
  reply?: string | null;
  cause?: unknown;
}

/** A delivery that did not get a 2xx. `retryable`: whether the outbox should try again with back-off. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly retryable: boolean;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  readonly reply: string | null;

  constructor(message: string, init: DeliveryErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.retryable = init.retryable;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.reply = init.reply ?? null;
  }
}

/**
 * Whether a non-2xx answer is worth retrying: 5xx, 408 (timeout) and 429 (rate limited) are; any other 4xx
 * means the request or the configuration is wrong and will fail the same way again. A 3xx is not followed
 * (a signed payload goes only where it was configured to) and counts as a configuration error too.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
