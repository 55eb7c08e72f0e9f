import { DateTime, IANAZone } from 'luxon';

/** True when `tz` is an IANA time-zone name this runtime knows (e.g. "Europe/Berlin"). */
export function isValidTimeZone(tz: string): boolean {
  return IANAZone.isValidZone(tz);
}

/** Epoch ms of the midnight that starts the day containing `now`, in time zone `tz`. */
export function startOfDay(now: number, tz: string): number {
  return DateTime.fromMillis(now, { zone: tz }).startOf('day').toMillis();
}
