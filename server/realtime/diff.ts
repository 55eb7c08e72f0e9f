import { isDeepStrictEqual } from 'node:util';
import type { Snapshot } from '../../shared/snapshot';
import type { SnapshotUpdate } from '../../shared/socket';

/**
 * The parts of `next` that differ from `prev`: changed channels (whole, per channel), and every other
 * top-level part that changed, whatever its name (a new snapshot field reaches updates without being listed
 * here). Always carries `at`. Without `prev`, the whole snapshot.
 */
export function diffSnapshot(prev: Snapshot | null, next: Snapshot): SnapshotUpdate {
  if (!prev) return next;
  const update: Record<string, unknown> = { at: next.at };
  const channels: Snapshot['channels'] = {};
  for (const [ch, c] of Object.entries(next.channels)) {
    if (!isDeepStrictEqual(prev.channels[ch], c)) channels[ch] = c;
  }
  if (Object.keys(channels).length) update.channels = channels;
  for (const key of Object.keys(next) as (keyof Snapshot)[]) {
    if (key === 'at' || key === 'channels') continue;
    if (!isDeepStrictEqual(prev[key], next[key])) update[key] = next[key];
  }
  return update as SnapshotUpdate;
}
