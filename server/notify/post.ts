/**
 * The one HTTP POST every receiver makes: a time limit over the whole exchange, no redirects, and every way it
 * can fail turned into a `DeliveryError`. Error messages name the receiver and host, never the full URL: a
 * Slack webhook URL is itself the credential.
 */
import type { ReceiverConfig } from '../../shared/alerts';
import { DEFAULT_TIMEOUT_MS, DeliveryError, isRetryableStatus, type SendContext } from './receiver';

const MAX_REPLY_IN_MESSAGE = 200;

export interface JsonPost {
  url: string;
  /** The exact bytes to send (already serialised: a signature may cover them). */
  body: string;
  headers?: Record<string, string>;
}

/** POSTs `body` as JSON; resolves on 2xx, throws a `DeliveryError` otherwise. */
export async function postJson(config: ReceiverConfig, post: JsonPost, ctx: SendContext): Promise<void> {
  const fetchFn = ctx.fetch ?? fetch;
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { url, auth } = splitCredentials(post.url);
  const who = `${config.type} receiver "${config.name}" (${url.host})`;

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
    // Read the reply inside the time limit: it frees the connection, and its start explains a refusal.
    const reply = await res.text();
    if (res.status >= 200 && res.status < 300) return;
    const retryable = isRetryableStatus(res.status);
    throw new DeliveryError(`${who} answered HTTP ${res.status}${replyText(reply)}`, {
      retryable,
      status: res.status,
      retryAfterMs: retryable ? retryAfterMs(res.headers.get('retry-after'), ctx.now()) : null,
    });
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
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

function replyText(reply: string): string {
  const s = reply.replace(/\s+/g, ' ').trim();
  if (!s) return '';
  return `: ${s.length > MAX_REPLY_IN_MESSAGE ? `${s.slice(0, MAX_REPLY_IN_MESSAGE)}…` : s}`;
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
