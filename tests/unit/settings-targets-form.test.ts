import { describe, expect, it } from 'vitest';
import { defaultTargets, targetsSchema } from '../../shared/targets';
import { CHANNEL_FIELDS, TOTAL_FIELDS, checkTargetsForm, parseField, secondsHint, targetsToForm, toPercentText } from '../../client/src/model/targetsForm';

const defaults = defaultTargets(['chat', 'voice', 'email']);

describe('the targets form', () => {
  it('opens with fractions as percentages, seconds as they are, and none as empty', () => {
    const f = targetsToForm(defaults);
    expect(f.channels.chat).toEqual({ serviceLevel: '80', slThresholdSeconds: '120', shortAbandonSeconds: '5', abandonRate: '5', oldestOpenSeconds: '', concurrency: '3' });
    expect(f.channels.email!.shortAbandonSeconds).toBe('');
    expect(f.channels.email!.oldestOpenSeconds).toBe('86400');
    expect(f.contactRate).toBe('5.2');
    expect(f.csat).toBe('65');
  });
  it('writes percentages without float noise', () => {
    expect(toPercentText(0.052)).toBe('5.2');
    expect(toPercentText(0.07)).toBe('7');
    expect(toPercentText(0.123456)).toBe('12.3456');
  });
  it('sends back exactly what it opened with, valid for the server', () => {
    const check = checkTargetsForm(targetsToForm(defaults));
    expect(check).toEqual({ ok: true, value: defaults });
    if (check.ok) expect(targetsSchema.safeParse(check.value).success).toBe(true);
  });
  it('turns a changed SL target of 20 % into 0.2', () => {
    const f = targetsToForm(defaults);
    f.channels.chat!.serviceLevel = '20';
    const check = checkTargetsForm(f);
    expect(check.ok && check.value.channels.chat!.serviceLevel).toBe(0.2);
  });
  it('names every bad field by the path the server uses, in the units typed', () => {
    const f = targetsToForm(defaults);
    f.channels.chat!.serviceLevel = '120';
    f.channels.voice!.slThresholdSeconds = '20.5';
    f.channels.voice!.concurrency = '0';
    f.channels.email!.abandonRate = '';
    f.csat = 'lots';
    expect(checkTargetsForm(f)).toEqual({
      ok: false,
      errors: {
        'channels.chat.serviceLevel': 'A percentage from 0 to 100.',
        'channels.voice.slThresholdSeconds': 'A whole number of seconds, 1 to 2,592,000.',
        'channels.voice.concurrency': 'A whole number, 1 to 20.',
        'channels.email.abandonRate': 'Required.',
        csat: 'A percentage from 0 to 100.',
      },
    });
  });
  it('reads empty as none where a field allows it, and takes a typed % sign', () => {
    expect(parseField(CHANNEL_FIELDS.shortAbandonSeconds, ' ')).toEqual({ ok: true, value: null });
    expect(parseField(CHANNEL_FIELDS.oldestOpenSeconds, '')).toEqual({ ok: true, value: null });
    expect(parseField(CHANNEL_FIELDS.shortAbandonSeconds, '3601')).toEqual({ ok: false, error: 'A whole number of seconds, 0 to 3,600 (empty: none).' });
    expect(parseField(CHANNEL_FIELDS.oldestOpenSeconds, '0')).toEqual({ ok: false, error: 'A whole number of seconds, 1 or more (empty: no target).' });
    expect(parseField(TOTAL_FIELDS.contactRate, '5.2 %')).toEqual({ ok: true, value: 0.052 });
    expect(parseField(TOTAL_FIELDS.contactRate, '-1')).toEqual({ ok: false, error: 'A percentage from 0 to 1000.' });
  });
  it('CES and NPS targets are optional: empty sends none, a value sets one, NPS may be negative', () => {
    const f = targetsToForm(defaults);
    expect([f.ces, f.nps]).toEqual(['', '']);
    const none = checkTargetsForm(f);
    expect(none.ok && 'nps' in none.value).toBe(false);
    f.ces = '70';
    f.nps = '-5';
    const set = checkTargetsForm(f);
    expect(set.ok && [set.value.ces, set.value.nps]).toEqual([0.7, -5]);
    expect(targetsToForm({ ...defaults, ces: 0.7, nps: -5 })).toMatchObject({ ces: '70', nps: '-5' });
    expect(parseField(TOTAL_FIELDS.nps, '101')).toEqual({ ok: false, error: 'A whole number, -100 to 100 (empty: no target).' });
    expect(parseField(TOTAL_FIELDS.nps, '12.5')).toMatchObject({ ok: false });
    expect(parseField(TOTAL_FIELDS.nps, '+20')).toEqual({ ok: true, value: 20 });
  });
  it('shows seconds as they read', () => {
    expect(secondsHint('120')).toBe('2m');
    expect(secondsHint('86400')).toBe('24h');
    expect(secondsHint('')).toBeNull();
    expect(secondsHint('abc')).toBeNull();
  });
});
