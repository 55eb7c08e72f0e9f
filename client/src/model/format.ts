/** Formatting of the wall's figures: short, fixed shapes that read from across a room. Pure. */
import { durationText, thresholdText } from '@shared/alert-text';

/** Shown for a figure that has no value (`null`). */
export const NO_VALUE = '—';

/** A fraction 0-1 as a percentage: `0.784` → `78%` (or `78.4%` with one digit). */
export function percent(value: number | null, digits = 0): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  return `${(value * 100).toFixed(digits)}%`;
}

/**
 * Contacts per order (the contact rate; a reason's intensity) as a percentage: one digit, two below 1 % so that
 * one reason's small share of the orders still reads: `0.042` → `4.2%`, `0.0018` → `0.18%`.
 */
export function perOrder(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  return percent(value, Math.abs(value) * 100 < 0.995 ? 2 : 1);
}

/** A target fraction, no needless digit: `0.05` → `5%`, `0.052` → `5.2%`. */
export function targetPercent(value: number): string {
  return `${Number((value * 100).toFixed(1))}%`;
}

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: `12345` → `12,345`. */
export function count(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  return counts.format(value);
}

/**
 * A duration in seconds as shared/alert-text.ts writes every duration (two units, 7 characters at most, whole
 * seconds elapsed): `45s`, `3m 05s`, `5h 12m`, `2d 04h`, `120d`; null reads `—`. Negative ages (a screen whose
 * clock runs behind the server's) read as 0.
 */
export function duration(seconds: number | null): string {
  return seconds === null || !Number.isFinite(seconds) ? NO_VALUE : durationText(seconds);
}

/** Seconds from `since` (epoch ms) to `now`; null without `since`. */
export function ageSeconds(since: number | null, now: number): number | null {
  return since === null ? null : Math.max(0, (now - since) / 1000);
}

/** A threshold in seconds as a target reads: `120` → `2m`, `20` → `20s`, `86400` → `24h`. */
export const threshold = thresholdText;

const formats = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter; an unknown time zone falls back to the screen's own rather than blanking the clock. */
function dateFormat(kind: 'time' | 'hm' | 'date' | 'day', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ''}`;
  let f = formats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = kind === 'date'
      ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
      : kind === 'day'
        ? { day: 'numeric', month: 'short' }
        : { hour: '2-digit', minute: '2-digit', ...(kind === 'time' ? { second: '2-digit' } : {}), hourCycle: 'h23' };
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-GB', opts);
    }
    formats.set(key, f);
  }
  return f;
}

/** `14:05:12` in the given IANA time zone. */
export function clockTime(ms: number, timeZone?: string): string {
  return dateFormat('time', timeZone).format(ms);
}

/** `14:05` in the given time zone (chart axes). */
export function hourMinute(ms: number, timeZone?: string): string {
  return dateFormat('hm', timeZone).format(ms);
}

/** `Fri 27 Nov 2026` in the given time zone. */
export function longDate(ms: number, timeZone?: string): string {
  return dateFormat('date', timeZone).format(ms).replace(',', '');
}

/** `27 Nov` in the given time zone. */
export function dayMonth(ms: number, timeZone?: string): string {
  return dateFormat('day', timeZone).format(ms);
}

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The whole hours between `from` and `to` (epoch ms) in the given time zone, for a time axis. Stepping by
 * quarter hours finds them in zones offset by 30 or 45 minutes too.
 */
export function hourTicks(from: number, to: number, timeZone?: string): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil(from / QUARTER_HOUR_MS) * QUARTER_HOUR_MS; t <= to; t += QUARTER_HOUR_MS) {
    if (hourMinute(t, timeZone).endsWith(':00')) ticks.push(t);
  }
  return ticks;
}
