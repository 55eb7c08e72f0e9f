/**
 * What the source dialects share: the connector's webhook path, and the way back from a Peakwatch value to the
 * source value a connector maps onto it (so a request the dialect writes translates back to the same event).
 */
import type { ConnectorConfig } from '../../../server/connectors/connector';
import { mapped } from '../../../server/connectors/sources/source-kit';

/** The path a connector's webhook is posted to. */
export function connectorPath(config: ConnectorConfig): string {
  return `/api/v1/connectors/${encodeURIComponent(config.name)}`;
}

/**
 * A source value that the connector maps to `value` (the admin's map first, then the type's defaults), or
 * undefined when no source value does: the dialect cannot say it.
 */
export function sourceValue<T extends string>(value: T, override: Record<string, T> | undefined, defaults: Readonly<Record<string, T>>): string | undefined {
  const keys = [...Object.keys(override ?? {}), ...Object.keys(defaults)];
  return keys.find((k) => mapped(k, override, defaults) === value);
}

/** The source queue id for a Peakwatch queue name: the key the admin mapped to it, else the name itself. */
export function sourceQueue(config: ConnectorConfig, queue: string | undefined): string | undefined {
  if (queue === undefined) return undefined;
  return sourceValue(queue, config.queues, {}) ?? queue;
}

/** `Authorization: Bearer <secret>` and a JSON body, as an EventBridge API destination posts. */
export function bearerJsonHeaders(config: ConnectorConfig): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${config.secret}` };
}
