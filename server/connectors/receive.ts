/**
 * One webhook request through its connector: the proof (on the raw body), the source's body, its translation,
 * and then the very path of `POST /api/v1/events` (checkEvent, the store's scripts, onApplied). The health and
 * the metrics count what it came to. Shared by every source type.
 */
import type { ConnectorReply } from '../../shared/connectors';
import { HttpError } from '../http/errors';
import { type IngestDeps, ingest } from '../ingest/ingest';
import type { AppMetrics } from '../metrics/prometheus';
import type { ConnectorStore } from '../store/connector-store';
import { type ConnectorConfig, ConnectorInputError, type ConnectorRequest, type ConnectorType } from './connector';

export interface ReceiveDeps extends IngestDeps {
  connectors: ConnectorStore;
  metrics: AppMetrics;
  /** PEAKWATCH_PUBLIC_URL, or null when not configured. */
  publicUrl: string | null;
}

/** A request as the server saw it: `seenUrl` is its own idea of the URL (protocol, Host header, path and query). */
export interface IncomingWebhook extends Omit<ConnectorRequest, 'publicUrl'> {
  /** Path and query as requested. */
  pathAndQuery: string;
  seenUrl: string;
}

/** The URL the source called as the source saw it: the configured public URL when there is one. */
export const publicUrlOf = (w: IncomingWebhook, publicUrl: string | null) => (publicUrl === null ? w.seenUrl : `${publicUrl}${w.pathAndQuery}`);

/** Why a failed proof may be the server's configuration rather than the request's: only for types that sign the URL. */
function urlHint(type: ConnectorType, w: IncomingWebhook, publicUrl: string | null): string | undefined {
  if (!type.signsUrl) return undefined;
  if (publicUrl === null) {
    return `signature failed and PEAKWATCH_PUBLIC_URL is not set: the source signs the URL it called, the server saw ${w.seenUrl}; set PEAKWATCH_PUBLIC_URL to the public URL if that is not it`;
  }
  const configured = `${publicUrl}${w.pathAndQuery}`;
  if (configured !== w.seenUrl) {
    return `signature failed: the public URL is likely wrong (PEAKWATCH_PUBLIC_URL gives ${configured}, the server saw ${w.seenUrl}); it must be the URL the source calls`;
  }
  return undefined;
}

/**
 * Receives one request for `config`. A bad proof is an HttpError 401 after it is counted (nothing applied); a body the
 * type cannot read is a 400, counted as the connector's last error.
 */
export async function receive(type: ConnectorType, config: ConnectorConfig, w: IncomingWebhook, deps: ReceiveDeps): Promise<ConnectorReply> {
  const now = deps.clock();
  const ctx = { config, now };
  const req: ConnectorRequest = { rawBody: w.rawBody, headers: w.headers, query: w.query, publicUrl: publicUrlOf(w, deps.publicUrl) };
  const verdict = type.verify(req, ctx);
  const count = (result: string) => deps.metrics.connectorRequests.inc({ connector: config.name, result });
  if (!verdict.ok) {
    await deps.connectors.record(config.name, { at: now, refused: verdict.reason, error: urlHint(type, w, deps.publicUrl) });
    count('refused');
    throw new HttpError(401, `refused: ${verdict.reason}`);
  }
  let translation;
  try {
    translation = type.translate(type.parse(req), ctx);
  } catch (err) {
    if (!(err instanceof ConnectorInputError)) throw err;
    await deps.connectors.record(config.name, { at: now, error: err.message });
    count('bad_request');
    throw new HttpError(400, err.message);
  }
  const result = translation.events.length
    ? await ingest(translation.events, deps)
    : { accepted: 0, duplicates: 0, rejected: [] };
  const rejectedError = result.rejected[0] && `an event was rejected: ${result.rejected[0].error}`;
  await deps.connectors.record(config.name, {
    at: now, accepted: result.accepted, duplicates: result.duplicates, ignored: translation.ignored.length, rejected: result.rejected.length,
    ...(rejectedError ? { error: rejectedError } : {}),
  });
  count('ok');
  const ev = (r: string, n: number) => { if (n > 0) deps.metrics.connectorEvents.inc({ connector: config.name, result: r }, n); };
  ev('accepted', result.accepted);
  ev('duplicate', result.duplicates);
  ev('ignored', translation.ignored.length);
  ev('rejected', result.rejected.length);
  return { accepted: result.accepted, duplicates: result.duplicates, ignored: translation.ignored.length, rejected: result.rejected };
}

/**
 * The type's sample through the connector with a valid proof, as a dry run: proved, read, translated and each event
 * checked against the contract, but nothing applied (a test on a live wall must not put a fake chat in its queue).
 */
export function dryRun(type: ConnectorType, config: ConnectorConfig, body: Buffer, deps: Pick<IngestDeps, 'channels' | 'clock'>, check: (e: unknown) => string | null) {
  const ctx = { config, now: deps.clock() };
  const translation = type.translate(type.parse({ rawBody: body, headers: {}, query: {}, publicUrl: '' }), ctx);
  return {
    events: translation.events,
    ignored: translation.ignored,
    rejected: translation.events.flatMap((e, index) => {
      const error = check(e);
      return error === null ? [] : [{ index, error }];
    }),
  };
}
