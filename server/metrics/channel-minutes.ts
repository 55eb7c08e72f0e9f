import type { ChannelStateName } from '../../shared/channel-state';
import type { Snapshot } from '../../shared/snapshot';

/**
 * What a minute of the readiness page's "closed or unstaffed today" counts: each channel inside its opening
 * hours that is closed (by a lead) or unstaffed in `snapshot`. A channel closed by its hours is not counted.
 */
export function minuteStates(snapshot: Snapshot): Record<string, ChannelStateName> {
  return Object.fromEntries(Object.entries(snapshot.channels).filter(([, c]) => c.inHours && c.state !== 'open').map(([ch, c]) => [ch, c.state]));
}
