/**
 * A source's dialect for the simulator, the connector tests and the connector benchmark: Peakwatch events
 * written the way that source would send them (its payload shapes and its signature), so a simulated day can run
 * through a connector. One file per source type beside this one, listed in ./index.ts.
 */
import type { PeakEvent } from '../../../shared/events';
import type { ConnectorConfig, ConnectorTypeName } from '../../../server/connectors/connector';

/** One webhook request as the source would make it. */
export interface SourceRequest {
  /** Path and query after the server's origin, e.g. `/api/v1/connectors/chat-eu`. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Dialect {
  type: ConnectorTypeName;
  /**
   * The requests the source would send for these events (in this order), signed with `config.secret`.
   * `publicUrl` is the URL origin the source calls (Twilio signs it); `now` stamps signatures that carry a time.
   * Events the source cannot express (e.g. agent status for Chatwoot) are left out and returned in `unsent`.
   */
  encode(events: PeakEvent[], config: ConnectorConfig, opts: { publicUrl: string; now: number }): { requests: SourceRequest[]; unsent: PeakEvent[] };
}
