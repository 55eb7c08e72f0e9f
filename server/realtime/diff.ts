import { isDeepStrictEqual } from 'node:util';
import type { Snapshot } from '../../shared/snapshot';
import type { SnapshotUpdate } from '../../shared/socket';

/**
 * The parts of `next` that differ from `prev`: changed channels (whole, per channel), and any changed
 * top-level part. Always carries `at`. Without `prev`, the whole snapshot.
 */
export function diffSnapshot(prev: Snapshot | null, next: Snapshot): SnapshotUpdate {
  if (!prev) return next;
  const update: SnapshotUpdate = { at: next.at };
  const channels: Snapshot['channels'] = {};
  for (const [ch, c] of Object.entries(next.channels)) {
    if (!isDeepStrictEqual(prev.channels[ch], c)) channels[ch] = c;
  }
  if (Object.keys(channels).length) update.channels = channels;
  for (const key of ['totals', 'reasons', 'alerts', 'annotations', 'targets', 'timeZone', 'todayStart', 'demoNote'] as const) {
    if (!isDeepStrictEqual(prev[key], next[key])) (update as Record<string, unknown>)[key] = next[key];
  }
  return update;
}
