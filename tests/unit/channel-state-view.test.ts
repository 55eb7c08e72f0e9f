import { describe, expect, it } from 'vitest';
import { availabilityView, opensText, stateBanner } from '../../client/src/model/channelState';
import { checkHoursForm, formField, hoursToForm, parseDay } from '../../client/src/model/hoursForm';
import { DEFAULT_CHANNEL_SETTINGS } from '../../shared/channel-state';

const TZ = 'Europe/Berlin';
const MON_1000 = Date.parse('2026-11-30T09:00:00Z'); // 10:00 in Berlin, a Monday

describe('the wall\'s state banner', () => {
  it('says nothing while open, UNSTAFFED why, CLOSED with the lead\'s reason or when the hours open', () => {
    expect(stateBanner({ state: 'open', closedReason: null, reopensAt: null }, MON_1000, TZ)).toBeNull();
    expect(stateBanner({ state: 'unstaffed', closedReason: null, reopensAt: null }, MON_1000, TZ)).toEqual({ state: 'unstaffed', word: '○ UNSTAFFED', detail: 'no agent available or busy' });
    expect(stateBanner({ state: 'closed', closedReason: 'carrier outage', reopensAt: null }, MON_1000, TZ)).toEqual({ state: 'closed', word: '■ CLOSED', detail: 'carrier outage' });
    expect(stateBanner({ state: 'closed', closedReason: null, reopensAt: null }, MON_1000, TZ)?.detail).toBe('outside opening hours');
  });

  it('writes the opening time in the server\'s zone, with the weekday when it is not today there', () => {
    expect(opensText(Date.parse('2026-11-30T16:00:00Z'), MON_1000, TZ)).toBe('opens 17:00');
    expect(opensText(Date.parse('2026-12-01T07:00:00Z'), MON_1000, TZ)).toBe('opens Tue 08:00');
    // 23:30 UTC Monday is already Tuesday in Berlin.
    expect(opensText(Date.parse('2026-11-30T23:30:00Z'), MON_1000, TZ)).toBe('opens Tue 00:30');
  });

  it('readiness: any closed minute is a breach, any unstaffed minute a warning, none is fine', () => {
    expect(availabilityView({ state: 'open', closedMinutes: 0, unstaffedMinutes: 0 })).toEqual({ text: '0 min closed · 0 min unstaffed', now: 'now open', level: 'ok' });
    expect(availabilityView({ state: 'unstaffed', closedMinutes: 0, unstaffedMinutes: 12 })).toMatchObject({ now: 'now ○ UNSTAFFED', level: 'warn' });
    expect(availabilityView({ state: 'open', closedMinutes: 1, unstaffedMinutes: 12 }).level).toBe('breach');
  });
});

describe('the opening-hours form', () => {
  const form = (days: Partial<Record<string, string>>, always = false) =>
    ({ chat: { always, days: { mon: '', tue: '', wed: '', thu: '', fri: '', sat: '', sun: '', ...days } } });

  it('round-trips the settings and sends every channel\'s hours; an empty day is left out (closed)', () => {
    const settings = { chat: { ...DEFAULT_CHANNEL_SETTINGS, hours: { mon: [['08:00', '12:00'], ['13:00', '24:00']] as [string, string][] } }, voice: DEFAULT_CHANNEL_SETTINGS };
    const f = hoursToForm(settings);
    expect(f.chat!.days.mon).toBe('08:00-12:00, 13:00-24:00');
    expect(f.voice!.always).toBe(true);
    expect(checkHoursForm(f)).toEqual({ ok: true, value: { chat: { hours: { mon: [['08:00', '12:00'], ['13:00', '24:00']] } }, voice: { hours: null } } });
  });

  it('names the day and the interval that is wrong, with the schema\'s words', () => {
    expect(parseDay('08:00 - 12:00,13:00–14:00')).toEqual({ ok: true, intervals: [['08:00', '12:00'], ['13:00', '14:00']] });
    expect(checkHoursForm(form({ tue: '8-12' }))).toEqual({ ok: false, errors: { 'chat.tue': 'interval 1: must be a time "HH:MM" from 00:00 to 23:59' } });
    expect(checkHoursForm(form({ wed: '08:00' }))).toEqual({ ok: false, errors: { 'chat.wed': '"08:00": write an interval as 08:00-22:00' } });
    expect(checkHoursForm(form({ fri: '12:00-08:00' }))).toMatchObject({ ok: false, errors: { 'chat.fri': expect.stringMatching(/^interval 1: must end after it starts/) } });
    expect(formField('chat.hours.mon.1.0')).toBe('chat.mon');
  });
});
