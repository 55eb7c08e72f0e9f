/**
 * `npm run demo`: starts Peakwatch (embedded Redis, a demo tenant so demo data never mixes with real data)
 * at the busy evening of a simulated peak day whatever the hour: the server's time zone is chosen so its
 * clock reads 18:00-18:59 now (scripts/sim/demo-clock.ts), and the wall says so in its header. Uploads the
 * day's forecast and generated daily history (a year-ago peak and this year's months, for the review page),
 * feeds the server from the peak simulator (the day so far first, then live), and prints the wall's link with
 * its token. Ctrl-C stops both cleanly.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DEMO_BACKFILL_HOURS, type DemoClock, busyZone, demoNote, fixedZone } from './sim/demo-clock';
import { dayForecastRows, uploadForecast } from './sim/forecast';
import { demoHistoryCsv, importDemoHistory } from './sim/history';
import { DEFAULT_CHANNELS } from '../shared/channels';
import { dayIn } from '../shared/history';
import { resolveModel } from './sim/profile';
import { fmt } from './sim/progress';
import { startSimulator } from './sim/runner';

const OPTIONS = {
  port: { type: 'string', default: process.env.PORT ?? '8080' },
  backfill: { type: 'string', default: String(DEMO_BACKFILL_HOURS) },
  intensity: { type: 'string', default: '1' },
  seed: { type: 'string', default: '7' },
  /** Play the day in this zone's real clock instead of the busy evening. */
  tz: { type: 'string' },
} as const;

function options() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (err) {
    // An unknown or incomplete option: say which, and what the demo takes, not a stack trace.
    const known = Object.keys(OPTIONS).map((k) => `--${k} <value>`).join(' ');
    process.stderr.write(`demo: ${(err as Error).message}\nusage: npm run demo [-- ${known}]\n`);
    process.exit(2);
  }
}
const opt = options();

let clock: DemoClock;
try {
  clock = opt.tz ? fixedZone(opt.tz) : busyZone(Date.now());
} catch (err) {
  process.stderr.write(`demo: --tz ${(err as Error).message}\n`);
  process.exit(2);
}
const note = demoNote(clock, !opt.tz);
const env = {
  ...process.env, PORT: opt.port, PEAKWATCH_TZ: clock.timeZone, PEAKWATCH_DEMO_NOTE: note,
  PEAKWATCH_TENANT: process.env.PEAKWATCH_TENANT ?? clock.tenant, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let output = '';
let sim: ReturnType<typeof startSimulator> | null = null;

/** A credential: the configured one, else the development one the server printed at start. */
const printed = (role: string, configured: string | undefined) => configured?.split(',')[0]?.trim() || new RegExp(`^\\s+${role}\\s+(\\S+)`, 'm').exec(output)?.[1];

const ready = new Promise<{ url: string; viewer: string; ingest: string; admin: string }>((ok, fail) => {
  server.stdout!.on('data', (b: Buffer) => {
    output += b.toString();
    const url = /Peakwatch is running on (\S+)/.exec(output)?.[1];
    const viewer = /Bearer (\S+)" \S+\/api\/v1\/snapshot/.exec(output)?.[1];
    if (url && viewer) {
      const ingest = printed('ingest', process.env.PEAKWATCH_INGEST_KEYS);
      const admin = printed('admin', process.env.PEAKWATCH_ADMIN_TOKEN);
      if (!ingest) fail(new Error('the server printed no ingest key: set PEAKWATCH_INGEST_KEYS'));
      else if (!admin) fail(new Error('the server printed no admin token: set PEAKWATCH_ADMIN_TOKEN'));
      else ok({ url, viewer, ingest, admin });
    }
  });
  server.once('exit', (code) => fail(new Error(`the server exited (${code}) before it was ready`)));
});

async function main() {
  const { url, viewer, ingest, admin } = await ready;
  server.stdout!.resume();
  const seed = Number(opt.seed);
  const intensity = Number(opt.intensity);
  const model = resolveModel({ seed, intensity, timeZone: clock.timeZone });
  const rows = await uploadForecast(url, admin, dayForecastRows(model, Date.now()));
  // Generated history (last year's bad peak, this year's good months) only into the demo's own tenant.
  const channels = process.env.PEAKWATCH_CHANNELS?.split(',').map((c) => c.trim()).filter(Boolean) ?? [...DEFAULT_CHANNELS];
  const days = process.env.PEAKWATCH_TENANT ? 0
    : await importDemoHistory(url, admin, demoHistoryCsv({ today: dayIn(Date.now(), clock.timeZone), channels, seed }));
  const wall = `${url}/wall?token=${encodeURIComponent(viewer)}`;
  process.stdout.write([
    '',
    `Peakwatch demo: a simulated peak day is flowing in (${note}).`,
    `  Wall display:  ${wall}`,
    `  Readiness:     ${url}/readiness?token=${encodeURIComponent(viewer)}  (forecast uploaded: ${fmt(rows)} intervals)`,
    `  Peak review:   ${url}/review?token=${encodeURIComponent(viewer)}  (${days ? `${fmt(days)} days of generated demo history imported` : 'no demo history: PEAKWATCH_TENANT is set'})`,
    `  Snapshot API:  curl -H "Authorization: Bearer ${viewer}" ${url}/api/v1/snapshot`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n'));
  sim = startSimulator({
    url, key: ingest, backfillHours: Number(opt.backfill), intensity, seed, timeZone: clock.timeZone, progressEveryMs: 30_000,
    // Customers are told the wait the widget would show them, and a long one makes them give up sooner.
    model: { toldWait: true },
    onLive: (stats) => process.stdout.write(`The day so far is in (${fmt(stats.accepted)} events); now live.\n`),
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
