import type { LiveRaw, ReadBatch, Store } from '../store/store';

export interface LiveByChannel {
  /** Per channel: the sum over its queues. */
  channels: LiveRaw[];
  /** Per channel: named queue → its own figures (contacts without a queue count only in the channel). */
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
 * Live figures of every channel and queue: live sets exist per queue (queue "" for contacts without one),
 * so a channel's figures are the sum over its queues. Two round trips: the queues with open contacts (a
 * waiting one is open too), then all sets (or, given the names and a batch, the sets join the batch).
 */
export async function readLiveFigures(
  store: Store, channels: readonly string[], now: number, bandEdges: readonly number[],
  opts: { queueNames?: string[][]; batch?: ReadBatch } = {},
): Promise<LiveByChannel> {
  const names = opts.queueNames ?? await store.readActiveQueues(channels, now);
  const pairs = channels.flatMap((ch, i) => ['', ...names[i]!].map((q) => [i, ch, q] as const));
  const raw = await store.readLive(pairs.map(([, ch, q]) => ({ waiting: store.keys.queueWaiting(ch, q), open: store.keys.queueOpen(ch, q) })), now, bandEdges, opts.batch);
  const perChannel: LiveRaw[][] = channels.map(() => []);
  const queues: Map<string, LiveRaw>[] = channels.map(() => new Map());
  pairs.forEach(([i, , q], k) => {
    perChannel[i]!.push(raw[k]!);
    if (q !== '') queues[i]!.set(q, raw[k]!);
  });
  return { channels: perChannel.map((parts) => sumLive(parts, bandEdges.length + 1)), queues };
}
