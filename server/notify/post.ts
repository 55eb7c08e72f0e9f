/**
 * The one HTTP POST every receiver makes: only where receivers may go (egress.ts), a time limit over the whole
 * exchange, no redirects, and every way it can fail turned into a `DeliveryError`. Error messages name the
 * receiver and host, never the full URL (a Slack webhook URL is itself the credential), nor what the receiver
 * answered: the leads read them, and a reply is the admin's to see (`DeliveryError.reply`).
 */
import type { ReceiverConfig } from '../../shared/alerts';
import { receiverUrlProblem } from '../../shared/receiver-url';
import { type Egress, RefusedAddressError, createEgress } from './egress';
import { DEFAULT_TIMEOUT_MS, DeliveryError, isRetryableStatus, type SendContext } from './receiver';

/** The start of a reply kept for the admin; only this much of it is read. */
const MAX_REPLY = 200;
const MAX_REPLY_READ = 4 * 1024;

let outsideOnly: Egress | null = null;

export interface JsonPost {
  url: string;
  /** The exact bytes to send (already serialised: a signature may cover them). */
  body: string;
  headers?: Record<string, string>;
}

/** POSTs `body` as JSON; resolves on 2xx, throws a `DeliveryError` otherwise. */
export async function postJson(config: ReceiverConfig, post: JsonPost, ctx: SendContext): Promise<void> {
  const egress = ctx.egress ?? (outsideOnly ??= createEgress());
  const fetchFn = ctx.fetch ?? egress.fetch;
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { url, auth } = splitCredentials(post.url);
  const who = `${config.type} receiver "${config.name}" (${url.host})`;
  const refused = receiverUrlProblem(url.href, egress.allow);
  if (refused) throw new DeliveryError(`${who} was not sent to: its URL ${refused}`, { retryable: false, status: null });

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
  try {
    const res = await fetchFn(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Peakwatch', ...auth, ...post.headers },
      body: post.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    // Read the reply's start inside the time limit: it frees the connection, and explains a refusal to the admin.
    const reply = await replyStart(res);
    if (res.status >= 200 && res.status < 300) return;
    const retryable = isRetryableStatus(res.status);
    throw new DeliveryError(`${who} answered HTTP ${res.status}`, {
      retryable,
      status: res.status,
      retryAfterMs: retryable ? retryAfterMs(res.headers.get('retry-after'), ctx.now()) : null,
      reply,
    });
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    const cause = err instanceof Error ? err.cause : undefined;
    if (cause instanceof RefusedAddressError) {
      throw new DeliveryError(`${who} was not sent to: ${cause.message}`, { retryable: false, status: null, cause });
    }
    if (timedOut) {
      throw new DeliveryError(`${who} did not answer within ${timeoutMs} ms`, { retryable: true, status: null, cause: err });
    }
    throw new DeliveryError(`${who} could not be reached: ${networkReason(err)}`, { retryable: true, status: null, cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/** `fetch` refuses URLs with credentials; `https://user:pass@host/` becomes a Basic `Authorization` header. */
function splitCredentials(raw: string): { url: URL; auth: Record<string, string> } {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url, auth: {} };
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  return { url, auth: { Authorization: `Basic ${basic}` } };
}

/** The first `MAX_REPLY` characters of a reply, spaces collapsed (null when empty); the rest is not read. */
async function replyStart(res: Response): Promise<string | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  while (reader && size < MAX_REPLY_READ) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader?.cancel().catch(() => undefined);
  const s = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  return s.length > MAX_REPLY ? `${s.slice(0, MAX_REPLY)}…` : s;
}

/** undici reports `fetch failed` and puts the reason (`ECONNREFUSED`, …) in `cause`. */
function networkReason(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const h = header.trim();
  if (/^\d+$/.test(h)) return Number(h) * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
