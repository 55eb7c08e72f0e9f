/**
 * What a channel's card says when the channel is not simply open: CLOSED (a lead's reason, or when the hours
 * open again) or UNSTAFFED. Pure, from the snapshot's `channels.<ch>.state`.
 */
import type { ChannelStateName } from '@shared/channel-state';
import type { ChannelSnapshot } from '@shared/snapshot';
import { hourMinute } from './format';

export const CHANNEL_STATE_MARKS: Record<Exclude<ChannelStateName, 'open'>, { symbol: string; word: string }> = {
  closed: { symbol: '■', word: 'CLOSED' },
  unstaffed: { symbol: '○', word: 'UNSTAFFED' },
};

export interface StateBanner {
  state: Exclude<ChannelStateName, 'open'>;
  /** `■ CLOSED`, `○ UNSTAFFED`. */
  word: string;
  /** The lead's reason, `opens 08:00` (`opens Mon 08:00` on another day), or why it is unstaffed. */
  detail: string;
}

const localDate = (ms: number, timeZone?: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
const weekday = (ms: number, timeZone?: string) => new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }).format(ms);

/** When the hours open again, as the room reads it: `opens 08:00` today, `opens Mon 08:00` on another day. */
export function opensText(reopensAt: number, now: number, timeZone?: string): string {
  const time = hourMinute(reopensAt, timeZone);
  return localDate(reopensAt, timeZone) === localDate(now, timeZone) ? `opens ${time}` : `opens ${weekday(reopensAt, timeZone)} ${time}`;
}

/** The banner of a channel that is closed or unstaffed; null while it is open. */
export function stateBanner(ch: Pick<ChannelSnapshot, 'state' | 'closedReason' | 'reopensAt'>, now: number, timeZone?: string): StateBanner | null {
  if (ch.state === 'open') return null;
  const mark = CHANNEL_STATE_MARKS[ch.state];
  const word = `${mark.symbol} ${mark.word}`;
  if (ch.state === 'unstaffed') return { state: 'unstaffed', word, detail: 'no agent available or busy' };
  if (ch.closedReason) return { state: 'closed', word, detail: ch.closedReason };
  return { state: 'closed', word, detail: ch.reopensAt === null ? 'outside opening hours' : opensText(ch.reopensAt, now, timeZone) };
}

/** The readiness page's line of a channel's minutes closed or unstaffed today during its hours. */
export interface AvailabilityView {
  /** `0 min closed · 12 min unstaffed`. */
  text: string;
  /** `now open`, `now ■ CLOSED`. */
  now: string;
  /** Breach for any minute closed, warn for any minute unstaffed (the pride of a good peak: none of either). */
  level: 'ok' | 'warn' | 'breach';
}

export function availabilityView(a: { state: ChannelStateName; closedMinutes: number; unstaffedMinutes: number }): AvailabilityView {
  const level = a.closedMinutes > 0 ? 'breach' : a.unstaffedMinutes > 0 ? 'warn' : 'ok';
  const mark = a.state === 'open' ? null : CHANNEL_STATE_MARKS[a.state];
  return { text: `${a.closedMinutes} min closed · ${a.unstaffedMinutes} min unstaffed`, now: mark ? `now ${mark.symbol} ${mark.word}` : 'now open', level };
}
