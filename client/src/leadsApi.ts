/** Client of the leads' routes: alerts and their log, ack, silence, receivers' health, rules (shapes in shared/alerts.ts). */
import type { Alert, AlertsReply, HealthReply, Rule } from '@shared/alerts';

export type { AlertsReply, DeadLetter, HealthReply, HistoryEntry, ReceiverHealth } from '@shared/alerts';

/** A reply other than 2xx, with the server's own message (`{ "error": "..." }`). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message to show for a failed reply: the server's `error`, else a plain one for the status. */
export function apiErrorMessage(status: number, body: unknown): string {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'string' && error.trim()) return error;
  if (status === 401) return 'The token was refused: open the leads link again.';
  if (status === 403) return 'This needs a lead token.';
  if (status >= 500) return `Peakwatch could not do it just now (HTTP ${status}); try again.`;
  return `The request failed (HTTP ${status}).`;
}

async function request<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'Peakwatch cannot be reached: check the connection and try again.');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw new ApiError(res.status, apiErrorMessage(res.status, json));
  return json as T;
}

/** Active alerts and the newest `limit` entries of the alert log (viewer). */
export const fetchAlerts = (token: string, limit: number, signal?: AbortSignal) =>
  request<AlertsReply>(token, 'GET', `/alerts?limit=${limit}`, undefined, signal);

/** The rules (viewer): they name the alerts of the log that are no longer active. */
export const fetchRules = (token: string, signal?: AbortSignal) => request<Rule[]>(token, 'GET', '/rules', undefined, signal);

/** Each receiver's delivery health and the newest dead letters (lead). */
export const fetchHealth = (token: string, signal?: AbortSignal) => request<HealthReply>(token, 'GET', '/receivers/health', undefined, signal);

/** Acks an active alert (lead); the reply is the alert as acked. An alert id holds ":", hence the encoding. */
export const ackAlert = (token: string, alertId: string, body: { note: string; by?: string }) =>
  request<Alert>(token, 'POST', `/alerts/${encodeURIComponent(alertId)}/ack`, body);

/** Silences an alert's notifications for 1-1440 minutes (lead); the reply is the alert as silenced. */
export const silenceAlert = (token: string, body: { alertId: string; minutes: number; reason: string; by?: string }) =>
  request<Alert>(token, 'POST', '/silences', body);
