/** Client of `GET /api/v1/history` and `GET /api/v1/history.csv` (reply shapes in shared/history.ts). */
import type { HistoryReply, HistoryStep } from '@shared/history';
import type { Snapshot } from '@shared/snapshot';
import { apiRequest, errorOf } from './request';

export const fetchHistory = (token: string, q: { from: string; to: string; step: HistoryStep }, signal?: AbortSignal) =>
  apiRequest<HistoryReply>(token, 'GET', `/history?from=${q.from}&to=${q.to}&step=${q.step}`, { signal });

/** The current snapshot: the time zone and "now" the review counts its days in, and the targets. */
export const fetchSnapshot = (token: string, signal?: AbortSignal) => apiRequest<Snapshot>(token, 'GET', '/snapshot', { signal });

/** The daily history of a range as CSV text (the import's columns). */
export async function fetchHistoryCsv(token: string, from: string, to: string): Promise<string> {
  const res = await fetch(`/api/v1/history.csv?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  const text = await res.text();
  if (!res.ok) {
    let body: unknown = null;
    try { body = JSON.parse(text); } catch { body = null; }
    throw errorOf(res.status, body);
  }
  return text;
}
