/** Every source's dialect, by type: the simulator's `--as`, the connector tests and the connector benchmark iterate it. */
import type { ConnectorTypeName } from '../../../shared/connectors';
import { chatwootDialect } from './chatwoot';
import type { Dialect } from './dialect';
import { genericDialect } from './generic';
// ---- dialects merged from the other branch go here (zendesk, twilio-taskrouter, amazon-connect, genesys-cloud) ----

const DIALECTS: readonly Dialect[] = [
  chatwootDialect,
  genericDialect,
  // ---- and here ----
];

export const dialects: ReadonlyMap<ConnectorTypeName, Dialect> = new Map(DIALECTS.map((d) => [d.type, d]));
