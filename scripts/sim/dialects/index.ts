/** Every source's dialect, by type: the simulator's `--as`, the connector tests and the connector benchmark iterate it. */
import type { ConnectorTypeName } from '../../../shared/connectors';
import { amazonConnectDialect } from './amazon-connect';
import { chatwootDialect } from './chatwoot';
import type { Dialect } from './dialect';
import { genericDialect } from './generic';
import { genesysCloudDialect } from './genesys-cloud';
import { twilioTaskrouterDialect } from './twilio-taskrouter';
import { zendeskDialect } from './zendesk';

const DIALECTS: readonly Dialect[] = [
  chatwootDialect,
  zendeskDialect,
  twilioTaskrouterDialect,
  amazonConnectDialect,
  genesysCloudDialect,
  genericDialect,
];

export const dialects: ReadonlyMap<ConnectorTypeName, Dialect> = new Map(DIALECTS.map((d) => [d.type, d]));
