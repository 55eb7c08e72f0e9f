/**
 * Alert benchmark (not a test): how long from the event that breaches a rule to the webhook that says so.
 *   npm run bench:alert [-- --breaches 100 --default-breaches 2 --tuned-breaches 30 --skip-prometheus]
 *
 * 1. Peakwatch's own path: a real server process on a fresh redis-server, configured through the API with one
 *    rule (`waiting` on chat > 0, `for: 0`, `clearFor: 0`) routed to a signed webhook served by this process.
 *    Breaches one after another: POST a `contact.queued`, time until the "firing" webhook arrives, then POST its
 *    `contact.answered` and wait for the "resolved" webhook before the next.
 * 2. The same breaches through Prometheus (Debian's, scraping Peakwatch's `/metrics`, rule
 *    `peakwatch_waiting{channel="chat"} > 0`, for 0s) and Alertmanager (Debian's, webhook receiver with
 *    send_resolved), both on loopback with temporary storage, with their default intervals and with tuned ones.
 * Prints p50/p95/p99/max per path and the ratios. Asserts nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../server/notify/webhook';
import { type EmbeddedRedis, freePort, startEmbeddedRedis } from '../../server/store/embedded';
import { ALERTMANAGER, ALERTNAME, DEFAULTS, PROMETHEUS, type Stack, TUNED, type Variant, startStack, stopStack } from './alert-stack';
import { cleanup, onCleanup, track } from './children';
import { pct } from './harness';

const { values: opt } = parseArgs({ options: {
  breaches: { type: 'string', default: '100' },
  'default-breaches': { type: 'string', default: '2' },
  'tuned-breaches': { type: 'string', default: '30' },
  'skip-prometheus': { type: 'boolean', default: false },
} });
const BREACHES = Number(opt.breaches);
const DEFAULT_BREACHES = Number(opt['default-breaches']);
const TUNED_BREACHES = Number(opt['tuned-breaches']);
const ROOT = join(import.meta.dirname, '..', '..');

const KEY = 'bench-alert-ingest-key-0123';
const VIEWER = 'bench-alert-viewer-token-01';
const LEAD = 'bench-alert-lead-token-0123';
const ADMIN = 'bench-alert-admin-token-012';
const SECRET = randomBytes(16).toString('hex');
const RUN = `a${Date.now().toString(36)}`;

let redis: EmbeddedRedis | null = null;
onCleanup(() => redis?.stop());
onCleanup(() => receiver.close());

// ---------------------------------------------------------------------------------------------------------
// The webhook receiver: Peakwatch posts to /peakwatch, Alertmanager to /alertmanager.

interface PeakwatchHook { status?: string; alert?: { rule?: string } }
interface AlertmanagerHook { status?: string; alerts?: { status?: string; labels?: Record<string, string> }[] }
interface Hook { path: string; at: number; body: unknown }

const listeners = new Set<(h: Hook) => void>();
let badSignatures = 0;
let peakwatchHooks = 0;

const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '').split('?')[0]!;
    if (path === '/peakwatch') {
      peakwatchHooks++;
      const ok = verifySignature(SECRET, req.headers[TIMESTAMP_HEADER.toLowerCase()] as string | undefined, raw,
        req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, Math.floor(Date.now() / 1000));
      if (!ok) badSignatures++;
    }
    let body: unknown = null;
    try { body = JSON.parse(raw.toString('utf8')); } catch { /* not JSON: matches nothing */ }
    for (const l of [...listeners]) l({ path, at, body });
  });
});

/**
 * Resolves with the arrival time (performance.now()) of the first webhook after this call that `match`es.
 * Register it before the POST that causes it: Peakwatch's webhook can beat the POST's own answer.
 */
function nextHook(match: (h: Hook) => boolean, timeoutMs: number, what: string): Promise<number> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => { listeners.delete(l); fail(new Error(`no ${what} within ${timeoutMs / 1000} s`)); }, timeoutMs);
    const l = (h: Hook) => {
      if (!match(h)) return;
      listeners.delete(l);
      clearTimeout(timer);
      ok(h.at);
    };
    listeners.add(l);
  });
}

const peakwatchHook = (status: 'firing' | 'resolved') => (h: Hook) => {
  const b = h.body as PeakwatchHook | null;
  return h.path === '/peakwatch' && b?.status === status && b.alert?.rule === 'bench';
};
const alertmanagerHook = (status: 'firing' | 'resolved') => (h: Hook) => {
  const b = h.body as AlertmanagerHook | null;
  return h.path === '/alertmanager' && b?.status === status
    && (b.alerts ?? []).some((a) => a.status === status && a.labels?.alertname === ALERTNAME);
};

// ---------------------------------------------------------------------------------------------------------
// Peakwatch

let base = '';

async function api(method: string, path: string, token: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function postEvent(event: object): Promise<void> {
  const r = await api('POST', '/api/v1/events', KEY, [event]) as { accepted: number; rejected: unknown[] };
  if (r.accepted !== 1) throw new Error(`event not accepted: ${JSON.stringify(r)}`);
}

let contacts = 0;
/** A new chat contact queued 1 s ago: `waiting` on chat goes from 0 to 1. Returns its id. */
async function queue(): Promise<string> {
  const contactId = `${RUN}-c${contacts++}`;
  await postEvent({ id: `${contactId}-q`, type: 'contact.queued', at: Date.now() - 1_000, channel: 'chat', contactId });
  return contactId;
}
/** Answers it: `waiting` back to 0. */
async function answer(contactId: string): Promise<void> {
  await postEvent({ id: `${contactId}-a`, type: 'contact.answered', at: Date.now(), channel: 'chat', contactId });
}

async function startPeakwatch(port: number, redisUrl: string): Promise<void> {
  const server = track(spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, PEAKWATCH_INGEST_KEYS: KEY,
      PEAKWATCH_VIEWER_TOKEN: VIEWER, PEAKWATCH_LEAD_TOKEN: LEAD, PEAKWATCH_ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'warn', PEAKWATCH_TENANT: `alert-${RUN}`, PEAKWATCH_RECEIVER_ALLOW: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  }));
  await new Promise<void>((ok, fail) => {
    server.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('Peakwatch is running')) ok(); });
    server.once('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  base = `http://127.0.0.1:${port}`;
}

// ---------------------------------------------------------------------------------------------------------
// Figures

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));


interface Stats { n: number; p50: number; p95: number; p99: number; max: number }
function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.at(-1) ?? NaN };
}

const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 100 ? 1 : 0)} ms`);
const line = (label: string, s: Stats) =>
  `${label.padEnd(44)} n=${String(s.n).padEnd(4)} p50 ${ms(s.p50).padStart(8)}  p95 ${ms(s.p95).padStart(8)}  p99 ${ms(s.p99).padStart(8)}  max ${ms(s.max).padStart(8)}`;

function version(bin: string): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return /(?:version |v=)(\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? 'unknown';
}

// ---------------------------------------------------------------------------------------------------------

/** One breach through Peakwatch: queued → "firing" webhook, then answered → "resolved" webhook. */
async function peakwatchBreach(): Promise<{ fire: number; resolve: number }> {
  const fired = nextHook(peakwatchHook('firing'), 30_000, 'Peakwatch "firing" webhook');
  const t0 = performance.now();
  const id = await queue();
  const fire = (await fired) - t0;
  const resolved = nextHook(peakwatchHook('resolved'), 30_000, 'Peakwatch "resolved" webhook');
  const t1 = performance.now();
  await answer(id);
  return { fire, resolve: (await resolved) - t1 };
}

interface PromResult { fire: number[]; resolve: number[]; peakwatchFire: number[] }

/**
 * Breaches through Prometheus + Alertmanager. Each starts at a random moment of the scrape/evaluation cycle
 * (a uniform wait of up to one interval first), as a real breach would; the time is from just before the
 * breaching POST to Alertmanager's webhook listing the firing alert.
 *
 * Tuned: one stack for all breaches, each resolved (answered → Alertmanager's "resolved" webhook) before the
 * next. Defaults: with group_interval 5m the resolved notification comes up to ~7 min after the answer, so
 * instead each breach gets a fresh stack (new temporary storage): after its firing webhook the contact is
 * answered and the stack stopped, and the next one starts from scratch — scraped, evaluated, Alertmanager found —
 * before its breach. A fresh Alertmanager has no aggregation group, exactly as for a first breach after a quiet
 * spell, so group_wait (30 s) applies each time; the resolved path is not timed with the defaults.
 */
async function prometheusBreaches(v: Variant, n: number, pwPort: number, rxPort: number): Promise<PromResult> {
  const out: PromResult = { fire: [], resolve: [], peakwatchFire: [] };
  const timeout = v.name === 'defaults' ? 10 * 60_000 : 60_000;
  let stack: Stack | null = null;
  try {
    for (let i = 0; i < n; i++) {
      if (!stack) stack = await startStack(v, pwPort, rxPort);
      await sleep(Math.random() * v.scrapeInterval * 1000);
      const fired = nextHook(alertmanagerHook('firing'), timeout, `Alertmanager "firing" webhook (${v.name})`);
      const pwFired = nextHook(peakwatchHook('firing'), 30_000, 'Peakwatch "firing" webhook').catch(() => NaN);
      const t0 = performance.now();
      const id = await queue();
      out.fire.push((await fired) - t0);
      const pw = (await pwFired) - t0;
      if (Number.isFinite(pw)) out.peakwatchFire.push(pw);
      if (v.name === 'tuned') {
        const resolved = nextHook(alertmanagerHook('resolved'), timeout, `Alertmanager "resolved" webhook (${v.name})`);
        const pwResolved = nextHook(peakwatchHook('resolved'), 30_000, 'Peakwatch "resolved" webhook').catch(() => NaN);
        const t1 = performance.now();
        await answer(id);
        out.resolve.push((await resolved) - t1);
        await pwResolved;
      } else {
        const pwResolved = nextHook(peakwatchHook('resolved'), 30_000, 'Peakwatch "resolved" webhook').catch(() => NaN);
        await answer(id);
        await pwResolved;
        await stopStack(stack);
        stack = null;
      }
      const last = out.fire.at(-1)!;
      console.log(`  ${v.name} breach ${i + 1}/${n}: firing webhook after ${ms(last)}`);
    }
  } finally {
    if (stack) await stopStack(stack);
  }
  return out;
}

async function main() {
  if (!opt['skip-prometheus']) {
    const r = spawnSync(process.execPath, ['scripts/setup.mjs', '--quiet', '--prometheus', '--alertmanager'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('setup failed: Prometheus or Alertmanager missing (see above), or run with --skip-prometheus');
  }
  const rxPort = await new Promise<number>((ok, fail) => {
    receiver.once('error', fail);
    receiver.listen(0, '127.0.0.1', () => ok((receiver.address() as { port: number }).port));
  });

  redis = await startEmbeddedRedis();
  const pwPort = await freePort();
  await startPeakwatch(pwPort, redis.url);
  await api('PUT', '/api/v1/receivers', ADMIN, [{ name: 'hook', type: 'webhook', url: `http://127.0.0.1:${rxPort}/peakwatch`, secret: SECRET }]);
  await api('PUT', '/api/v1/rules', ADMIN, [{
    id: 'bench', metric: 'waiting', channel: 'chat', op: '>', threshold: 0, for: 0, clearFor: 0,
    severity: 'critical', routes: ['hook'], repeat: 0,
  }]);

  const machine = `${cpus().length} × ${cpus()[0]?.model?.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, Redis ${version(redis.process.spawnfile)}`;
  console.log(`machine: ${machine}`);
  if (!opt['skip-prometheus']) console.log(`prometheus ${version(PROMETHEUS)}, alertmanager ${version(ALERTMANAGER)} (Debian)`);

  // 1. Peakwatch's own path. A few unmeasured breaches first, so JIT warm-up and first connections are not counted.
  // Back to back, each breach comes a few ms after the recompute that resolved the previous one, so it nearly
  // always waits out the broadcaster's pacing (one recompute per 100 ms at most): the pessimistic case. The
  // breaches of part 2 are spaced by the random waits, so "Peakwatch on those same breaches" is the quiet case.
  // Also, one pause between breaches would make no difference to Prometheus (whose phase is randomised there).
  for (let i = 0; i < 3; i++) await peakwatchBreach();
  const fire: number[] = [];
  const resolve: number[] = [];
  console.log(`\n1. Peakwatch: ${BREACHES} breaches, one after another…`);
  for (let i = 0; i < BREACHES; i++) {
    const r = await peakwatchBreach();
    fire.push(r.fire);
    resolve.push(r.resolve);
  }
  const pw = stats(fire);

  // 2. Prometheus + Alertmanager.
  let tuned: PromResult | null = null;
  let defaults: PromResult | null = null;
  if (!opt['skip-prometheus']) {
    console.log(`\n2a. Prometheus + Alertmanager, tuned (scrape/evaluation 1s, group_wait 0s, group_interval 1s): ${TUNED_BREACHES} breaches…`);
    tuned = await prometheusBreaches(TUNED, TUNED_BREACHES, pwPort, rxPort);
    console.log(`\n2b. Prometheus + Alertmanager, defaults (scrape/evaluation 1m, group_wait 30s, group_interval 5m): ${DEFAULT_BREACHES} breaches only,`);
    console.log('    each can take minutes; a fresh Prometheus + Alertmanager per breach (see prometheusBreaches)…');
    defaults = await prometheusBreaches(DEFAULTS, DEFAULT_BREACHES, pwPort, rxPort);
  }

  console.log(`\n=== Alert delivery: breaching POST → webhook with the firing alert ===`);
  console.log(`machine: ${machine}`);
  console.log(line('Peakwatch (rule for: 0) → webhook', pw) + '   target p99 ≤ 1 s');
  console.log(line('Peakwatch, answered → "resolved" webhook', stats(resolve)));
  console.log(`Peakwatch webhooks received: ${peakwatchHooks}, bad signatures: ${badSignatures}`);
  if (tuned && defaults) {
    const t = stats(tuned.fire);
    const d = stats(defaults.fire);
    console.log(line('Prometheus + Alertmanager, tuned', t));
    console.log(line('  tuned, answered → "resolved" webhook', stats(tuned.resolve)));
    console.log(line(`Prometheus + Alertmanager, defaults`, d) + `   (only ${d.n} breach${d.n === 1 ? '' : 'es'}: each takes minutes)`);
    console.log(`  defaults, each breach: ${defaults.fire.map(ms).join(', ')}`);
    console.log(line('Peakwatch on those same breaches', stats([...tuned.peakwatchFire, ...defaults.peakwatchFire])));
    const ratio = (a: number, b: number) => `${(a / b).toFixed(0)}×`;
    console.log(`ratio Prometheus path / Peakwatch path: tuned p50 ${ratio(t.p50, pw.p50)}, p99 ${ratio(t.p99, pw.p99)}; defaults p50 ${ratio(d.p50, pw.p50)}, p99 ${ratio(d.p99, pw.p99)}`);
  }
}

main()
  .then(async () => { await cleanup(); process.exit(0); })
  .catch(async (err: unknown) => { console.error(err); await cleanup(); process.exit(1); });
