import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/annotations';
import { labelRows } from '../../client/src/charts/markers';
import { annotationWhen, checkAnnotation, localTimeOnDay, markersFor, mergeAnnotations, shortLabel } from '../../client/src/model/annotations';

const t = (iso: string) => Date.parse(iso);
const note = (id: string, start: string, over: Partial<Annotation> = {}): Annotation => ({
  id, text: `note ${id}`, start: t(start), end: null, channel: null, by: 'lead', createdAt: t(start), ...over,
});
/** The 15-minute interval starts of a day in a zone: every local quarter hour from local midnight. */
const quarters = (midnight: number, hours = 24) => Array.from({ length: hours * 4 }, (_, i) => midnight + i * 900_000);

describe('annotation markers', () => {
  it("marks a channel's own notes and those for all channels, in time order", () => {
    const notes = [note('b', '2026-11-27T14:05:00Z', { channel: 'chat' }), note('a', '2026-11-27T13:00:00Z'), note('c', '2026-11-27T13:30:00Z', { channel: 'voice' })];
    expect(markersFor(notes, 'chat').map((m) => m.id)).toEqual(['a', 'b']);
    expect(markersFor(notes, null).map((m) => m.id)).toEqual(['a', 'c', 'b']);
  });
  it('keeps chart labels short, with an ellipsis', () => {
    expect(shortLabel('Carrier X delay')).toBe('Carrier X delay');
    expect(shortLabel('Carrier X delay in the north-west hub, WISMO calls up')).toBe('Carrier X delay in…');
    expect(shortLabel('Promo email sent to 2M customers')).toBe('Promo email sent to…');
    expect(shortLabel('Carrier-X-delay-in-the-north-west-hub')).toBe('Carrier-X-delay-in-th…');
  });
  it('says when, in the time zone given', () => {
    expect(annotationWhen({ start: t('2026-11-27T13:05:00Z'), end: t('2026-11-27T13:35:00Z') }, 'UTC')).toBe('13:05–13:35');
    expect(annotationWhen({ start: t('2026-11-27T13:05:00Z'), end: null }, 'Europe/Berlin')).toBe('from 14:05');
  });
  it('lists notes just added with those pushed, once each, newest first', () => {
    const a = note('a', '2026-11-27T13:00:00Z');
    const b = note('b', '2026-11-27T14:00:00Z');
    expect(mergeAnnotations([a], [b, a]).map((n) => n.id)).toEqual(['b', 'a']);
  });
  it('places labels beside their lines, a row lower when they would overlap, none past two rows', () => {
    const boxes = [{ x: 100, width: 80 }, { x: 120, width: 80 }, { x: 130, width: 80 }, { x: 400, width: 80 }, { x: 590, width: 80 }];
    expect(labelRows(boxes, 600, 4)).toEqual([
      { row: 0, left: 104 }, { row: 1, left: 124 }, null, { row: 0, left: 404 },
      // No room to its right before the chart ends: flipped to the left of its line.
      { row: 0, left: 506 },
    ]);
  });
});

describe('the add-note form', () => {
  const day = quarters(t('2026-11-27T00:00:00Z'));
  it('reads HH:MM as a time of the day of the intervals', () => {
    expect(localTimeOnDay('13:20', day, 'UTC')).toBe(t('2026-11-27T13:20:00Z'));
    expect(localTimeOnDay('9:07', day, 'UTC')).toBe(t('2026-11-27T09:07:00Z'));
    expect(localTimeOnDay('24:00', day, 'UTC')).toBeNull();
    expect(localTimeOnDay('noon', day, 'UTC')).toBeNull();
  });
  it('reads HH:MM in the server time zone, across a daylight-saving change (the day has 23 hours)', () => {
    // Berlin, 2026-03-29: clocks go from 02:00 to 03:00; local midnight is 23:00 UTC the day before.
    const dst = quarters(t('2026-03-28T23:00:00Z'), 23);
    expect(localTimeOnDay('01:30', dst, 'Europe/Berlin')).toBe(t('2026-03-29T00:30:00Z'));
    expect(localTimeOnDay('03:10', dst, 'Europe/Berlin')).toBe(t('2026-03-29T01:10:00Z'));
    expect(localTimeOnDay('02:30', dst, 'Europe/Berlin')).toBeNull();
  });
  it('names each problem on its field', () => {
    expect(checkAnnotation({ text: ' ', start: '25:00', end: '', channel: '' }, day, 'UTC')).toEqual({
      ok: false, errors: { text: 'Say what happened.', start: 'A time of today, HH:MM.' },
    });
    expect(checkAnnotation({ text: 'x', start: '14:00', end: '13:00', channel: '' }, day, 'UTC')).toEqual({
      ok: false, errors: { end: 'Must not be before the start.' },
    });
    expect(checkAnnotation({ text: 'a'.repeat(201), start: '14:00', end: '', channel: '' }, day, 'UTC')).toMatchObject({ ok: false, errors: { text: 'At most 200 characters (201 now).' } });
  });
  it('gives what the API takes: epoch ms, null for no end and for all channels', () => {
    expect(checkAnnotation({ text: ' Carrier X delay ', start: '13:20', end: '', channel: '' }, day, 'UTC')).toEqual({
      ok: true, value: { text: 'Carrier X delay', start: t('2026-11-27T13:20:00Z'), end: null, channel: null },
    });
    expect(checkAnnotation({ text: 'x', start: '13:20', end: '13:50', channel: 'chat' }, day, 'UTC')).toMatchObject({
      ok: true, value: { end: t('2026-11-27T13:50:00Z'), channel: 'chat' },
    });
  });
});
