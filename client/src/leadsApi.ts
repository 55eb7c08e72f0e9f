/** Client of the leads' routes: alerts and their log, ack, silence, receivers' health, rules (shapes in shared/alerts.ts). */
import type { Alert, AlertsReply, HealthReply, Rule } from '@shared/alerts';
import { RequestError, apiRequest, errorOf, statusMessage } from './api/request';

export type { AlertsReply, DeadLetter, HealthReply, HistoryEntry, ReceiverHealth } from '@shared/alerts';

/** A reply other than 2xx, with the server's own message (`{ "error": "..." }`): the pages' one error type. */
export { RequestError as ApiError };

/** The leads' words for a refusal the server did not explain. */
function leadMessage(status: number): string {
  if (status === 401) return 'The token was refused: open the leads link again.';
  if (status === 403) return 'This needs a lead token.';
  return statusMessage(status);
}

/** The message to show for a failed reply: the server's `error`, else a plain one for the status. */
export function apiErrorMessage(status: number, body: unknown): string {
  return errorOf(status, body, leadMessage).message;
}

const request = <T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> =>
  apiRequest<T>(token, method, path, { body, signal, fallbackMessage: leadMessage });

/** Active alerts and the newest `limit` entries of the alert log (viewer). */
export const fetchAlerts = (token: string, limit: number, signal?: AbortSignal) =>
  request<AlertsReply>(token, 'GET', `/alerts?limit=${limit}`, undefined, signal);

/** The rules (viewer): they name the alerts of the log that are no longer active. */
export const fetchRules = (token: string, signal?: AbortSignal) => request<Rule[]>(token, 'GET', '/rules', undefined, signal);

/** Each receiver's delivery health and the newest dead letters (lead). */
export const fetchHealth = (token: string, signal?: AbortSignal) => request<HealthReply>(token, 'GET', '/receivers/health', undefined, signal);

/** Acks an active alert (lead); the reply is the alert as acked. An alert id holds ":", hence the encoding. */
export const ackAlert = (token: string, alertId: string, body: { note: string }) =>
  request<Alert>(token, 'POST', `/alerts/${encodeURIComponent(alertId)}/ack`, body);

/** Silences an alert's notifications for 1-1440 minutes (lead); the reply is the alert as silenced. */
export const silenceAlert = (token: string, body: { alertId: string; minutes: number; reason: string }) =>
  request<Alert>(token, 'POST', '/silences', body);
