/**
 * Every source type of connector, by its type name: the one list the webhook route, the configuration API and the
 * simulator's dialects look types up in. A type not listed here is refused when a connector is configured.
 */
import type { ConnectorType, ConnectorTypeName } from './connector';
import { chatwoot } from './sources/chatwoot';
import { generic } from './sources/generic';
// ---- source types merged from the other branch go here (zendesk, twilio-taskrouter, amazon-connect, genesys-cloud) ----

const TYPES: readonly ConnectorType[] = [
  chatwoot,
  generic,
  // ---- and here ----
];

export const connectorTypes: ReadonlyMap<ConnectorTypeName, ConnectorType> = new Map(TYPES.map((t) => [t.type, t]));

/** The type of a name, or undefined when it is not (yet) implemented. */
export const connectorType = (name: string): ConnectorType | undefined => connectorTypes.get(name as ConnectorTypeName);
