/** Client of the connector routes: the list, its health, a connector's sample and test event. */
import type { ConnectorHealth, PublicConnector } from '@shared/connectors';
import { apiRequest } from './request';

export interface ConnectorSample { webhookUrl: string; describe: string; contentType: string; body: string }
export interface ConnectorTest { sample: { contentType: string; body: string }; events: Record<string, unknown>[]; ignored: string[]; rejected: { index: number; error: string }[] }

export const getConnectors = (token: string, signal?: AbortSignal) => apiRequest<PublicConnector[]>(token, 'GET', '/connectors', { signal });
/** Sent as the admin wrote them: the server names what is wrong. */
export const putConnectors = (token: string, list: unknown[]) => apiRequest<PublicConnector[]>(token, 'PUT', '/connectors', { body: list });
export const getConnectorHealth = (token: string, signal?: AbortSignal) =>
  apiRequest<{ connectors: ConnectorHealth[] }>(token, 'GET', '/connectors/health', { signal });
export const getConnectorSample = (token: string, name: string) => apiRequest<ConnectorSample>(token, 'GET', `/connectors/${encodeURIComponent(name)}/sample`);
export const testConnector = (token: string, name: string) => apiRequest<ConnectorTest>(token, 'POST', `/connectors/${encodeURIComponent(name)}/test`);
