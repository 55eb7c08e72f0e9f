import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { HistoryFolder } from '../../server/history/fold';
import { TOKENS } from '../helpers/app';
import { HISTORY_HEADER, apiGet, getHistory, historyServers, putHistoryCsv } from '../helpers/history';
import { ev } from '../helpers/events';
import { connect } from '../helpers/redis';

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());
const servers = historyServers(() => redis);
afterEach(() => servers.closeAll());

const TZ = 'Europe/Berlin';
const HOUR = 3_600_000;
const server = (now: string, opts: { timeZone?: string } = {}) => servers.start(now, opts.timeZone ?? TZ);
const get = apiGet;
const putCsv = putHistoryCsv;
const history = getHistory;
const HEADER = HISTORY_HEADER;

describe('folding', () => {
  it('folds a finished day once it ends, and again with a late event until late events can no longer come', async () => {
    const s = await server('2026-11-27T10:00:00+01:00');
    expect((await s.post([
      ev.queued('c1', '2026-11-27T09:00:00+01:00', 'chat', { reason: 'wismo' }), ev.answered('c1', '2026-11-27T09:01:00+01:00'),
      ev.resolved('c1', '2026-11-27T09:05:00+01:00'),
      ev.queued('c2', '2026-11-27T09:10:00+01:00', 'voice', { reason: 'refund' }), ev.abandoned('c2', '2026-11-27T09:10:03+01:00', 'voice'),
      ev.orders(40, '2026-11-27T00:30:00+01:00'), ev.csat(5, '2026-11-27T09:40:00+01:00'), ev.csat(2, '2026-11-27T09:41:00+01:00'),
    ])).body.accepted).toBe(8);
    const folder = s.application.folder;
    expect(await folder.foldDue()).toEqual([]); // the day has not ended
    s.clock.set(Date.parse('2026-11-28T00:30:00+01:00'));
    expect(await folder.foldDue()).toEqual(['2026-11-27']);
    let day = (await history(s, 'from=2026-11-27&to=2026-11-27')).periods[0]!;
    expect(day.channels.chat).toMatchObject({ arrivals: 1, answered: 1, abandoned: 0, serviceLevel: 1, asa: 60, aht: 240, csat: 0.5, ces: null, nps: null, repeatRate: null });
    expect(day.channels.voice).toMatchObject({ arrivals: 1, answered: 0, abandoned: 1, serviceLevel: null, abandonRate: 1 });
    expect(day.totals).toEqual({ arrivals: 2, orders: 40, contactRate: 0.05, csat: 0.5, ces: null, nps: null });
    expect(day.reasons).toEqual([{ reason: 'refund', count: 1, intensity: 1 / 40 }, { reason: 'wismo', count: 1, intensity: 1 / 40 }]);

    // A late event, the last minute of that day, arrives the next morning.
    s.clock.set(Date.parse('2026-11-28T08:00:00+01:00'));
    expect((await s.post([ev.queued('c3', '2026-11-27T23:59:00+01:00', 'chat', { reason: 'wismo' })])).body.accepted).toBe(1);
    s.clock.set(Date.parse('2026-11-28T08:00:00+01:00'));
    expect(await folder.foldDue()).toEqual(['2026-11-27']);
    expect(await folder.foldDue()).toEqual([]); // folded within the hour: not again
    day = (await history(s, 'from=2026-11-27&to=2026-11-27')).periods[0]!;
    expect(day.channels.chat!.arrivals).toBe(2);
    expect(day.reasons[0]).toEqual({ reason: 'wismo', count: 2, intensity: 2 / 40 });
    // Folding again writes the same figures (a re-fold replaces the day whole).
    s.clock.advance(HOUR);
    expect(await folder.foldDue()).toEqual(['2026-11-27']);
    expect((await history(s, 'from=2026-11-27&to=2026-11-27')).periods[0]).toEqual(day);
    // Once no late event can reach it (7 days after its end) and it was folded after that, it stays.
    s.clock.set(Date.parse('2026-12-05T01:00:00+01:00'));
    // By now the day's first minute buckets may be gone (8 days): its early hours keep their folded parts.
    const firstHour = Date.parse('2026-11-27T00:00:00+01:00') / 60_000;
    await redis.del(...Array.from({ length: 60 }, (_, i) => s.store.keys.minute(firstHour + i)));
    expect(await folder.foldDue()).toContain('2026-11-27');
    expect((await history(s, 'from=2026-11-27&to=2026-11-27')).periods[0]).toEqual(day);
    s.clock.advance(2 * HOUR);
    expect(await folder.foldDue()).not.toContain('2026-11-27');
  });

  it('counts a day by local midnight across a DST change (25 hours) and sums the month', async () => {
    const s = await server('2026-10-27T03:00:00+01:00');
    // 2026-10-25 in Berlin runs from 2026-10-24T22:00Z to 2026-10-25T23:00Z: the clocks go back at 03:00.
    expect((await s.post([
      ev.queued('a', '2026-10-24T21:59:00Z'), // 23:59 CEST on the 24th
      ev.queued('b', '2026-10-24T22:00:00Z'), // 00:00 CEST on the 25th
      ev.queued('c', '2026-10-25T00:30:00Z'), // 02:30 CEST
      ev.queued('d', '2026-10-25T01:30:00Z'), // 02:30 CET, the hour that comes twice
      ev.queued('e', '2026-10-25T22:59:00Z'), // 23:59 CET on the 25th
      ev.queued('f', '2026-10-25T23:00:00Z'), // 00:00 CET on the 26th
      ev.orders(100, '2026-10-25T12:00:00Z'),
    ])).body.accepted).toBe(7);
    expect(await s.application.folder.foldDue()).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    const days = await history(s, 'from=2026-10-24&to=2026-10-26&step=day');
    expect(days.periods.map((p) => p.channels.chat?.arrivals)).toEqual([1, 4, 1]);
    const month = await history(s, 'from=2026-10-01&to=2026-10-26&step=month');
    expect(month.periods).toHaveLength(1);
    expect(month.periods[0]).toMatchObject({ start: '2026-10-01', label: '2026-10', days: 3, totals: { arrivals: 6, orders: 100, contactRate: 0.06 } });
  });

  it('folds on one instance at a time', async () => {
    const s = await server('2026-11-27T10:00:00+01:00');
    const mk = (id: string) => new HistoryFolder({ store: s.store, history: s.built.history, timeZone: TZ, logger: pino({ level: 'silent' }), instanceId: id, intervalMs: 50 });
    const a = mk('a');
    const b = mk('b');
    await s.application.folder.stop();
    a.start();
    b.start();
    await new Promise((r) => setTimeout(r, 200));
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe('the history API', () => {
  it('recomputes ratios from the period\'s summed counts, not as an average of daily ratios', async () => {
    const s = await server('2026-11-10T12:00:00Z', { timeZone: 'UTC' });
    expect((await putCsv(s, `${HEADER}
2026-11-02,chat,100,100,90,0,0,100,10,9,
2026-11-03,chat,10,10,1,0,0,10,10,1,
2026-11-02,total,,,,,,,,,1000
2026-11-03,total,,,,,,,,,10
`)).status).toBe(200);
    const week = (await history(s, 'from=2026-11-02&to=2026-11-08&step=week')).periods[0]!;
    // Daily SL 90 % and 10 % (average 50 %); the week's is 91 / 110.
    expect(week.channels.chat!.serviceLevel).toBeCloseTo(91 / 110, 12);
    expect(week.channels.chat!.csat).toBeCloseTo(10 / 20, 12); // daily 90 % and 10 %: the same by chance of equal responses
    expect(week.totals.contactRate).toBeCloseTo(110 / 1010, 12); // daily 10 % and 100 %
    expect(week.channels.chat!.asa).toBeNull(); // imported days carry no waits
    expect(week).toMatchObject({ start: '2026-11-02', label: '2026-W45', days: 2, importedDays: 2 });
  });

  it('keeps survey counts per day and recomputes CES and NPS per channel and across channels for the period', async () => {
    const s = await server('2026-11-25T12:00:00Z', { timeZone: 'UTC' });
    const sv = (kind: string, score: number, at: string, channel = 'chat') => ({ ...ev.csat(1, at, channel), type: 'survey.submitted', kind, score });
    expect((await s.post([
      sv('nps', 10, '2026-11-23T10:00:00Z'), sv('nps', 6, '2026-11-23T10:01:00Z'), sv('nps', 9, '2026-11-23T10:02:00Z'), sv('ces', 5, '2026-11-23T10:03:00Z'),
      sv('nps', 7, '2026-11-24T10:00:00Z'), sv('nps', 0, '2026-11-24T10:01:00Z', 'voice'), sv('ces', 4, '2026-11-24T10:02:00Z'), sv('ces', 7, '2026-11-24T10:03:00Z', 'voice'),
    ])).body.accepted).toBe(8);
    await s.application.folder.foldDue();
    const [mon, tue] = (await history(s, 'from=2026-11-23&to=2026-11-24')).periods;
    expect(mon!.channels.chat).toMatchObject({ nps: 100 * (1 / 3), ces: 1 }); // 10 and 9 promote, 6 detracts
    expect(tue!.channels.chat).toMatchObject({ nps: 0, ces: 0 });
    const week = (await history(s, 'from=2026-11-23&to=2026-11-24&step=week')).periods[0]!;
    expect(week.channels.chat).toMatchObject({ nps: 25, ces: 0.5 }); // 2 promoters, 1 detractor of 4 (7 passive)
    expect(week.channels.voice).toMatchObject({ nps: -100, ces: 1 });
    expect(week.totals).toMatchObject({ nps: 0, ces: 2 / 3 }); // 2 promoters, 2 detractors of 5
  });

  it('groups ISO weeks across a year end (week 53, then week 1)', async () => {
    const s = await server('2027-01-10T12:00:00Z', { timeZone: 'UTC' });
    const days = ['2026-12-27', '2026-12-28', '2026-12-31', '2027-01-01', '2027-01-03', '2027-01-04'];
    const csv = [HEADER, ...days.map((d, i) => `${d},chat,${i + 1},${i + 1},${i + 1},0,0,0,,,`)].join('\n');
    expect((await putCsv(s, csv)).status).toBe(200);
    const r = await history(s, 'from=2026-12-27&to=2027-01-04&step=week');
    expect(r.periods.map((p) => [p.start, p.label, p.channels.chat?.arrivals])).toEqual([
      ['2026-12-21', '2026-W52', 1], ['2026-12-28', '2026-W53', 2 + 3 + 4 + 5], ['2027-01-04', '2027-W01', 6],
    ]);
    const months = await history(s, 'from=2026-12-27&to=2027-01-04&step=month');
    expect(months.periods.map((p) => [p.label, p.channels.chat?.arrivals])).toEqual([['2026-12', 6], ['2027-01', 15]]);
  });

  it('answers a clear 400 for a bad query', async () => {
    const s = await server('2026-11-10T12:00:00Z');
    const cases: [string, RegExp][] = [
      ['from=2026-13-01&to=2026-11-01', /from: must be a date/],
      ['from=2026-11-05&to=2026-11-01', /from: 2026-11-05 is after to/],
      ['from=2020-01-01&to=2026-11-01', /from: .* before the oldest day kept \(2023-11-11/],
      ['from=2026-11-01&to=2026-12-01', /to: 2026-12-01 is after today/],
      ['from=2026-11-01&to=2026-11-02&step=year', /step/],
      ['from=2026-11-01&to=2026-11-02&channel=fax', /channel: unknown channel "fax"/],
      ['to=2026-11-02', /from/],
    ];
    for (const [q, msg] of cases) {
      const r = await get(s, `history?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error, q).toMatch(msg);
    }
  });

  it('lets a viewer read and only an admin import', async () => {
    const s = await server('2026-11-10T12:00:00Z');
    expect((await get(s, 'history?from=2026-11-01&to=2026-11-02', null)).status).toBe(401);
    expect((await get(s, 'history?from=2026-11-01&to=2026-11-02')).status).toBe(200);
    expect((await get(s, 'history.csv', null)).status).toBe(401);
    expect((await get(s, 'history.csv')).status).toBe(200);
    const csv = `${HEADER}\n2026-11-01,total,,,,,,,,,5\n`;
    expect((await putCsv(s, csv, '', TOKENS.viewer)).status).toBe(403);
    expect((await putCsv(s, csv, '', TOKENS.lead)).status).toBe(403);
    expect((await putCsv(s, csv)).status).toBe(200);
    const res = await fetch(`${s.url}/api/v1/history`, { method: 'PUT', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' }, body: '[]' });
    expect(res.status).toBe(415);
  });
});
