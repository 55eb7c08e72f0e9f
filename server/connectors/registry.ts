/**
 * Every source type of connector, by its type name: the one list the webhook route, the configuration API and the
 * simulator's dialects look types up in. A type not listed here is refused when a connector is configured.
 */
import type { ConnectorType, ConnectorTypeName } from './connector';
import { amazonConnect } from './sources/amazon-connect';
import { chatwoot } from './sources/chatwoot';
import { generic } from './sources/generic';
import { genesysCloud } from './sources/genesys-cloud';
import { twilioTaskrouter } from './sources/twilio-taskrouter';
import { zendesk } from './sources/zendesk';

const TYPES: readonly ConnectorType[] = [
  chatwoot,
  zendesk,
  twilioTaskrouter,
  amazonConnect,
  genesysCloud,
  generic,
];

export const connectorTypes: ReadonlyMap<ConnectorTypeName, ConnectorType> = new Map(TYPES.map((t) => [t.type, t]));

/** The type of a name, or undefined when it is not (yet) implemented. */
export const connectorType = (name: string): ConnectorType | undefined => connectorTypes.get(name as ConnectorTypeName);
