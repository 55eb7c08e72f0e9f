/**
 * The opening-hours editor's form: per channel "open 24×7" or a line per weekday of intervals written
 * `08:00-12:00, 13:00-22:00` (empty: closed that day). Checked with the API's own schema
 * (shared/channel-state.ts), so a mistake is named before the round trip.
 */
import type { Checked } from './settingsErrors';
import { type ChannelsPut, type ChannelsSettings, WEEKDAYS, type Weekday, type WeeklyHours, weeklyHoursSchema } from '@shared/channel-state';

export interface ChannelHoursForm {
  always: boolean;
  days: Record<Weekday, string>;
}
export type HoursForm = Record<string, ChannelHoursForm>;

export const DAY_LABELS: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** `08:00-12:00, 13:00-22:00` for a day's intervals. */
export const dayText = (intervals: readonly (readonly [string, string])[] | undefined): string =>
  (intervals ?? []).map(([s, e]) => `${s}-${e}`).join(', ');

export function hoursToForm(settings: ChannelsSettings): HoursForm {
  return Object.fromEntries(Object.entries(settings).map(([ch, s]) => [ch, {
    always: s.hours === null,
    days: Object.fromEntries(WEEKDAYS.map((d) => [d, dayText(s.hours?.[d])])) as Record<Weekday, string>,
  }]));
}

/** The intervals a day's text names (shape only: times and order are the schema's to check), or what is wrong. */
export function parseDay(text: string): { ok: true; intervals: [string, string][] } | { ok: false; error: string } {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const intervals: [string, string][] = [];
  for (const part of parts) {
    const m = /^(\S+?)\s*[-–]\s*(\S+)$/.exec(part);
    if (!m) return { ok: false, error: `"${part}": write an interval as 08:00-22:00` };
    intervals.push([m[1]!, m[2]!]);
  }
  return { ok: true, intervals };
}

/** The `PUT /channels` body setting every channel's hours, or the problems by field (`chat.mon`). */
export function checkHoursForm(form: HoursForm): Checked<ChannelsPut> {
  const errors: Record<string, string> = {};
  const body: ChannelsPut = {};
  for (const [ch, f] of Object.entries(form)) {
    if (f.always) { body[ch] = { hours: null }; continue; }
    const hours: Record<string, [string, string][]> = {};
    for (const d of WEEKDAYS) {
      const p = parseDay(f.days[d]);
      if (!p.ok) errors[`${ch}.${d}`] = p.error;
      else if (p.intervals.length) hours[d] = p.intervals;
    }
    const parsed = weeklyHoursSchema.safeParse(hours);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const day = String(i.path[0]);
        const which = typeof i.path[1] === 'number' ? `interval ${i.path[1] + 1}: ` : '';
        errors[`${ch}.${day}`] ??= `${which}${i.message}`;
      }
    } else body[ch] = { hours: parsed.data as WeeklyHours };
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: body };
}

/** A field named by the server (`chat.hours.mon.1.0`) as the form's (`chat.mon`). */
export const formField = (serverField: string): string => serverField.split('.').filter((p) => p !== 'hours').slice(0, 2).join('.');
