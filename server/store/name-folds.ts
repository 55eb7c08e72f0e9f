import { type Cardinality, type NameFold, OTHER_NAME } from '../../shared/cardinality';
import { BUCKET_RETENTION_MS, type ReadBatch, type Store } from './store';

/** Fields of <prefix>folded (lua/includes/names.lua): events folded, and "<field>|at" when the last was. */
const queueFoldField = (channel: string) => `q|${channel}`;
const REASON_FOLD_FIELD = 'r';

/**
 * How full each name registry is and how many events were folded beyond its limit: the snapshot's
 * `cardinality`. 4 commands per channel and 3 more, joined to `batch`.
 */
export function readNameFolds(store: Store, channels: readonly string[], now: number, batch: ReadBatch): Promise<Cardinality> {
  const { keys } = store;
  const cutoff = now - BUCKET_RETENTION_MS;
  const registries = [...channels.map((c) => keys.queueNames(c)), keys.reasonNames];
  return batch.queue((tx) => {
    for (const key of registries) tx.zcount(key, cutoff, '+inf').zscore(key, OTHER_NAME);
    tx.hgetall(keys.folded);
    return registries.length * 2 + 1;
  }, (replies) => {
    const folded = replies[replies.length - 1] as Record<string, string>;
    const fold = (i: number, field: string, limit: number): NameFold => {
      const other = replies[2 * i + 1] as string | null;
      const otherCounted = other !== null && Number(other) >= cutoff ? 1 : 0;
      const at = folded[`${field}|at`];
      return {
        names: (replies[2 * i] as number) - otherCounted,
        limit,
        folded: Number(folded[field] ?? 0),
        lastFoldedAt: at === undefined ? null : Number(at),
      };
    };
    return {
      queues: Object.fromEntries(channels.map((c, i) => [c, fold(i, queueFoldField(c), store.maxQueues)])),
      reasons: fold(channels.length, REASON_FOLD_FIELD, store.maxReasons),
    };
  });
}
