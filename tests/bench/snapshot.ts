/**
 * Snapshot benchmark (not a test): a full day on 5 channels × 20 queues, then the time of a snapshot
 * (wall clock, and Redis's own time from `commandstats`), with and without per-queue figures.
 *   npx tsx tests/bench/snapshot.ts
 */
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import type { PeakEvent } from '../../shared/events';
import { defaultTargets } from '../../shared/targets';
import { computeSnapshot } from '../../server/metrics/snapshot';
import { startEmbeddedRedis } from '../../server/store/embedded';
import { tenantKeys } from '../../server/store/keys';
import { Store } from '../../server/store/store';

const channels = [...DEFAULT_CHANNELS];
const targets = defaultTargets(channels);
const now = Date.now();
const midnight = new Date(now).setUTCHours(0, 0, 0, 0);

function day(): PeakEvent[] {
  const out: PeakEvent[] = [];
  // 10 contacts per channel per minute since midnight, queues in turn, with reasons.
  for (let t = midnight, n = 0; t < now - 120_000; t += 6_000, n++) {
    channels.forEach((channel, c) => {
      const contactId = `${channel}-${n}`;
      const queue = `q${(n + c) % 20}`;
      out.push({ id: `${contactId}-q`, type: 'contact.queued', at: t, channel, contactId, queue, reason: `r${n % 12}` });
      out.push({ id: `${contactId}-a`, type: 'contact.answered', at: t + 30_000, channel, contactId });
      if (n % 3) out.push({ id: `${contactId}-x`, type: 'contact.resolved', at: t + 90_000, channel, contactId });
    });
    if (n % 10 === 0) out.push({ id: `o-${n}`, type: 'orders.placed', at: t, count: 50 });
  }
  return out;
}

async function main() {
  const r = await startEmbeddedRedis();
  const redis = new Redis(r.url);
  const store = new Store(redis, tenantKeys('bench-snap'), () => now);
  await store.setTargets(targets);
  const events = day();
  for (let i = 0; i < events.length; i += 1000) await store.applyEvents(events.slice(i, i + 1000));
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}; ${events.length.toLocaleString('en')} events since midnight UTC, 5 channels × 20 queues`);
  const deps = { store, channels, timeZone: 'UTC', clock: () => now, targets: async () => targets };
  for (const queues of [false, true]) {
    for (let i = 0; i < 20; i++) await computeSnapshot(deps, { queues }); // warm-up
    await redis.config('RESETSTAT');
    const n = 200;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await computeSnapshot(deps, { queues });
      times.push(performance.now() - t0);
    }
    const stats = await redis.info('commandstats');
    const usec = [...stats.matchAll(/usec=(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
    times.sort((a, b) => a - b);
    console.log(`${queues ? 'with queues   ' : 'without queues'}: wall p50 ${times[n / 2]!.toFixed(2)} ms, p99 ${times[Math.floor(n * 0.99)]!.toFixed(2)} ms; Redis time ${(usec / n / 1000).toFixed(2)} ms per snapshot   target ≤ 5 ms`);
  }
  redis.disconnect();
  await r.stop();
}

main().catch((err) => { console.error(err); process.exit(1); });
