/**
 * One source type of connector (Chatwoot, Zendesk, Twilio TaskRouter, Amazon Connect, Genesys Cloud, generic):
 * how it proves a request is authentic, and how its payloads become Peakwatch events. Each type lives in its own
 * file under server/connectors/sources/ and is listed once in server/connectors/registry.ts; the HTTP route, the
 * health counters and the store path are shared by all of them.
 */
import type { AgentStatus } from '../../shared/channels';
import type { ConnectorTypeName } from '../../shared/connectors';

/** A connector as configured by an admin (the `secret` is never returned by the API). */
export interface ConnectorConfig {
  /** `[a-z0-9-]{1,40}`: the webhook is `POST /api/v1/connectors/<name>`, and event ids start with it. */
  name: string;
  type: ConnectorTypeName;
  /** Signing secret, auth token or API key, as the source uses it. */
  secret: string;
  /** Source channel → Peakwatch channel (overrides the type's defaults). */
  channels?: Record<string, string>;
  /** Source queue id, name or ARN → queue name. */
  queues?: Record<string, string>;
  /** Source agent status / activity name → Peakwatch agent status. */
  statuses?: Record<string, AgentStatus>;
  /** Channel of agent statuses when the source does not say (default `voice`). */
  agentChannel?: string;
  /** Minutes without a request before the connector counts as silent (default 10). */
  silentAfter?: number;
  /** `generic` only: where each field is found in the posted JSON. */
  mapping?: unknown;
}

/** The type names live in shared/ (the settings page offers them); re-exported here for the sources. */
export { CONNECTOR_TYPES, type ConnectorTypeName } from '../../shared/connectors';

/** A webhook request as it arrived: the raw bytes are what sources sign. */
export interface ConnectorRequest {
  rawBody: Buffer;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The URL the source called, as the source saw it: PEAKWATCH_PUBLIC_URL + path + query when configured. */
  publicUrl: string;
  /** Query parameters (first value of each). */
  query: Record<string, string>;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** What one request turned into. `events` are in Peakwatch's event contract, checked by the ingest path after. */
export interface Translation {
  events: Record<string, unknown>[];
  /** Source events that mean nothing to Peakwatch (typing, contact updates, …), each with a short why. */
  ignored: string[];
}

export interface ConnectorContext {
  config: ConnectorConfig;
  /** The server's clock (epoch ms), injected. */
  now: number;
}

export interface ConnectorType {
  type: ConnectorTypeName;
  /** One line for the settings page: what the source sends and how it is proved. */
  describe: string;
  /**
   * The proof covers the public URL the source called (Twilio): when it fails, the health says the configured
   * PEAKWATCH_PUBLIC_URL is likely wrong if the URL the server saw differs from it (or none is configured).
   */
  signsUrl?: boolean;
  /** Checks the request's proof on the raw body, in constant time, with the source's replay window. */
  verify(req: ConnectorRequest, ctx: ConnectorContext): Verdict;
  /** Parses the raw body (JSON, or form-encoded for Twilio). Throws ConnectorInputError on a body it cannot read. */
  parse(req: ConnectorRequest): unknown;
  /** Turns the parsed body into Peakwatch events. Pure: no I/O, no clock but ctx.now. */
  translate(body: unknown, ctx: ConnectorContext): Translation;
  /** A payload in the source's own shape that this type accepts, for the settings page and "send a test event". */
  sample(ctx: ConnectorContext): { contentType: string; body: string };
}

/** A body the connector cannot read (not JSON, not the source's shape): a 400 naming what is wrong. */
export class ConnectorInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorInputError';
  }
}
