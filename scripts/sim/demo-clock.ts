/**
 * Where on the peak day a demo plays. The demo runs Peakwatch in a time zone whose clock, at the moment it
 * starts, reads the early evening of the simulated day: the evening peak is ahead, the morning, the lunch
 * peak and its incident are behind, so the war room is busy whatever hour of the real day it is started.
 * Every timestamp stays real; only the zone that names the hours is chosen.
 */
import { IANAZone } from 'luxon';

/** The demo starts between this local hour and the next. */
export const DEMO_LOCAL_HOUR = 18;
/**
 * Hours of the day posted at once before going live: from 03:00-03:59 local, so "today" is all but complete
 * (the three quietest hours hold ~3 % of the day so far) and the model, which starts three hours before the
 * posted window, still starts at today's midnight.
 */
export const DEMO_BACKFILL_HOURS = 15;

export interface DemoClock {
  /** IANA zone the server and the simulator use. */
  timeZone: string;
  /** The zone as people read it: `UTC+6`, `UTC-5`, or the IANA name of a zone that was asked for. */
  label: string;
  /** Tenant of the demo's data: one per zone, so days counted in other zones never mix into this "today". */
  tenant: string;
}

/** `Etc/GMT` zones exist for whole hours from UTC-12 to UTC+14, with the sign inverted (Etc/GMT-6 is UTC+6). */
function etcZone(offsetHours: number): string {
  if (offsetHours === 0) return 'Etc/GMT';
  return `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
}

/**
 * The whole-hour zone (no daylight saving) in which `now` falls between `localHour`:00 and `localHour`:59.
 * Offsets are chosen in -12..+11, so every UTC hour has exactly one.
 */
export function busyZone(now: number, localHour = DEMO_LOCAL_HOUR): DemoClock {
  if (!Number.isInteger(localHour) || localHour < 0 || localHour > 23) throw new RangeError(`localHour must be a whole hour 0-23, got ${localHour}`);
  const utcHour = new Date(now).getUTCHours();
  const offset = ((((localHour - utcHour + 12) % 24) + 24) % 24) - 12;
  const sign = offset < 0 ? '-' : '+';
  return {
    timeZone: etcZone(offset),
    label: `UTC${sign}${Math.abs(offset)}`,
    tenant: `demo-utc${offset < 0 ? 'minus' : 'plus'}${Math.abs(offset)}`,
  };
}

/** A zone the user asked for (`--tz`): its clock as it is, whatever the hour. */
export function fixedZone(timeZone: string): DemoClock {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  return { timeZone, label: timeZone, tenant: `demo-${timeZone.toLowerCase().replace(/\+/g, 'plus').replace(/[^a-z0-9_.-]+/g, '-')}`.slice(0, 64) };
}

/** The marker the wall shows in its header while the demo runs. */
export function demoNote(clock: DemoClock, busy: boolean): string {
  return `DEMO · simulated ${busy ? 'peak' : 'day'}, clock in ${clock.label}`;
}

