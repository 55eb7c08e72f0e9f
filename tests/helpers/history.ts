import { expect } from 'vitest';
import type { Redis } from 'ioredis';
import { HISTORY_CSV_COLUMNS, HISTORY_CSV_EXPORT_COLUMNS, type HistoryReply } from '../../shared/history';
import { TOKENS, type TestServer, startTestServer } from './app';

/** The CSV header of the history import. */
export const HISTORY_HEADER = HISTORY_CSV_COLUMNS.join(',');
/** The CSV header of the export: every column, the optional survey and repeat columns too. */
export const HISTORY_EXPORT_HEADER = HISTORY_CSV_EXPORT_COLUMNS.join(',');

/** Test servers on fresh tenants whose history folder folds only when a test asks (its first look finds nothing). */
export function historyServers(redis: () => Redis) {
  const open: TestServer[] = [];
  return {
    async start(now: string, timeZone = 'Europe/Berlin'): Promise<TestServer> {
      const s = await startTestServer(redis(), { now: Date.parse(now), timeZone, folding: { intervalMs: 3_600_000 } });
      open.push(s);
      return s;
    },
    closeAll: () => Promise.all(open.splice(0).map((s) => s.close())),
  };
}

/** GET /api/v1/<path> with a token (the viewer's by default). */
export async function apiGet(s: TestServer, path: string, token: string | null = TOKENS.viewer): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${s.url}/api/v1/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
}

/** PUT /api/v1/history with a CSV body (the admin's token by default). */
export async function putHistoryCsv(s: TestServer, csv: string, query = '', token = TOKENS.admin): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.url}/api/v1/history${query}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
  return { status: res.status, body: await res.json() };
}

/** GET /api/v1/history?<q>, expected to succeed. */
export async function getHistory(s: TestServer, q: string): Promise<HistoryReply> {
  const r = await apiGet(s, `history?${q}`);
  expect(r.status, r.text).toBe(200);
  return r.body as HistoryReply;
}
