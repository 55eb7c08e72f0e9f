/**
 * An ingest integration as a careful one is written: batches posted a few at a time, and a batch that got no
 * answer (network error, time-out) or a 5xx is sent again, unchanged, until it is acknowledged. Retrying is
 * safe by contract (every event has an id), so this is what the fault tests hold the server to.
 */

export type Outcome = { kind: 'answer'; status: number; body: any; retryAfter: string | null } | { kind: 'error'; message: string };

export interface Attempt {
  batch: number;
  /** When it was sent and how long it took, ms (performance.now). */
  start: number;
  ms: number;
  outcome: Outcome;
}

export interface RetryingIngestOptions {
  /** Base URL of the server (e.g. http://127.0.0.1:8080); read at each attempt. */
  base: () => string;
  key: () => string;
  batches: readonly unknown[][];
  /** Batches in flight at once. */
  concurrency: number;
  /** An attempt without an answer after this long is abandoned and retried. */
  timeoutMs?: number;
  retryDelayMs?: number;
  /** Pause before each new batch (not a retry), to spread the ingest over time. */
  paceMs?: number;
  /** The whole ingest fails after this long. */
  deadlineMs: number;
  /** Called with each acknowledged batch, as its answer arrives. */
  onAck?: (batch: number, acked: number) => void;
}

export interface RetryingIngestResult {
  /** The 200 answer of each batch. */
  acks: { accepted: number; duplicates: number; rejected: unknown[] }[];
  attempts: Attempt[];
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

async function attempt(base: string, key: string, batch: unknown[], timeoutMs: number): Promise<Outcome> {
  try {
    const res = await fetch(`${base}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* kept as text: the test says what it expected */ }
    return { kind: 'answer', status: res.status, body, retryAfter: res.headers.get('retry-after') };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
}

/**
 * Posts every batch until each is acknowledged with a 200. A 4xx is a bug of the test or the server, not a
 * fault to ride out: it fails the ingest at once.
 */
export async function ingestWithRetries(o: RetryingIngestOptions): Promise<RetryingIngestResult> {
  const deadline = performance.now() + o.deadlineMs;
  const acks: RetryingIngestResult['acks'] = new Array(o.batches.length);
  const attempts: Attempt[] = [];
  let next = 0;
  let acked = 0;
  let failed = false; // one worker failed: the others stop too, rather than post on after the test
  const worker = async () => {
    while (next < o.batches.length && !failed) {
      const b = next++;
      if (o.paceMs) await sleep(o.paceMs);
      for (;;) {
        if (failed) return;
        if (performance.now() > deadline) {
          failed = true;
          throw new Error(`batch ${b} not acknowledged within ${o.deadlineMs} ms; last attempts: ${JSON.stringify(attempts.slice(-5))}`);
        }
        const start = performance.now();
        const outcome = await attempt(o.base(), o.key(), o.batches[b]!, o.timeoutMs ?? 5_000);
        attempts.push({ batch: b, start, ms: performance.now() - start, outcome });
        if (outcome.kind === 'answer' && outcome.status === 200) {
          acks[b] = outcome.body;
          o.onAck?.(b, ++acked);
          break;
        }
        if (outcome.kind === 'answer' && outcome.status < 500) {
          failed = true;
          throw new Error(`batch ${b}: ${outcome.status} ${JSON.stringify(outcome.body)}`);
        }
        await sleep(o.retryDelayMs ?? 100);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { acks, attempts };
}
