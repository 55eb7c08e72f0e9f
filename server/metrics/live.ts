import type { LiveRaw, ReadBatch, Store } from '../store/store';

export interface LiveByChannel {
  /** Per channel: the sum over its queues. */
  channels: LiveRaw[];
  /** Per channel: named queue with open contacts → its own figures (contacts without a queue count only in the channel). */
  queues: Map<string, LiveRaw>[];
}

/** Sums live figures: counts add up, the oldest is the earliest. */
function sumLive(parts: readonly LiveRaw[], bands: number): LiveRaw {
  const min = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  return parts.reduce<LiveRaw>((acc, p) => ({
    waiting: acc.waiting + p.waiting,
    oldestWaitingSince: min(acc.oldestWaitingSince, p.oldestWaitingSince),
    open: acc.open + p.open,
    oldestOpenSince: min(acc.oldestOpenSince, p.oldestOpenSince),
    bands: acc.bands.map((v, i) => v + (p.bands[i] ?? 0)),
  }), { waiting: 0, oldestWaitingSince: null, open: 0, oldestOpenSince: null, bands: new Array<number>(bands).fill(0) });
}

/**
 * Live figures of every channel and of its queues with open contacts: live sets exist per queue (queue "" for
 * contacts without one), so a channel's figures are the sum over its queues. One call, or, given a batch, one
 * command of it.
 */
export async function readLiveFigures(
  store: Store, channels: readonly string[], now: number, bandEdges: readonly number[], batch?: ReadBatch,
): Promise<LiveByChannel> {
  const raw = await store.readLive(channels, now, bandEdges, batch);
  return {
    channels: raw.map((queues) => sumLive([...queues.values()], bandEdges.length + 1)),
    queues: raw.map((queues) => new Map([...queues].filter(([q]) => q !== ''))),
  };
}
