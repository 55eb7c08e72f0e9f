/**
 * History benchmark (not a test): three years (1,096 days) of daily history for 5 channels, each day as the
 * folder writes it (every count of every channel, orders, 40 reasons), read and summed by the history query
 * (`queryHistory`, as `GET /api/v1/history` runs it) over the whole range. The phases alternate (each step read
 * by a fresh store, then by a warm one) `--rounds` times; median and range per phase: wall clock, the CPU time of
 * this process (the part a loaded machine does not inflate) and Redis's own time.
 *   npm run bench:history [-- --rounds 30]
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { CHANNEL_COUNTS, type DayRecord, HISTORY_DAYS, type HistoryStep, addDays } from '../../shared/history';
import { queryHistory } from '../../server/history/query';
import { startEmbeddedRedis } from '../../server/store/embedded';
import { HistoryStore } from '../../server/store/history-store';
import { tenantKeys } from '../../server/store/keys';
import { machine, showSpread, spread } from './harness';

const { values: opt } = parseArgs({ options: { rounds: { type: 'string', default: '30' } } });
const ROUNDS = Number(opt.rounds);
const TARGET_MS = 50;
const TO = '2026-12-01';
const FROM = addDays(TO, -(HISTORY_DAYS.default - 1));
/** The phases, alternated: each step read by a fresh store (every day decoded: a server's first read), then by a warm one. */
const PHASES: { name: string; step: HistoryStep; cold: boolean }[] = (['month', 'week', 'day'] as const).flatMap((step) => [
  { name: `${step}, cold`, step, cold: true }, { name: step, step, cold: false },
]);

function dayRecord(day: string, i: number): DayRecord {
  const channels: DayRecord['channels'] = {};
  for (const [c, ch] of DEFAULT_CHANNELS.entries()) {
    channels[ch] = Object.fromEntries(CHANNEL_COUNTS.map((k, j) => [k, 1_000 + ((i * 7 + c * 13 + j * 31) % 9_000) * (k.endsWith('Ms') ? 60_000 : 1)]));
  }
  const reasons = Object.fromEntries(Array.from({ length: 40 }, (_, r) => [`reason-${r}`, 10 + ((i + r * 17) % 500)]));
  return { day, source: 'live', at: Date.now(), orders: 50_000 + (i % 20_000), channels, reasons };
}

async function main() {
  const r = await startEmbeddedRedis();
  const redis = new Redis(r.url);
  const keys = tenantKeys('bench-history');
  const history = new HistoryStore(redis, keys, HISTORY_DAYS.default);
  const records: DayRecord[] = [];
  for (let i = 0, day = FROM; day <= TO; i++, day = addDays(day, 1)) records.push(dayRecord(day, i));
  for (let i = 0; i < records.length; i += 100) await history.put(records.slice(i, i + 100));
  const bytes = (await Promise.all([...new Set(records.map((rec) => rec.day.slice(0, 7)))].map((m) => redis.memory('USAGE', keys.history(m))))).reduce((a: number, b) => a + Number(b ?? 0), 0);
  console.log(`machine: ${machine()}`);
  console.log(`${records.length} days (${FROM} to ${TO}) × ${DEFAULT_CHANNELS.length} channels, 40 reasons a day; ${(bytes / 2 ** 20).toFixed(2)} MiB in Redis`);
  for (const p of PHASES) for (let i = 0; i < 5; i++) await queryHistory(history, { from: FROM, to: TO, step: p.step }); // warm-up
  const wall = new Map<string, number[]>(PHASES.map((p) => [p.name, []]));
  const redisTime = new Map<string, number[]>(PHASES.map((p) => [p.name, []]));
  const cpu = new Map<string, number[]>(PHASES.map((p) => [p.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const { name, step, cold } of PHASES) {
      const store = cold ? new HistoryStore(redis, keys, HISTORY_DAYS.default) : history;
      await redis.config('RESETSTAT');
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const reply = await queryHistory(store, { from: FROM, to: TO, step });
      const c1 = process.cpuUsage(c0);
      wall.get(name)!.push(performance.now() - t0);
      cpu.get(name)!.push((c1.user + c1.system) / 1000);
      const stats = await redis.info('commandstats');
      redisTime.get(name)!.push([...stats.matchAll(/cmdstat_(?!config|info)[\w|]+:.*?usec=(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0) / 1000);
      if (reply.periods.length === 0) throw new Error('no periods');
    }
  }
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  for (const { name } of PHASES) {
    const w = spread(wall.get(name)!);
    console.log(`step=${name.padEnd(11)}: wall ${showSpread(w, ms)}; this process's CPU ${showSpread(spread(cpu.get(name)!), ms)}; Redis ${showSpread(spread(redisTime.get(name)!), ms)}   target ≤ ${TARGET_MS} ms: ${w.median <= TARGET_MS ? 'met' : 'NOT met'}`);
  }
  redis.disconnect();
  await r.stop();
}

main().catch((err) => { console.error(err); process.exit(1); });
