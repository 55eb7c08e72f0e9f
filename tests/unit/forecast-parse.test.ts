import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { describeProblems, groupByDay, parseForecastCsv, parseForecastJson, splitCsvLine, type ParseResult } from '../../server/readiness/forecast-parse';

/** Friday 2027-11-26 (Black Friday) 10:07 UTC. */
const NOW = Date.parse('2027-11-26T10:07:00Z');
const ctx = { channels: new Set<string>(DEFAULT_CHANNELS), timeZone: 'UTC', now: NOW };
const at = (iso: string) => Date.parse(iso);

function message(r: ParseResult): string {
  if (r.ok) throw new Error('expected a problem');
  return describeProblems(r.problems);
}

describe('CSV forecasts', () => {
  it('reads HH:MM as today in the configured zone and ISO times as given', () => {
    const r = parseForecastCsv('channel,interval_start,arrivals\nchat,09:15,12\nvoice,2027-11-26T09:30:00Z,0\n', ctx);
    expect(r).toEqual({ ok: true, rows: [
      { channel: 'chat', start: at('2027-11-26T09:15:00Z'), arrivals: 12 },
      { channel: 'voice', start: at('2027-11-26T09:30:00Z'), arrivals: 0 },
    ] });
  });

  it('reads a local HH:MM and an ISO time without offset in PEAKWATCH_TZ', () => {
    const berlin = { ...ctx, timeZone: 'Europe/Berlin' };
    const r = parseForecastCsv('channel,interval_start,arrivals\nchat,09:15,1\nchat,2027-11-27 09:15,2\n', berlin);
    expect(r.ok && r.rows.map((x) => x.start)).toEqual([at('2027-11-26T08:15:00Z'), at('2027-11-27T08:15:00Z')]);
  });

  it('takes what spreadsheets write: a BOM, CRLF, quoted fields, blank lines, columns in any order', () => {
    const csv = '\uFEFF"arrivals","Channel","interval_start"\r\n"7","chat","10:00"\r\n\r\n3,email,10:15\r\n';
    const r = parseForecastCsv(csv, ctx);
    expect(r.ok && r.rows).toEqual([
      { channel: 'chat', start: at('2027-11-26T10:00:00Z'), arrivals: 7 },
      { channel: 'email', start: at('2027-11-26T10:15:00Z'), arrivals: 3 },
    ]);
    expect(splitCsvLine('"a, b","say ""hi""",c')).toEqual(['a, b', 'say "hi"', 'c']);
  });

  it('a bad count names its line (the header is row 1) and the column', () => {
    const rows = ['channel,interval_start,arrivals', ...['00:00', '00:15', '00:30', '00:45', '01:00'].map((t) => `chat,${t},4`), 'chat,01:15,4.5'];
    expect(message(parseForecastCsv(rows.join('\n'), ctx))).toBe('row 7, column arrivals: must be a whole number ≥ 0');
    expect(message(parseForecastCsv('channel,interval_start,arrivals\nchat,10:00,-3', ctx))).toBe('row 2, column arrivals: must be a whole number ≥ 0');
    expect(message(parseForecastCsv('channel,interval_start,arrivals\nchat,10:00,', ctx))).toBe('row 2, column arrivals: is required: a whole number ≥ 0');
  });

  it('an unknown channel is rejected with the configured ones', () => {
    expect(message(parseForecastCsv('channel,interval_start,arrivals\nfax,10:00,1', ctx)))
      .toBe('row 2, column channel: unknown channel "fax" (configured: chat, voice, email, messaging, social)');
  });

  it('a time must start a 15-minute interval, exist, and be a time', () => {
    const one = (t: string) => message(parseForecastCsv(`channel,interval_start,arrivals\nchat,${t},1`, ctx));
    expect(one('10:10')).toBe('row 2, column interval_start: must start a 15-minute interval (minutes 00, 15, 30 or 45, no seconds)');
    expect(one('2027-11-26T10:15:30Z')).toMatch(/^row 2, column interval_start: must start a 15-minute interval/);
    expect(one('25:00')).toBe('row 2, column interval_start: "25:00" is not a time of day (HH:MM, 00:00-23:45)');
    expect(one('tomorrow')).toMatch(/^row 2, column interval_start: must be HH:MM/);
    expect(one('2027-02-30T10:00:00Z')).toMatch(/^row 2, column interval_start: "2027-02-30T10:00:00Z" is not a valid date and time/);
  });

  it('a local time skipped by a daylight-saving change is refused', () => {
    const spring = { ...ctx, timeZone: 'Europe/Berlin', now: Date.parse('2027-03-28T10:00:00Z') };
    expect(message(parseForecastCsv('channel,interval_start,arrivals\nchat,02:30,1', spring)))
      .toBe('row 2, column interval_start: 02:30 does not exist today in Europe/Berlin (a daylight-saving change)');
  });

  it('days more than 7 days back or 62 ahead are refused', () => {
    expect(message(parseForecastCsv('channel,interval_start,arrivals\nchat,2027-11-18T23:45:00Z,1', ctx))).toBe('row 2, column interval_start: is more than 7 days ago');
    expect(parseForecastCsv('channel,interval_start,arrivals\nchat,2027-11-19T00:00:00Z,1', ctx).ok).toBe(true);
    expect(message(parseForecastCsv('channel,interval_start,arrivals\nchat,2028-01-28T00:00:00Z,1', ctx))).toBe('row 2, column interval_start: is more than 62 days ahead');
  });

  it('the same channel and interval twice points to the first row', () => {
    expect(message(parseForecastCsv('channel,interval_start,arrivals\nchat,10:00,1\nvoice,10:00,1\nchat,2027-11-26T10:00:00Z,2', ctx)))
      .toBe('row 4, column interval_start: chat 2027-11-26T10:00 is already given in row 2');
  });

  it('the header must name the three columns once', () => {
    expect(message(parseForecastCsv('channel,start,arrivals\nchat,10:00,1', ctx))).toBe('row 1, column start: unknown column (the header must be channel,interval_start,arrivals)');
    expect(message(parseForecastCsv('channel,arrivals\nchat,1', ctx))).toBe('row 1, column interval_start: is missing from the header (channel,interval_start,arrivals)');
    expect(message(parseForecastCsv('', ctx))).toMatch(/^the forecast is empty/);
    expect(message(parseForecastCsv('channel,interval_start,arrivals\n', ctx))).toBe('row 1: the forecast has no rows');
  });

  it('a row with the wrong number of fields is named; every problem is listed, the first in the message', () => {
    const r = parseForecastCsv('channel,interval_start,arrivals\nchat,10:00\nchat,10:15,x\nchat,10:30,2', ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { row: 2, message: 'has 2 fields; the header has 3' },
      { row: 3, column: 'arrivals', message: 'must be a whole number ≥ 0' },
    ]);
    expect(describeProblems(r.problems)).toBe('row 2: has 2 fields; the header has 3 (and 1 more problem)');
  });
});

describe('JSON forecasts', () => {
  it('reads [{channel, intervalStart, arrivals}] with ISO, HH:MM or epoch ms', () => {
    const r = parseForecastJson([
      { channel: 'chat', intervalStart: '2027-11-26T11:00:00Z', arrivals: 40 },
      { channel: 'chat', intervalStart: '11:15', arrivals: 41 },
      { channel: 'voice', intervalStart: at('2027-11-26T11:00:00Z'), arrivals: 5 },
    ], ctx);
    expect(r.ok && r.rows.map((x) => [x.channel, x.start, x.arrivals])).toEqual([
      ['chat', at('2027-11-26T11:00:00Z'), 40], ['chat', at('2027-11-26T11:15:00Z'), 41], ['voice', at('2027-11-26T11:00:00Z'), 5],
    ]);
  });

  it('names the element (1-based) and the field', () => {
    expect(message(parseForecastJson([{ channel: 'chat', intervalStart: '11:00', arrivals: 1 }, { channel: 'chat', intervalStart: '11:15', arrivals: '3' }], ctx)))
      .toBe('row 2, column arrivals: must be a whole number ≥ 0');
    expect(message(parseForecastJson([{ channel: 'chat', interval_start: '11:00', arrivals: 1 }], ctx)))
      .toBe('row 1, column interval_start: unknown field (expected channel, intervalStart, arrivals)');
    expect(message(parseForecastJson([{ channel: 'chat', arrivals: 1 }], ctx))).toBe('row 1, column intervalStart: is required: HH:MM (today) or an ISO-8601 time');
    expect(message(parseForecastJson([7], ctx))).toBe('row 1: must be an object {channel, intervalStart, arrivals}');
    expect(message(parseForecastJson({ rows: [] }, ctx))).toBe('body must be a JSON array of {channel, intervalStart, arrivals}');
    expect(message(parseForecastJson([], ctx))).toBe('row 1: the forecast has no rows');
  });
});

describe('grouping an upload', () => {
  it('groups rows by local day, then channel', () => {
    const r = parseForecastJson([
      { channel: 'chat', intervalStart: '2027-11-26T22:45:00Z', arrivals: 1 },
      { channel: 'chat', intervalStart: '2027-11-26T23:00:00Z', arrivals: 2 },
      { channel: 'voice', intervalStart: '2027-11-26T10:00:00Z', arrivals: 3 },
    ], ctx);
    if (!r.ok) throw new Error(describeProblems(r.problems));
    // In Berlin (UTC+1) 23:00Z is already Saturday.
    const g = groupByDay(r.rows, 'Europe/Berlin');
    expect([...g.keys()]).toEqual(['2027-11-26', '2027-11-27']);
    expect([...g.get('2027-11-26')!.keys()]).toEqual(['chat', 'voice']);
    expect(g.get('2027-11-27')!.get('chat')!.map((x) => x.arrivals)).toEqual([2]);
  });
});
