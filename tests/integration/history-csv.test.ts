import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { TOKENS } from '../helpers/app';
import { ev } from '../helpers/events';
import { HISTORY_HEADER as HEADER, HISTORY_EXPORT_HEADER, apiGet, getHistory, historyServers, putHistoryCsv } from '../helpers/history';
import { connect } from '../helpers/redis';

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());
const servers = historyServers(() => redis);
afterEach(() => servers.closeAll());

// With the optional columns (CES, NPS, repeats: ces_responses … customer_arrivals), given for one row only.
// and the reasons of a day on its total row (a tag may hold "=": the count follows the last one).
const LAST_YEAR = `${HISTORY_EXPORT_HEADER}
2025-11-28,chat,1200,1100,30,100,10,1050,300,126,,80,60,440,50,20,10,40,400,
2025-11-28,voice,800,700,500,100,20,690,,,,,,,,,,,,
2025-11-28,total,,,,,,,,,30000,,,,,,,,,where-is-my-order=600|a=b=30
2025-11-29,chat,900,880,20,20,2,870,200,90,,,,,,,,,,
2025-11-29,total,,,,,,,,,15000,,,,,,,,,where-is-my-order=150
`;

it('imports last year\'s days and exports them again: the round trip gives the same figures', async () => {
  const a = await servers.start('2026-11-20T12:00:00Z');
  const put = await putHistoryCsv(a, LAST_YEAR);
  expect(put).toEqual({ status: 200, body: { days: 2, from: '2025-11-28', to: '2025-11-29', replaced: false } });
  const q = 'from=2025-11-01&to=2025-11-30&step=month';
  const before = await getHistory(a, q);
  expect(before.periods[0]!.channels.chat).toMatchObject({
    arrivals: 2100, answered: 1980, serviceLevel: 50 / (1980 + 120 - 12), csat: 216 / 500, asa: null, aht: null,
    ces: 60 / 80, nps: (100 * (20 - 10)) / 50, repeatRate: 40 / 400,
  });
  expect(before.periods[0]!.channels.voice).toMatchObject({ ces: null, nps: null, repeatRate: null });
  expect(before.periods[0]!.reasons).toEqual([{ reason: 'where-is-my-order', count: 750, intensity: 750 / 45_000 }, { reason: 'a=b', count: 30, intensity: 30 / 45_000 }]);
  expect(before.periods[0]!.totals).toMatchObject({ arrivals: 2900, orders: 45_000, contactRate: 2900 / 45_000 });
  const csv = await apiGet(a, 'history.csv?from=2025-11-01&to=2025-11-30');
  expect(csv.status).toBe(200);
  expect(csv.text.split('\n')[0]).toBe(HISTORY_EXPORT_HEADER);
  // Into another installation, and out again: the same figures, the same file.
  const b = await servers.start('2026-11-20T12:00:00Z');
  expect((await putHistoryCsv(b, csv.text)).status).toBe(200);
  expect(await getHistory(b, q)).toEqual(before);
  expect((await apiGet(b, 'history.csv?from=2025-11-01&to=2025-11-30')).text).toBe(csv.text);
  expect(csv.text.trim()).toBe(LAST_YEAR.trim());
});

it('refuses days that hold live figures (409) unless replace=1', async () => {
  const s = await servers.start('2026-11-20T12:00:00Z');
  expect((await s.post([ev.queued('c1', '2026-11-18T10:00:00Z'), ev.queued('c2', '2026-11-20T10:00:00Z')])).body.accepted).toBe(2);
  expect(await s.application.folder.foldDue()).toEqual(['2026-11-18']);
  const csv = (day: string) => `${HEADER}\n${day},chat,5,5,5,0,0,5,,,\n2026-11-10,chat,7,7,7,0,0,7,,,\n`;
  // A folded day, and today (still in the buckets, not folded yet).
  for (const day of ['2026-11-18', '2026-11-20']) {
    const r = await putHistoryCsv(s, csv(day));
    expect(r.status, day).toBe(409);
    expect(r.body.error).toMatch(new RegExp(`1 day already holds live figures \\(first ${day}\\).*replace=1`));
    expect(r.body.details).toEqual({ days: [day] });
  }
  // Nothing of a refused upload is stored.
  expect((await getHistory(s, 'from=2026-11-10&to=2026-11-10')).periods[0]!.days).toBe(0);
  expect((await putHistoryCsv(s, csv('2026-11-18'), '?replace=1')).status).toBe(200);
  const days = await getHistory(s, 'from=2026-11-10&to=2026-11-18');
  expect(days.periods.filter((p) => p.days).map((p) => [p.start, p.channels.chat!.arrivals, p.importedDays])).toEqual([['2026-11-10', 7, 1], ['2026-11-18', 5, 1]]);
  // The folder leaves an imported day alone.
  s.clock.advance(2 * 3_600_000);
  expect(await s.application.folder.foldDue()).not.toContain('2026-11-18');
  expect((await getHistory(s, 'from=2026-11-18&to=2026-11-18')).periods[0]!.channels.chat!.arrivals).toBe(5);
});

it('refuses a bad upload with a 400 naming the row and the column', async () => {
  const s = await servers.start('2026-11-20T12:00:00Z');
  const ok = '2025-11-28,chat,10,9,8,1,0,9,,,';
  const cases: [string, RegExp, { row: number; column: string | null }][] = [
    [`${HEADER}\n${ok}\n2025-11-29,chat,10,x,8,1,0,9,,,`, /^row 3, column answered: "x" is not a whole number/, { row: 3, column: 'answered' }],
    [`${HEADER}\n2025-11-31,chat,10,9,8,1,0,9,,,`, /^row 2, column day: "2025-11-31" is not a date/, { row: 2, column: 'day' }],
    [`${HEADER}\n${ok}\n\n2025-11-29,fax,1,1,1,0,0,1,,,`, /^row 4, column channel: "fax" is not a configured channel/, { row: 4, column: 'channel' }],
    [`${HEADER}\n2025-11-28,total,5,,,,,,,,100`, /^row 2, column arrivals: a total row carries only orders/, { row: 2, column: 'arrivals' }],
    [`${HEADER}\n2025-11-28,chat,10,9,8,1,0,9,,,50`, /^row 2, column orders: orders go on the day's total row/, { row: 2, column: 'orders' }],
    [`${HEADER}\n2025-11-28,chat,10,9,10,1,0,9,,,`, /^row 2, column answered_in_target: answered_in_target \(10\) exceeds answered \(9\)/, { row: 2, column: 'answered_in_target' }],
    [`${HEADER}\n2025-11-28,chat,10,,8,1,0,9,,,`, /^row 2, column answered: is required/, { row: 2, column: 'answered' }],
    [`${HEADER}\n${ok}\n${ok}`, /^row 3, column channel: 2025-11-28 chat is given twice/, { row: 3, column: 'channel' }],
    [`${HEADER}\n2020-01-01,chat,1,1,1,0,0,1,,,`, /^row 2, column day: 2020-01-01 is before the oldest day kept/, { row: 2, column: 'day' }],
    [`${HEADER}\n2026-11-21,chat,1,1,1,0,0,1,,,`, /^row 2, column day: 2026-11-21 is after today/, { row: 2, column: 'day' }],
    ['day,channel,arrivals\n2025-11-28,chat,1', /^row 1, column answered: header: missing answered/, { row: 1, column: 'answered' }],
    [`${HEADER}\n2025-11-28,chat,1,1`, /^row 2: not valid CSV/, { row: 2, column: null }],
    [HEADER, /no rows after the header/, { row: 2, column: null }],
  ];
  const opt = (cols: string, row: string) => `${HEADER},${cols}\n${row}`;
  cases.push(
    [opt('nps_responses,nps_promoters', '2025-11-28,chat,10,9,8,1,0,9,,,,5,2'), /^row 2, column nps_detractors: nps_responses, nps_promoters, nps_detractors go together/, { row: 2, column: 'nps_detractors' }],
    [opt('nps_responses,nps_promoters,nps_detractors', '2025-11-28,chat,10,9,8,1,0,9,,,,5,3,3'), /^row 2, column nps_detractors: nps_promoters \+ nps_detractors \(6\) exceed nps_responses \(5\)/, { row: 2, column: 'nps_detractors' }],
    [opt('ces_responses,ces_easy,ces_sum', '2025-11-28,chat,10,9,8,1,0,9,,,,4,2,30'), /^row 2, column ces_sum: 30 is not a sum of 4 scores of 1-7/, { row: 2, column: 'ces_sum' }],
    [opt('repeats,customer_arrivals', '2025-11-28,chat,10,9,8,1,0,9,,,,3,2'), /^row 2, column repeats: repeats \(3\) exceeds customer_arrivals \(2\)/, { row: 2, column: 'repeats' }],
    [opt('repeats,customer_arrivals', '2025-11-28,chat,10,9,8,1,0,9,,,,3,11'), /^row 2, column customer_arrivals: customer_arrivals \(11\) exceeds arrivals \(10\)/, { row: 2, column: 'customer_arrivals' }],
    [opt('nps', '2025-11-28,chat,10,9,8,1,0,9,,,,3'), /^row 1, column nps: header: unknown nps/, { row: 1, column: 'nps' }],
    [opt('reasons', '2025-11-28,chat,10,9,8,1,0,9,,,,refund=1'), /^row 2, column reasons: reasons go on the day's total row/, { row: 2, column: 'reasons' }],
    [opt('reasons', '2025-11-28,total,,,,,,,,,100,refund=x'), /^row 2, column reasons: "refund=x" is not tag=count/, { row: 2, column: 'reasons' }],
    [opt('reasons', '2025-11-28,total,,,,,,,,,100,refund=1|refund=2'), /^row 2, column reasons: "refund=2": the tag refund is given twice/, { row: 2, column: 'reasons' }],
    [opt('reasons', `2025-11-28,total,,,,,,,,,100,${'r'.repeat(65)}=1`), /^row 2, column reasons: "r+": the tag must be at most 64/, { row: 2, column: 'reasons' }],
  );
  for (const [csv, msg, where] of cases) {
    const r = await putHistoryCsv(s, csv);
    expect(r.status, csv).toBe(400);
    expect(r.body.error, csv).toMatch(msg);
    expect(r.body.details[0], csv).toMatchObject(where);
  }
  const many = await putHistoryCsv(s, `${HEADER}\n2025-11-28,chat,x,1,1,0,0,1,,,\n2025-11-29,chat,y,1,1,0,0,1,,,`);
  expect(many.body.error).toMatch(/^row 2, column arrivals: .*\(and 1 more problem\)$/);
  expect(many.body.details).toHaveLength(2);
  expect((await getHistory(s, 'from=2025-11-28&to=2025-11-29')).periods.every((p) => p.days === 0)).toBe(true);
  const big = await fetch(`${s.url}/api/v1/history`, { method: 'PUT', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'text/csv' }, body: 'x'.repeat(5 * 1024 * 1024) });
  expect(big.status).toBe(413);
});
