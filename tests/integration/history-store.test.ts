import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { queryHistory } from '../../server/history/query';
import { REV_FIELD, TOTAL_FIELD, columnList, columnsField, decodeTotal } from '../../server/store/history-record';
import { CHANNEL_COUNTS, type DayRecord } from '../../shared/history';
import { ev } from '../helpers/events';
import { HISTORY_HEADER as HEADER, apiGet, getHistory, historyServers, putHistoryCsv } from '../helpers/history';
import { connect } from '../helpers/redis';
import type { TestServer } from '../helpers/app';

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());
const servers = historyServers(() => redis);
afterEach(() => servers.closeAll());

const HOUR = 3_600_000;
/** The month total as stored, and whether it is current (its rev is the month's). */
async function storedTotal(s: TestServer, month: string) {
  const [total, rev] = await redis.hmget(s.store.keys.history(month), TOTAL_FIELD, REV_FIELD);
  if (total === null || total === undefined) return null;
  return { ...decodeTotal(total), current: decodeTotal(total).rev === (rev ?? '') };
}
/** A month read whole (from its total) and the same days read one by one (a range that starts a day later). */
async function wholeAndByDays(s: TestServer, month: string, last: string) {
  const whole = (await getHistory(s, `from=${month}-01&to=${month}-${last}&step=month`)).periods[0]!;
  const byDays = (await getHistory(s, `from=${month}-02&to=${month}-${last}&step=month`)).periods[0]!;
  return { whole, byDays };
}

it('reads days stored in the older JSON form: in the query, the export and the import\'s check, and sums their month', async () => {
  const s = await servers.start('2026-11-20T12:00:00Z', 'UTC');
  const live: DayRecord = {
    day: '2025-11-28', source: 'live', at: 1, orders: 30_000, reasons: { wismo: 40, refund: 10 },
    channels: { chat: { arrivals: 1200, answered: 1100, answeredInTarget: 30, abandoned: 100, shortAbandoned: 10, resolved: 1050, waitMs: 1100 * 60_000, handled: 1000, handleMs: 1000 * 300_000, csatResponses: 300, csatPositive: 126 } },
  };
  const imported: DayRecord = {
    day: '2025-11-29', source: 'import', at: 1, orders: 15_000, reasons: {},
    channels: { chat: { arrivals: 900, answered: 900, answeredInTarget: 20, abandoned: 20, shortAbandoned: 2, resolved: 870 } },
  };
  await redis.hset(s.store.keys.history('2025-11'), live.day, JSON.stringify(live), imported.day, JSON.stringify(imported));

  const days = (await getHistory(s, 'from=2025-11-28&to=2025-11-29')).periods;
  expect(days.map((p) => [p.channels.chat!.arrivals, p.importedDays, p.totals.orders])).toEqual([[1200, 0, 30_000], [900, 1, 15_000]]);
  expect(days[0]!.reasons).toEqual([{ reason: 'wismo', count: 40, intensity: 40 / 30_000 }, { reason: 'refund', count: 10, intensity: 10 / 30_000 }]);
  const { whole, byDays } = await wholeAndByDays(s, '2025-11', '30');
  expect(whole).toEqual(byDays);
  // ASA over the day that knows its waits only; the imported day's answered contacts do not dilute it.
  expect(whole.channels.chat).toMatchObject({ arrivals: 2100, answered: 2000, asa: 60, aht: 300, csat: 126 / 300 });
  expect(whole).toMatchObject({ days: 2, importedDays: 1, totals: { orders: 45_000 } });
  // The month read whole was summed from its days once and its total stored.
  expect(await storedTotal(s, '2025-11')).toMatchObject({ days: 2, importedDays: 1, orders: 45_000, current: true });

  const csv = (await apiGet(s, 'history.csv?from=2025-11-28&to=2025-11-29')).text.trim().split('\n');
  // The optional count columns (CES, NPS, repeats) stay empty: these days do not know them; their reasons go out.
  const none = ',,,,,,,,';
  expect(csv.slice(1)).toEqual([
    `2025-11-28,chat,1200,1100,30,100,10,1050,300,126,${none},`, `2025-11-28,total,,,,,,,,,30000${none},wismo=40|refund=10`,
    `2025-11-29,chat,900,900,20,20,2,870,,,${none},`, `2025-11-29,total,,,,,,,,,15000${none},`,
  ]);
  // The older live day is still refused to an import without replace.
  expect((await putHistoryCsv(s, `${HEADER}\n2025-11-28,chat,1,1,1,0,0,1,,,\n`)).status).toBe(409);
  // A new day written beside them sums the month again, the older days with it.
  expect((await putHistoryCsv(s, `${HEADER}\n2025-11-10,voice,50,40,30,10,1,40,,,\n`)).status).toBe(200);
  const after = await wholeAndByDays(s, '2025-11', '30');
  expect(after.whole).toEqual(after.byDays);
  expect(after.whole).toMatchObject({ days: 3, importedDays: 2, totals: { arrivals: 2150, orders: 45_000 } });
  expect(await storedTotal(s, '2025-11')).toMatchObject({ days: 3, current: true });
});

it('keeps a month total equal to the sum of its days after a re-fold with a late event and after an import with replace=1', async () => {
  const s = await servers.start('2026-10-30T10:00:00Z', 'UTC');
  expect((await s.post([
    ev.queued('c1', '2026-10-30T09:00:00Z', 'chat', { reason: 'wismo' }), ev.answered('c1', '2026-10-30T09:01:00Z'), ev.resolved('c1', '2026-10-30T09:05:00Z'),
    ev.queued('c2', '2026-10-30T09:10:00Z', 'voice', { reason: 'refund' }), ev.abandoned('c2', '2026-10-30T09:10:03Z', 'voice'),
    ev.orders(40, '2026-10-30T00:30:00Z'), ev.csat(5, '2026-10-30T09:40:00Z'),
  ])).body.accepted).toBe(7);
  s.clock.set(Date.parse('2026-10-31T00:30:00Z'));
  expect(await s.application.folder.foldDue()).toEqual(['2026-10-30']);
  s.clock.set(Date.parse('2026-10-31T08:00:00Z'));
  expect((await s.post([ev.queued('c3', '2026-10-30T23:59:00Z', 'chat', { reason: 'wismo' })])).body.accepted).toBe(1);
  s.clock.advance(2 * HOUR);
  expect(await s.application.folder.foldDue()).toContain('2026-10-30');
  // Summed by the write itself, before any read.
  expect(await storedTotal(s, '2026-10')).toMatchObject({ days: 1, orders: 40, current: true });

  s.clock.set(Date.parse('2026-11-02T12:00:00Z'));
  let { whole, byDays } = await wholeAndByDays(s, '2026-10', '31');
  expect(whole).toEqual(byDays);
  expect(whole.channels.chat).toMatchObject({ arrivals: 2, answered: 1, asa: 60 });
  expect(whole.reasons[0]).toEqual({ reason: 'wismo', count: 2, intensity: 2 / 40 });
  expect(await storedTotal(s, '2026-10')).toMatchObject({ days: 1, importedDays: 0, orders: 40, current: true });

  const csv = `${HEADER}\n2026-10-30,chat,9,8,7,1,0,8,4,3,\n2026-10-30,total,,,,,,,,,100\n2026-10-15,voice,5,5,5,0,0,5,,,\n`;
  expect((await putHistoryCsv(s, csv)).status).toBe(409);
  expect((await putHistoryCsv(s, csv, '?replace=1')).status).toBe(200);
  expect(await storedTotal(s, '2026-10')).toMatchObject({ days: 2, orders: 100, current: true });
  ({ whole, byDays } = await wholeAndByDays(s, '2026-10', '31'));
  expect(whole).toEqual(byDays);
  expect(whole).toMatchObject({ days: 2, importedDays: 2, totals: { arrivals: 14, orders: 100 }, reasons: [] });
  expect(whole.channels.chat).toMatchObject({ arrivals: 9, csat: 3 / 4, asa: null });
  expect(await storedTotal(s, '2026-10')).toMatchObject({ days: 2, importedDays: 2, current: true });
});

it('sums a month again from its days when its total is stale (a writer stopped before summing)', async () => {
  const s = await servers.start('2026-11-20T12:00:00Z', 'UTC');
  expect((await putHistoryCsv(s, `${HEADER}\n2026-10-05,chat,10,9,8,1,0,9,,,\n2026-10-06,chat,20,19,18,1,0,19,,,\n`)).status).toBe(200);
  expect((await getHistory(s, 'from=2026-10-01&to=2026-10-31&step=month')).periods[0]!.channels.chat!.arrivals).toBe(30);
  // Another day written and the rev moved on, the total left as it was.
  const key = s.store.keys.history('2026-10');
  const [day] = await redis.hmget(key, '2026-10-06');
  await redis.hset(key, '2026-10-07', day!, REV_FIELD, 'moved-on');
  expect(await storedTotal(s, '2026-10')).toMatchObject({ current: false });
  const { whole, byDays } = await wholeAndByDays(s, '2026-10', '31');
  expect(whole.channels.chat!.arrivals).toBe(50);
  expect(whole).toEqual(byDays);
  expect(await storedTotal(s, '2026-10')).toMatchObject({ days: 3, rev: 'moved-on', current: true });
});

it('reads a day written with fewer counts (before counts were appended) or with a count it does not know, by name', async () => {
  const s = await servers.start('2026-11-20T12:00:00Z', 'UTC');
  const key = s.store.keys.history('2026-10');
  const older = columnList(CHANNEL_COUNTS.slice(0, 2));
  const newer = columnList([...CHANNEL_COUNTS, 'laterCount']);
  await redis.hset(key, columnsField(older.id), older.json, columnsField(newer.id), newer.json,
    '2026-10-05', JSON.stringify([older.id, 'live', 1, 10, { chat: [7, 6] }, {}]),
    '2026-10-06', JSON.stringify([newer.id, 'import', 1, 0, { chat: [...CHANNEL_COUNTS.map(() => 1), 42] }, {}]));
  const [a, b] = await s.built.history.get(['2026-10-05', '2026-10-06']);
  expect(a!.channels).toEqual({ chat: { arrivals: 7, answered: 6 } });
  expect(b!.channels.chat).toEqual({ ...Object.fromEntries(CHANNEL_COUNTS.map((k) => [k, 1])), laterCount: 42 });
  const week = (await queryHistory(s.built.history, { from: '2026-10-05', to: '2026-10-06', step: 'week' })).periods[0]!;
  expect(week).toMatchObject({ days: 2, importedDays: 1, totals: { arrivals: 8, orders: 10 } });
  expect(week.channels.chat).toMatchObject({ answered: 7, serviceLevel: 1 / 7 });
});
