/**
 * `npm run demo`: starts Peakwatch (embedded Redis, tenant "demo" so demo data never mixes with real data),
 * feeds it from the peak simulator (the day so far first, then live), and prints the wall's link with its
 * token. Ctrl-C stops both cleanly.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startSimulator } from './sim/runner';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    backfill: { type: 'string', default: '8' },
    intensity: { type: 'string', default: '1' },
    seed: { type: 'string', default: '7' },
  },
});

const env = { ...process.env, PORT: opt.port, PEAKWATCH_TENANT: process.env.PEAKWATCH_TENANT ?? 'demo', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let output = '';
let sim: ReturnType<typeof startSimulator> | null = null;

const ready = new Promise<{ url: string; viewer: string; ingest: string }>((ok, fail) => {
  server.stdout!.on('data', (b: Buffer) => {
    output += b.toString();
    const url = /Peakwatch is running on (\S+)/.exec(output)?.[1];
    const viewer = /Bearer (\S+)" \S+\/api\/v1\/snapshot/.exec(output)?.[1];
    if (url && viewer) {
      const ingest = process.env.PEAKWATCH_INGEST_KEYS?.split(',')[0]?.trim() ?? /^\s+ingest\s+(\S+)/m.exec(output)?.[1];
      if (!ingest) fail(new Error('the server printed no ingest key: set PEAKWATCH_INGEST_KEYS'));
      else ok({ url, viewer, ingest });
    }
  });
  server.once('exit', (code) => fail(new Error(`the server exited (${code}) before it was ready`)));
});

async function main() {
  const { url, viewer, ingest } = await ready;
  server.stdout!.resume();
  const wall = `${url}/wall?token=${encodeURIComponent(viewer)}`;
  process.stdout.write([
    '',
    'Peakwatch demo: a simulated peak day is flowing in.',
    `  Wall display:  ${wall}`,
    `  Snapshot API:  curl -H "Authorization: Bearer ${viewer}" ${url}/api/v1/snapshot`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n'));
  sim = startSimulator({
    url, key: ingest, backfillHours: Number(opt.backfill), intensity: Number(opt.intensity), seed: Number(opt.seed),
    timeZone: process.env.PEAKWATCH_TZ, progressEveryMs: 30_000,
  });
  await sim.done;
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await sim?.stop().catch(() => undefined);
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((ok) => server.once('exit', ok));
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
main().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  void stop(1);
});
