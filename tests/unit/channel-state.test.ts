import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type ChannelSettings, DEFAULT_CHANNEL_SETTINGS, channelSettingsSchema, channelState, channelsPutSchema, isWithinHours, nextOpening, weeklyHoursSchema,
} from '../../shared/channel-state';

const BERLIN = 'Europe/Berlin';
/** Epoch ms of a local wall-clock time in `tz`. */
const at = (iso: string, tz = BERLIN) => DateTime.fromISO(iso, { zone: tz }).toMillis();
const settings = (over: Partial<ChannelSettings>): ChannelSettings => ({ ...DEFAULT_CHANNEL_SETTINGS, ...over });
const WEEKDAY_HOURS = { mon: [['08:00', '22:00']], tue: [['08:00', '22:00']], wed: [['08:00', '12:00'], ['13:00', '24:00']], thu: [['00:00', '06:00']], fri: [['08:00', '20:00']] } as ChannelSettings['hours'];
const staffed = { agentsAvailable: 1, agentsBusy: 2 };
const state = (s: ChannelSettings, now: number, tz = BERLIN, agents = staffed) => channelState({ settings: s, ...agents }, now, tz);

describe('channelState', () => {
  // 2026-12-07 is a Monday.
  it('is open inside the hours, closed outside with the next opening, in the configured time zone', () => {
    const s = settings({ hours: WEEKDAY_HOURS });
    expect(state(s, at('2026-12-07T08:00'))).toEqual({ state: 'open', reopensAt: null, closedReason: null });
    expect(state(s, at('2026-12-07T21:59'))).toMatchObject({ state: 'open' });
    expect(state(s, at('2026-12-07T22:00'))).toEqual({ state: 'closed', reopensAt: at('2026-12-08T08:00'), closedReason: null });
    expect(state(s, at('2026-12-07T07:59'))).toEqual({ state: 'closed', reopensAt: at('2026-12-07T08:00'), closedReason: null });
    // 07:30 UTC is 08:30 in Berlin (open) but 02:30 in New York (closed).
    const utc = Date.UTC(2026, 11, 7, 7, 30);
    expect(state(s, utc, BERLIN).state).toBe('open');
    expect(state(s, utc, 'America/New_York')).toEqual({ state: 'closed', reopensAt: at('2026-12-07T08:00', 'America/New_York'), closedReason: null });
  });

  it('runs an interval ending 24:00 through midnight into the next day\'s 00:00 interval', () => {
    const s = settings({ hours: WEEKDAY_HOURS });
    expect(state(s, at('2026-12-09T12:30'))).toEqual({ state: 'closed', reopensAt: at('2026-12-09T13:00'), closedReason: null });
    expect(state(s, at('2026-12-09T23:59')).state).toBe('open');
    expect(state(s, at('2026-12-10T00:00')).state).toBe('open');
    expect(state(s, at('2026-12-10T06:00'))).toEqual({ state: 'closed', reopensAt: at('2026-12-11T08:00'), closedReason: null });
  });

  it('is closed all day on a day with no hours; the next opening skips it', () => {
    const s = settings({ hours: WEEKDAY_HOURS });
    expect(state(s, at('2026-12-12T12:00'))).toEqual({ state: 'closed', reopensAt: at('2026-12-14T08:00'), closedReason: null });
    expect(state(settings({ hours: {} }), at('2026-12-12T12:00'))).toEqual({ state: 'closed', reopensAt: null, closedReason: null });
  });

  it('is open around the clock with hours null', () => {
    for (const t of ['2026-12-12T03:00', '2026-12-13T23:59']) expect(state(settings({}), at(t)).state).toBe('open');
  });

  it('follows the wall clock on the days clocks change', () => {
    // Berlin: 2026-03-29 02:00 → 03:00 (Sunday), 2026-10-25 03:00 → 02:00 (Sunday).
    const hours = { sun: [['02:30', '04:00']], mon: [['01:00', '02:00']] } as ChannelSettings['hours'];
    const s = settings({ hours });
    // 02:30 does not exist on 29 March: the channel opens when the clocks jump to 03:00.
    expect(nextOpening(hours!, at('2026-03-29T01:00'), BERLIN)).toBe(Date.UTC(2026, 2, 29, 1, 0));
    expect(state(s, Date.UTC(2026, 2, 29, 1, 30)).state).toBe('open'); // 03:30 CEST
    expect(state(s, Date.UTC(2026, 2, 29, 2, 0)).state).toBe('closed'); // 04:00 CEST
    // On 25 October 02:30 happens twice: open in both, closed from 04:00 CET.
    expect(state(s, Date.UTC(2026, 9, 25, 0, 30)).state).toBe('open'); // 02:30 CEST
    expect(state(s, Date.UTC(2026, 9, 25, 1, 30)).state).toBe('open'); // 02:30 CET
    expect(state(s, Date.UTC(2026, 9, 25, 3, 0))).toEqual({ state: 'closed', reopensAt: Date.UTC(2026, 9, 26, 0, 0), closedReason: null });
  });

  it('a lead\'s close wins over the hours and the agents, with its reason and no reopening time', () => {
    const s = settings({ hours: WEEKDAY_HOURS, closed: true, closedReason: 'carrier outage', closedBy: 'ana', closedAt: 1 });
    expect(state(s, at('2026-12-07T10:00'))).toEqual({ state: 'closed', reopensAt: null, closedReason: 'carrier outage' });
    expect(state(s, at('2026-12-07T23:00'))).toEqual({ state: 'closed', reopensAt: null, closedReason: 'carrier outage' });
  });

  it('goes unstaffed when the last available or busy agent goes away, open again when one returns', () => {
    const s = settings({});
    const now = at('2026-12-07T10:00');
    expect(state(s, now, BERLIN, { agentsAvailable: 0, agentsBusy: 1 }).state).toBe('open');
    expect(state(s, now, BERLIN, { agentsAvailable: 1, agentsBusy: 0 }).state).toBe('open');
    expect(state(s, now, BERLIN, { agentsAvailable: 0, agentsBusy: 0 })).toEqual({ state: 'unstaffed', reopensAt: null, closedReason: null });
    // Outside the hours an unstaffed channel is closed, not unstaffed.
    expect(state(settings({ hours: WEEKDAY_HOURS }), at('2026-12-07T23:00'), BERLIN, { agentsAvailable: 0, agentsBusy: 0 }).state).toBe('closed');
  });

  it('isWithinHours agrees with the intervals at their edges', () => {
    expect(isWithinHours(WEEKDAY_HOURS, at('2026-12-09T12:00'), BERLIN)).toBe(false);
    expect(isWithinHours(WEEKDAY_HOURS, at('2026-12-09T11:59'), BERLIN)).toBe(true);
    expect(isWithinHours(null, 0, BERLIN)).toBe(true);
  });
});

describe('channel settings schemas', () => {
  const issue = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) => r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('accepts valid hours and refuses bad times, reversed and overlapping intervals, unknown days', () => {
    expect(weeklyHoursSchema.safeParse({ mon: [['08:00', '12:00'], ['12:00', '24:00']], sun: [] }).success).toBe(true);
    expect(issue(weeklyHoursSchema.safeParse({ mon: [['8:00', '12:00']] }))).toEqual(['mon.0.0: must be a time "HH:MM" from 00:00 to 23:59']);
    expect(issue(weeklyHoursSchema.safeParse({ mon: [['08:00', '24:30']] }))?.[0]).toMatch(/^mon\.0\.1: must be a time/);
    expect(issue(weeklyHoursSchema.safeParse({ mon: [['24:00', '24:00']] }))?.[0]).toMatch(/^mon\.0\.0: /);
    expect(issue(weeklyHoursSchema.safeParse({ tue: [['12:00', '08:00']] }))).toEqual(['tue.0: must end after it starts (["08:00", "22:00"]; "24:00" ends at midnight)']);
    expect(issue(weeklyHoursSchema.safeParse({ wed: [['10:00', '14:00'], ['08:00', '10:30']] }))).toEqual(['wed.0: overlaps 08:00-10:30']);
    expect(issue(weeklyHoursSchema.safeParse({ monday: [] }))?.[0]).toMatch(/monday/);
  });

  it('a PUT closes with a reason, refuses who and when, and must change something', () => {
    expect(channelsPutSchema.parse({ voice: { closed: true, closedReason: '  carrier outage ' } })).toEqual({ voice: { closed: true, closedReason: 'carrier outage' } });
    expect(issue(channelsPutSchema.safeParse({ voice: { closed: true } }))).toEqual(['voice.closedReason: is required to close a channel (e.g. "carrier outage, calls moved to chat")']);
    expect(issue(channelsPutSchema.safeParse({ voice: { closed: true, closedReason: 'x', by: 'me' } }))?.[0]).toMatch(/^voice\.by: is recorded from your token/);
    expect(issue(channelsPutSchema.safeParse({ voice: { closed: true, closedReason: 'x', closedAt: 5 } }))?.[0]).toMatch(/^voice\.closedAt: is recorded by the server/);
    expect(issue(channelsPutSchema.safeParse({ voice: { closed: true, closedReason: 'a\u202eb' } }))?.[0]).toMatch(/^voice\.closedReason: must not contain control/);
    expect(issue(channelsPutSchema.safeParse({ voice: {} }))).toEqual(['voice: must change "hours" or "closed"']);
    expect(issue(channelsPutSchema.safeParse({}))).toEqual([': must name at least one channel']);
    expect(channelSettingsSchema.parse(DEFAULT_CHANNEL_SETTINGS)).toEqual(DEFAULT_CHANNEL_SETTINGS);
  });
});
