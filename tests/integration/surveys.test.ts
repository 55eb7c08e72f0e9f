import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { Snapshot } from '../../shared/snapshot';
import { connect } from '../helpers/redis';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid, ev } from '../helpers/events';
import { figuresOf, parsed } from '../helpers/retract';

/**
 * Surveys on a scripted day, every figure computed by hand (UTC, now = 12:00:30; 15m = 11:46-12:00:59,
 * 60m = 11:01-12:00:59, today = since 00:00). NPS: 9-10 promoters, 0-6 detractors, 7-8 passive; CES: 5-7 easy.
 */
const D = '2026-11-27T';
const NOW = Date.parse(`${D}12:00:30Z`);
const survey = (kind: string, score: number, at: string, channel = 'chat', queue?: string) =>
  ({ id: eid('s'), type: 'survey.submitted', at: Date.parse(`${D}${at}Z`), channel, kind, score, ...(queue ? { queue } : {}) });

const DAY = [
  // chat, in the 15 minutes: NPS 6 (detractor), 7 (passive), 9, 10 (promoters, queue de), 10; CES 4 (not easy), 5 (easy), 7, 1
  survey('nps', 6, '11:55:00'), survey('nps', 7, '11:55:10'), survey('nps', 9, '11:55:20', 'chat', 'de'), survey('nps', 10, '11:55:30', 'chat', 'de'),
  survey('nps', 10, '11:55:40'),
  survey('ces', 4, '11:56:00', 'chat', 'de'), survey('ces', 5, '11:56:10', 'chat', 'de'), survey('ces', 7, '11:56:20'), survey('ces', 1, '11:56:30'),
  survey('csat', 4, '11:57:00'), ev.csat(3, `${D}11:57:10Z`),
  // chat, 60 minutes only: NPS 0, CES 7
  survey('nps', 0, '11:30:00'), survey('ces', 7, '11:30:10'),
  // chat, today only: NPS 9, 9; CES 2
  survey('nps', 9, '08:00:00'), survey('nps', 9, '08:00:10'), survey('ces', 2, '08:00:20'),
  // voice, in the 15 minutes: NPS 8 (passive), 3 (detractor); CES 5
  survey('nps', 8, '11:58:00', 'voice'), survey('nps', 3, '11:58:10', 'voice'), survey('ces', 5, '11:58:20', 'voice'),
];

let redis: Redis, srv: TestServer, snap: Snapshot;

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW });
  expect((await srv.post(DAY)).body).toMatchObject({ accepted: DAY.length, rejected: [] });
  snap = await srv.snapshot('?queues=1');
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

describe('survey figures per channel and window', () => {
  it('NPS counts 9-10 as promoters and 0-6 as detractors (6 detracts, 7 and 8 are passive)', () => {
    const chat = snap.channels.chat!.windows;
    expect(chat['15m']).toMatchObject({ npsResponses: 5, nps: 100 * (3 - 1) / 5 });
    expect(chat['60m'].npsResponses).toBe(6);
    expect(chat['60m'].nps).toBeCloseTo(100 * (3 - 2) / 6, 10);
    expect(chat.today).toMatchObject({ npsResponses: 8, nps: 100 * (5 - 2) / 8 });
    expect(snap.channels.voice!.windows['15m']).toMatchObject({ npsResponses: 2, nps: -50 });
  });

  it('CES is the share scoring 5 or more (4 is not easy, 5 is), with the mean score', () => {
    const chat = snap.channels.chat!.windows;
    expect(chat['15m']).toMatchObject({ cesResponses: 4, ces: 0.5, cesMean: (4 + 5 + 7 + 1) / 4 });
    expect(chat['60m']).toMatchObject({ cesResponses: 5, ces: 3 / 5, cesMean: 24 / 5 });
    expect(chat.today).toMatchObject({ cesResponses: 6, ces: 0.5, cesMean: 26 / 6 });
    expect(snap.channels.voice!.windows['15m']).toMatchObject({ cesResponses: 1, ces: 1, cesMean: 5 });
  });

  it('CSAT counts survey kind csat and csat.submitted alike', () => {
    expect(snap.channels.chat!.windows['15m']).toMatchObject({ csatResponses: 2, csat: 0.5 });
  });

  it('across channels: the responses of every channel summed, then the formula', () => {
    const t = snap.totals.windows;
    expect(t['15m']).toMatchObject({ npsResponses: 7, cesResponses: 5, ces: 3 / 5, cesMean: 22 / 5, csatResponses: 2, csat: 0.5 });
    expect(t['15m'].nps).toBeCloseTo(100 * (3 - 2) / 7, 10);
    expect(t.today).toMatchObject({ npsResponses: 10, nps: 100 * (5 - 3) / 10, cesResponses: 7 });
  });

  it('per queue', () => {
    expect(snap.channels.chat!.queues!.de!.windows['15m']).toMatchObject({ npsResponses: 2, nps: 100, cesResponses: 2, ces: 0.5, cesMean: 4.5 });
  });

  it('a channel without responses reads null, with zero responses', () => {
    expect(snap.channels.email!.windows.today).toMatchObject({ nps: null, npsResponses: 0, ces: null, cesMean: null, cesResponses: 0 });
  });
});

describe('survey.submitted at the API', () => {
  it('a bad kind or score is refused with an error naming the range; the figures do not change', async () => {
    const before = await srv.snapshot('?queues=1');
    const res = await srv.post([
      survey('nps', 11, '11:59:00'), survey('ces', 0, '11:59:00'), survey('ces', 8, '11:59:00'), survey('csat', 6, '11:59:00'),
      survey('nps', -1, '11:59:00'), survey('nps', 7.5, '11:59:00'), survey('effort', 3, '11:59:00'),
      { ...survey('nps', 5, '11:59:00'), kind: undefined }, { ...survey('nps', 5, '11:59:00'), score: '5' },
    ]);
    expect(res.body.accepted).toBe(0);
    expect(res.body.rejected.map((r: { error: string }) => r.error)).toEqual([
      'score: must be an integer 0-10 for kind nps',
      'score: must be an integer 1-7 for kind ces',
      'score: must be an integer 1-7 for kind ces',
      'score: must be an integer 1-5 for kind csat',
      'score: must be an integer 0-10 for kind nps',
      'score: must be an integer 0-10 for kind nps',
      'kind: must be one of csat, ces, nps',
      'kind: is required: one of csat, ces, nps',
      'score: is required: an integer (csat 1-5, ces 1-7, nps 0-10)',
    ]);
    const after = await srv.snapshot('?queues=1');
    expect(after.channels).toEqual(before.channels);
    expect(after.totals).toEqual(before.totals);
  });

  it('a duplicate counts once', async () => {
    const s = survey('nps', 10, '11:59:30', 'social');
    expect((await srv.post([s])).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await srv.post([s, s])).body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await srv.snapshot()).channels.social!.windows['15m']).toMatchObject({ npsResponses: 1, nps: 100 });
  });

  it('csat.submitted equals survey.submitted of kind csat', async () => {
    const scores = [1, 2, 3, 4, 5, 4];
    const legacy = parsed(scores.map((score, i) => ({ id: `l-${i}`, type: 'csat.submitted', at: NOW - i * 60_000, channel: 'chat', score, queue: 'de' })), NOW);
    const kinded = parsed(scores.map((score, i) => ({ id: `k-${i}`, type: 'survey.submitted', kind: 'csat', at: NOW - i * 60_000, channel: 'chat', score, queue: 'de' })), NOW);
    const a = await figuresOf(redis, legacy, NOW);
    expect(a.channels.chat!.windows['15m']).toMatchObject({ csatResponses: 6, csat: 3 / 6 });
    expect(await figuresOf(redis, kinded, NOW)).toEqual(a);
  });
});

async function get(path: string) {
  const res = await fetch(`${srv.url}${path}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
  return { status: res.status, text: await res.text() };
}

describe('series and Prometheus', () => {
  it('series of nps and ces per channel and across channels', async () => {
    const from = Date.parse(`${D}11:15:00Z`);
    const to = Date.parse(`${D}12:00:00Z`);
    const nps = JSON.parse((await get(`/api/v1/series?metric=nps&channel=chat&from=${from}&to=${to}&step=900`)).text);
    expect(nps.points).toEqual([{ t: from, v: null }, { t: from + 900_000, v: -100 }, { t: from + 1_800_000, v: 40 }]);
    const ces = JSON.parse((await get(`/api/v1/series?metric=ces&channel=total&from=${from}&to=${to}&step=900`)).text);
    expect(ces.points).toEqual([{ t: from, v: null }, { t: from + 900_000, v: 1 }, { t: from + 1_800_000, v: 3 / 5 }]);
  });

  it('gauges per channel and across channels', async () => {
    const m = (await get('/metrics')).text;
    expect(m).toContain('peakwatch_nps{channel="voice",window="15m"} -50');
    expect(m).toContain('peakwatch_ces{channel="chat",window="15m"} 0.5');
    expect(m).toContain('peakwatch_ces_mean{channel="chat",window="15m"} 4.25');
    expect(m).toContain('peakwatch_survey_responses{kind="nps",channel="chat",window="today"} 8');
    expect(m).not.toMatch(/peakwatch_nps\{channel="email"/);
  });
});
