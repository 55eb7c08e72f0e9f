/**
 * Posts events to Peakwatch the way an integration would: `POST /api/v1/events` with the ingest key, in
 * batches, retrying network failures and 5xx answers with back-off (safe: ids are unique and the server
 * drops duplicates). Problems a retry cannot fix end the run with one line that says what to change.
 */
import type { PeakEvent } from '../../shared/events';
import type { ConnectorConfig } from '../../server/connectors/connector';
import type { Dialect } from './dialects/dialect';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

/** A problem retrying will not fix; its message is one line naming the flag or variable to fix. */
export class FatalIngestError extends Error {
  override name = 'FatalIngestError';
}

/** The run was stopped while a batch waited for a retry. */
export class StoppedError extends Error {
  override name = 'StoppedError';
}

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface IngestClientOptions {
  /** Base URL of Peakwatch, e.g. http://127.0.0.1:8080. */
  url: string;
  key: string;
  /** Largest batch sent in one request (the server takes 5,000; smaller batches keep latency even). */
  batchSize?: number;
  /** First retry delay; it doubles up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts before giving up while the server has never answered, so a wrong --url fails fast. */
  firstContactAttempts?: number;
  timeoutMs?: number;
  /** Aborting it stops retries (the request in flight may still finish). */
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
  fetch?: typeof fetch;
  /** Speak a source's dialect to one of its connectors (`--as`) instead of posting Peakwatch events. */
  as?: { dialect: Dialect; config: ConnectorConfig };
  /** The clock that stamps signatures with a time (`as`); default the wall clock. */
  now?: () => number;
}

interface Outgoing { url: string; headers: Record<string, string>; body: string; events: number }

type Attempt = { ok: true; result: IngestResult } | { ok: false; retry: boolean; reason: string; retryAfterMs?: number; status?: number };

export class IngestClient {
  private readonly endpoint: string;
  private readonly batchSize: number;
  private reached = false;

  constructor(private readonly opts: IngestClientOptions) {
    this.endpoint = `${opts.url.replace(/\/+$/, '')}/api/v1/events`;
    this.batchSize = Math.min(5_000, Math.max(1, opts.batchSize ?? 1_000));
  }

  /** Posts `events` in batches of at most `batchSize`, in order; the results are summed. */
  async postAll(events: readonly PeakEvent[]): Promise<IngestResult> {
    const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
    for (let i = 0; i < events.length; i += this.batchSize) {
      const r = await this.post(events.slice(i, i + this.batchSize));
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
      total.rejected.push(...r.rejected.map((x) => ({ ...x, index: x.index + i })));
    }
    return total;
  }

  /** Posts one batch, retrying until it is acknowledged, the run is stopped, or the problem is fatal. */
  async post(batch: readonly PeakEvent[]): Promise<IngestResult> {
    if (this.opts.as) return this.postAs(batch, this.opts.as);
    return this.deliver({
      url: this.endpoint, headers: { authorization: `Bearer ${this.opts.key}`, 'content-type': 'application/json' }, body: JSON.stringify(batch), events: batch.length,
    }, batch);
  }

  /**
   * The batch as the source would send it: its dialect's requests, each delivered (with retries) in order. Events
   * the source cannot express are counted as rejected, with why.
   */
  private async postAs(batch: readonly PeakEvent[], as: NonNullable<IngestClientOptions['as']>): Promise<IngestResult> {
    const origin = this.opts.url.replace(/\/+$/, '');
    const { requests, unsent } = as.dialect.encode([...batch], as.config, { publicUrl: origin, now: (this.opts.now ?? Date.now)() });
    const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
    for (const r of requests) {
      const res = await this.deliver({ url: `${origin}${r.path}`, headers: r.headers, body: r.body, events: 1 }, null);
      total.accepted += res.accepted;
      total.duplicates += res.duplicates;
      total.rejected.push(...res.rejected);
    }
    for (const e of unsent) total.rejected.push({ index: batch.indexOf(e), error: `${as.dialect.type} cannot send ${e.type}` });
    return total;
  }

  private async deliver(out: Outgoing, batch: readonly PeakEvent[] | null): Promise<IngestResult> {
    for (let attempt = 1; ; attempt++) {
      const a = await this.attempt(out);
      if (a.ok) {
        this.reached = true;
        return a.result;
      }
      if (a.status === 413 && batch && batch.length > 1) return this.postHalves(batch);
      if (!a.retry) throw new FatalIngestError(a.reason);
      if (!this.reached && a.status === undefined && attempt >= (this.opts.firstContactAttempts ?? 4)) {
        throw new FatalIngestError(`cannot reach Peakwatch at ${this.opts.url} (${a.reason}): start the server (npm start) or pass --url`);
      }
      const base = this.opts.retryBaseMs ?? 500;
      const delayMs = a.retryAfterMs ?? Math.min(this.opts.retryMaxMs ?? 15_000, base * 2 ** (attempt - 1));
      this.opts.onRetry?.({ attempt, delayMs, reason: a.reason });
      await this.sleep(delayMs);
    }
  }

  private async postHalves(batch: readonly PeakEvent[]): Promise<IngestResult> {
    const mid = Math.ceil(batch.length / 2);
    const a = await this.post(batch.slice(0, mid));
    const b = await this.post(batch.slice(mid));
    return {
      accepted: a.accepted + b.accepted, duplicates: a.duplicates + b.duplicates,
      rejected: [...a.rejected, ...b.rejected.map((x) => ({ ...x, index: x.index + mid }))],
    };
  }

  private async attempt(out: Outgoing): Promise<Attempt> {
    let res: Response;
    try {
      res = await (this.opts.fetch ?? fetch)(out.url, {
        method: 'POST',
        headers: out.headers,
        body: out.body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      return { ok: false, retry: true, reason: networkReason(err) };
    }
    const text = await res.text().catch(() => '');
    if (res.status === 200) {
      const result = parseResult(text);
      if (result) return { ok: true, result };
      return { ok: false, retry: false, status: 200, reason: `${out.url} answered 200 but not with {"accepted","duplicates","rejected"}: is --url a Peakwatch server?` };
    }
    const detail = errorText(text);
    if (this.opts.as && (res.status === 401 || res.status === 404)) {
      const name = this.opts.as.config.name;
      return {
        ok: false, retry: false, status: res.status, reason: res.status === 404
          ? `Peakwatch has no connector "${name}": add it on /settings (or PUT /api/v1/connectors), or pass --connector`
          : `the connector "${name}" refused the request (${detail}): pass --secret with its secret (or set PEAKWATCH_CONNECTOR_SECRET)`,
      };
    }
    if (res.status === 401 || res.status === 403) {
      return { ok: false, retry: false, status: res.status, reason: `Peakwatch at ${this.opts.url} refused the ingest key (${res.status}): pass --key or set PEAKWATCH_INGEST_KEYS to a key the server accepts` };
    }
    if (res.status === 404) {
      return { ok: false, retry: false, status: 404, reason: `${out.url} does not exist (404): is --url the Peakwatch server?` };
    }
    if (res.status === 429 || res.status >= 500) {
      const after = Number(res.headers.get('retry-after'));
      return {
        ok: false, retry: true, status: res.status, reason: `HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
        ...(Number.isFinite(after) && after > 0 ? { retryAfterMs: Math.min(after, 60) * 1_000 } : {}),
      };
    }
    return { ok: false, retry: false, status: res.status, reason: `Peakwatch rejected a request of ${out.events} ${this.opts.as ? 'webhook' : 'events'} (${res.status}${detail ? `: ${detail}` : ''})` };
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.opts.signal;
    if (signal?.aborted) return Promise.reject(new StoppedError('stopped'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new StoppedError('stopped'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function parseResult(text: string): IngestResult | null {
  try {
    const body = JSON.parse(text) as Partial<IngestResult>;
    if (typeof body.accepted !== 'number' || typeof body.duplicates !== 'number' || !Array.isArray(body.rejected)) return null;
    return { accepted: body.accepted, duplicates: body.duplicates, rejected: body.rejected };
  } catch {
    return null;
  }
}

/** The server's `{"error"}` message, shortened, or the start of whatever else it sent. */
function errorText(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error.slice(0, 200);
  } catch {
    // not JSON: fall through
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** A short reason for a failed request: `connection refused`, `timed out`, the system error code, ... */
function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  return code ?? e.cause?.message ?? e.message ?? String(err);
}
