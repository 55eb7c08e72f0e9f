import { DateTime } from 'luxon';
import { z } from 'zod';
import { CHANNEL_NAME } from './channels';
import { safeText, serverRecordedBy } from './text';

/** Days of the weekly opening hours, Monday first (luxon's `weekday` 1-7 indexes this list from 1). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** What a channel can be: see `channelState`. */
export const CHANNEL_STATES = ['open', 'unstaffed', 'closed'] as const;
export type ChannelStateName = (typeof CHANNEL_STATES)[number];

/** The alert metric `channelState` as a number: a rule `channelState > 0` fires on unstaffed or closed. */
export const CHANNEL_STATE_LEVEL: Readonly<Record<ChannelStateName, number>> = { open: 0, unstaffed: 1, closed: 2 };

/** The state a `channelState` value stands for (rounded down: 0.5 still reads open). */
export const channelStateOfLevel = (level: number): ChannelStateName =>
  (level >= CHANNEL_STATE_LEVEL.closed ? 'closed' : level >= CHANNEL_STATE_LEVEL.unstaffed ? 'unstaffed' : 'open');

/** Longest reason a lead may give for closing a channel. */
export const CLOSED_REASON_MAX = 200;

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight of "HH:MM" ("24:00" is 1440, the end of the day). */
export function minutesOfTime(hhmm: string): number {
  if (hhmm === '24:00') return 1_440;
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const startTime = z.string().regex(TIME, 'must be a time "HH:MM" from 00:00 to 23:59');
const END_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const endTime = z.string().regex(END_TIME, 'must be a time "HH:MM" from 00:01 to 24:00');

/** One opening interval of a day, local wall-clock time in PEAKWATCH_TZ: open from `start` up to (not at) `end`. */
export const openingIntervalSchema = z
  .tuple([startTime, endTime])
  .refine(([s, e]) => !TIME.test(s) || !END_TIME.test(e) || minutesOfTime(s) < minutesOfTime(e), 'must end after it starts (["08:00", "22:00"]; "24:00" ends at midnight)');

/** A day's intervals: any order, none overlapping (touching is fine: ["08:00","12:00"], ["12:00","18:00"]). */
export const dayHoursSchema = z.array(openingIntervalSchema).max(24).superRefine((day, ctx) => {
  const sorted = day.map(([s, e], i) => ({ s: minutesOfTime(s), e: minutesOfTime(e), i })).sort((a, b) => a.s - b.s);
  sorted.forEach((cur, k) => {
    const prev = sorted[k - 1];
    if (prev && cur.s < prev.e) ctx.addIssue({ code: 'custom', path: [cur.i], message: `overlaps ${day[prev.i]?.join('-')}` });
  });
});

/** Weekly opening hours: a day left out is closed all day; `{}` is never open. */
export const weeklyHoursSchema = z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, dayHoursSchema.optional()])) as Record<Weekday, z.ZodOptional<typeof dayHoursSchema>>);
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

const reasonSchema = safeText().trim().min(1, 'must not be empty').max(CLOSED_REASON_MAX, `must be at most ${CLOSED_REASON_MAX} characters`);

/** A channel's settings: its hours (`null`: open 24×7) and whether a lead has closed it, why, who and when. */
export const channelSettingsSchema = z.strictObject({
  hours: weeklyHoursSchema.nullable(),
  closed: z.boolean(),
  closedReason: reasonSchema.nullable(),
  /** The name of the lead token that closed it (recorded by the server). */
  closedBy: safeText().max(100).nullable(),
  /** When it was closed, epoch ms. */
  closedAt: z.number().int().nonnegative().nullable(),
});
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** A channel nobody has configured: open around the clock, not closed. */
export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = { hours: null, closed: false, closedReason: null, closedBy: null, closedAt: null };

/** `GET /api/v1/channels`: every configured channel's settings. */
export const channelsSettingsSchema = z.record(z.string().regex(CHANNEL_NAME), channelSettingsSchema);

/** One channel's settings out of all of them; a channel with none stored is open 24×7. */
export const channelSettingsOf = (all: ChannelsSettings, channel: string): ChannelSettings =>
  (Object.hasOwn(all, channel) ? all[channel] : undefined) ?? DEFAULT_CHANNEL_SETTINGS;
export type ChannelsSettings = z.infer<typeof channelsSettingsSchema>;

/** One channel's part of a `PUT`: only the fields it changes. Closing needs a reason; who and when are recorded by the server. */
export const channelSettingsPatchSchema = z
  .strictObject({
    hours: weeklyHoursSchema.nullable().optional(),
    closed: z.boolean().optional(),
    closedReason: reasonSchema.optional(),
    closedBy: serverRecordedBy,
    by: serverRecordedBy,
    closedAt: z.undefined({ error: 'is recorded by the server: leave it out' }).optional(),
  })
  .refine((p) => p.hours !== undefined || p.closed !== undefined, 'must change "hours" or "closed"')
  .refine((p) => p.closed !== true || p.closedReason !== undefined, { path: ['closedReason'], message: 'is required to close a channel (e.g. "carrier outage, calls moved to chat")' })
  .refine((p) => p.closedReason === undefined || p.closed !== undefined, { path: ['closedReason'], message: 'goes with "closed" (true to close, false to reopen)' });
export type ChannelSettingsPatch = z.infer<typeof channelSettingsPatchSchema>;

/** `PUT /api/v1/channels`: names only the channels and fields it changes (`{"voice": {"closed": true, "closedReason": "carrier outage"}}`). */
export const channelsPutSchema = z
  .record(z.string().regex(CHANNEL_NAME, 'is not a channel name'), channelSettingsPatchSchema)
  .refine((b) => Object.keys(b).length > 0, 'must name at least one channel');
export type ChannelsPut = z.infer<typeof channelsPutSchema>;

/** Whether the patch sets hours (only an admin may). */
export const patchSetsHours = (put: ChannelsPut): boolean => Object.values(put).some((p) => p.hours !== undefined);

/** The weekday of a local date (luxon numbers them 1 = Monday to 7 = Sunday). */
const weekdayOf = (t: DateTime): Weekday => WEEKDAYS[t.weekday - 1] as Weekday;

/** Sorted [start, end) minutes of one day's intervals. */
function dayIntervals(hours: WeeklyHours, day: Weekday): Array<[number, number]> {
  return (hours[day] ?? []).map(([s, e]) => [minutesOfTime(s), minutesOfTime(e)] as [number, number]).sort((a, b) => a[0] - b[0]);
}

/** True when `now` falls inside the opening hours (`null` hours: always), by local wall-clock time in `tz`. */
export function isWithinHours(hours: WeeklyHours | null, now: number, tz: string): boolean {
  if (hours === null) return true;
  const minute = localMinute(now, tz);
  return dayIntervals(hours, weekdayOf(DateTime.fromMillis(now, { zone: tz }))).some(([s, e]) => minute >= s && minute < e);
}

/** Minute of the local day `ms` falls on, in `tz`. */
const localMinute = (ms: number, tz: string): number => {
  const t = DateTime.fromMillis(ms, { zone: tz });
  return t.hour * 60 + t.minute;
};

/**
 * The first instant of the local day `date` whose wall-clock minute is `minute` or later: the time itself, or,
 * when clocks go forward over it (02:30 in a skipped hour), the instant of the jump, as `isWithinHours` reads it.
 */
function wallClockInstant(date: DateTime, minute: number, tz: string): number {
  let at = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone: tz }).toMillis();
  if (localMinute(at, tz) === minute) return at;
  while (at - 60_000 >= date.toMillis() && localMinute(at - 60_000, tz) >= minute) at -= 60_000;
  return at;
}

/** The next time after `now` the hours open (epoch ms), or null when they never do (no day has an interval). */
export function nextOpening(hours: WeeklyHours, now: number, tz: string): number | null {
  const today = DateTime.fromMillis(now, { zone: tz }).startOf('day');
  for (let d = 0; d <= 7; d++) {
    const date = today.plus({ days: d });
    for (const [s] of dayIntervals(hours, weekdayOf(date))) {
      const at = wallClockInstant(date, s, tz);
      if (at > now) return at;
    }
  }
  return null;
}

export interface ChannelStateInput {
  settings: ChannelSettings;
  /** Agents of the channel with status available / busy right now. */
  agentsAvailable: number;
  agentsBusy: number;
}

export interface ChannelState {
  state: ChannelStateName;
  /** When closed by the hours: the next opening time (epoch ms); null otherwise. */
  reopensAt: number | null;
  /** When a lead closed it: their reason; null otherwise. */
  closedReason: string | null;
}

/**
 * `closed` while a lead has closed the channel or outside its hours (in `tz`); `unstaffed` when open but no
 * agent of the channel is available or busy (all away or offline); else `open`.
 */
export function channelState(input: ChannelStateInput, now: number, tz: string): ChannelState {
  const { settings } = input;
  if (settings.closed) return { state: 'closed', reopensAt: null, closedReason: settings.closedReason };
  if (!isWithinHours(settings.hours, now, tz)) {
    return { state: 'closed', reopensAt: settings.hours === null ? null : nextOpening(settings.hours, now, tz), closedReason: null };
  }
  if (input.agentsAvailable + input.agentsBusy <= 0) return { state: 'unstaffed', reopensAt: null, closedReason: null };
  return { state: 'open', reopensAt: null, closedReason: null };
}
