import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot';

/**
 * The real entry point (`tsx server/index.ts`) as a child process, with its own embedded redis-server on a
 * temporary data folder. Every process started here is killed after each test, whatever happened.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const START_TIMEOUT_MS = 20_000;
const EXIT_TIMEOUT_MS = 15_000;

type Tokens = Record<'viewer' | 'lead' | 'admin' | 'ingest', string>;

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface Server extends Proc {
  base: string;
  tokens: Tokens;
  /** pid of the embedded redis-server, from `<dataDir>/redis.pid`. */
  redisPid: number;
}

const procs: Proc[] = [];
const redisPids = new Set<number>();
const dirs: string[] = [];

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function isRedis(pid: number): boolean {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server'); } catch { return false; }
}

const exitedNow = (p: Proc) => p.child.exitCode !== null || p.child.signalCode !== null;

afterEach(async () => {
  for (const p of procs.splice(0)) {
    // Its own process group: tsx and the node process it runs go together.
    if (!exitedNow(p)) { try { process.kill(-p.child.pid!, 'SIGKILL'); } catch { /* gone */ } }
    await p.exited;
  }
  for (const pid of redisPids) if (alive(pid) && isRedis(pid)) process.kill(pid, 'SIGKILL');
  redisPids.clear();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'peakwatch-proc-'));
  dirs.push(d);
  return d;
}

/** Starts `tsx server/index.ts` in its own process group, without REDIS_URL or any PEAKWATCH_* setting. */
function spawnServer(dir: string, env: Record<string, string> = {}): Proc {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(REDIS_URL|PEAKWATCH_|NODE_ENV$|PORT$|HOST$)/.test(k)));
  const child = spawn(TSX, ['server/index.ts'], {
    cwd: ROOT,
    env: { ...base, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', PEAKWATCH_DATA_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal })));
  const p: Proc = { child, stdout: () => out, stderr: () => err, exited };
  procs.push(p);
  return p;
}

async function until<T>(what: string, ms: number, probe: () => T | null | undefined, p?: Proc): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== null && v !== undefined) return v;
    if (p && exitedNow(p)) throw new Error(`server exited (${p.child.exitCode ?? p.child.signalCode}) before ${what}\nstdout: ${p.stdout()}\nstderr: ${p.stderr()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${p ? `\nstdout: ${p.stdout()}\nstderr: ${p.stderr()}` : ''}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

/** Starts the server and waits for its start-up banner (the snapshot hint is its last line). */
async function startServer(dir: string): Promise<Server> {
  const p = spawnServer(dir);
  const out = await until('the start-up banner', START_TIMEOUT_MS, () => (/^Snapshot: curl .*$/m.test(p.stdout()) ? p.stdout() : null), p);
  const port = Number(/Peakwatch is running on http:\/\/localhost:(\d+)/.exec(out)?.[1]);
  expect(port).toBeGreaterThan(0);
  const tokens = {} as Tokens;
  for (const role of ['viewer', 'lead', 'admin', 'ingest'] as const) {
    const m = new RegExp(`^\\s+${role}\\s+(\\S+)$`, 'm').exec(out);
    if (!m) throw new Error(`no ${role} token printed:\n${out}`);
    tokens[role] = m[1]!;
  }
  const redisPid = Number(readFileSync(join(dir, 'redis.pid'), 'utf8').trim());
  expect(isRedis(redisPid)).toBe(true);
  redisPids.add(redisPid);
  return { ...p, base: `http://127.0.0.1:${port}`, tokens, redisPid };
}

/** SIGTERM to the server and its exit code. */
async function stop(s: Proc): Promise<number | null> {
  s.child.kill('SIGTERM');
  const { code } = await Promise.race([
    s.exited,
    new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`no exit within ${EXIT_TIMEOUT_MS} ms of SIGTERM`)), EXIT_TIMEOUT_MS)),
  ]);
  return code;
}

const runId = () => randomBytes(4).toString('hex');
const queued = (id: string, contactId = id) => ({ id, type: 'contact.queued', at: Date.now(), channel: 'chat', contactId });
const answered = (id: string, contactId: string) => ({ id, type: 'contact.answered', at: Date.now(), channel: 'chat', contactId });

async function post(s: Server, events: unknown[], key = s.tokens.ingest): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.base}/api/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(events),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function snapshot(s: Server, token = s.tokens.viewer): Promise<Snapshot> {
  const res = await fetch(`${s.base}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`snapshot ${res.status}: ${await res.text()}`);
  return (await res.json()) as Snapshot;
}

/** The figures of chat a restart must keep: live gauges and the sliding windows. */
const chatFigures = (snap: Snapshot) => {
  const { windows, ...live } = snap.channels.chat!;
  return { live, '15m': windows['15m'], '60m': windows['60m'] };
};

describe('server process: configuration', () => {
  it('a bad PEAKWATCH_TZ exits 1 with one stderr line naming it, and no stack trace', async () => {
    const p = spawnServer(dataDir(), { PEAKWATCH_TZ: 'Nowhere/Land' });
    const { code } = await Promise.race([p.exited, until('exit', START_TIMEOUT_MS, () => null, p)]);
    expect(code).toBe(1);
    const lines = p.stderr().split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PEAKWATCH_TZ');
    expect(lines[0]).toContain('Nowhere/Land');
    expect(p.stderr()).not.toMatch(/\bat .*:\d+:\d+/);
    expect(p.stdout()).not.toContain('Peakwatch is running');
  });
});

describe('server process: embedded Redis and development tokens', () => {
  it('prints generated tokens that work: the ingest key posts events, the viewer token reads them', async () => {
    const s = await startServer(dataDir());
    expect(new Set(Object.values(s.tokens)).size).toBe(4);
    const id = `e-${runId()}`;

    const res = await post(s, [queued(id)]);
    expect(res).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [] } });

    const snap = await snapshot(s);
    expect(snap.channels.chat!.waiting).toBe(1);
    expect(snap.channels.chat!.windows['15m'].arrivals).toBe(1);
    expect(snap.channels.voice!.waiting).toBe(0);

    // The keys are not interchangeable: a viewer token cannot ingest, an ingest key cannot read.
    expect((await post(s, [queued(`x-${runId()}`)], s.tokens.viewer)).status).toBe(401);
    const asIngest = await fetch(`${s.base}/api/v1/snapshot`, { headers: { authorization: `Bearer ${s.tokens.ingest}` } });
    expect(asIngest.status).toBe(401);
    await asIngest.body?.cancel();
  });

  it('a restart on the same data folder keeps tokens, figures and idempotency', async () => {
    const dir = dataDir();
    const first = await startServer(dir);
    const r = runId();
    const events = [queued(`${r}-q1`, `${r}-c1`), queued(`${r}-q2`, `${r}-c2`), queued(`${r}-q3`, `${r}-c3`), answered(`${r}-a1`, `${r}-c1`)];
    expect((await post(first, events)).body).toMatchObject({ accepted: 4, duplicates: 0 });
    const before = await snapshot(first);
    expect(before.channels.chat!.waiting).toBe(2);
    expect(before.channels.chat!.windows['15m'].answered).toBe(1);
    expect(await stop(first)).toBe(0);

    const second = await startServer(dir);
    expect(second.tokens).toEqual(first.tokens);
    expect(chatFigures(await snapshot(second))).toEqual(chatFigures(before));
    expect((await post(second, events)).body).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
    expect(chatFigures(await snapshot(second))).toEqual(chatFigures(before));
  });

  it('SIGTERM during a burst of batches: every acknowledged batch survives the restart, and it exits 0', async () => {
    const dir = dataDir();
    const first = await startServer(dir);
    const r = runId();
    const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 1_000 }, (_, i) => queued(`${r}-${b}-${i}`)));

    let signalled = false;
    const results = await Promise.all(batches.map((batch) => post(first, batch).then(
      (res) => {
        if (!signalled) { signalled = true; first.child.kill('SIGTERM'); }
        return res;
      },
      () => null, // refused or cut off by the shutdown: not acknowledged
    )));
    const { code } = await first.exited;
    expect(code).toBe(0);

    const acked = results.flatMap((res, b) => (res?.status === 200 ? [b] : []));
    expect(acked.length).toBeGreaterThan(0);
    for (const b of acked) expect(results[b]!.body).toMatchObject({ accepted: 1_000, duplicates: 0 });

    const second = await startServer(dir);
    // Nothing acknowledged is lost, and nothing unacknowledged was half-applied.
    expect((await snapshot(second)).channels.chat!.waiting).toBe(acked.length * 1_000);
    for (const b of acked) expect((await post(second, batches[b]!)).body).toMatchObject({ accepted: 0, duplicates: 1_000 });
  });

  it('after SIGTERM no embedded redis-server is left running', async () => {
    const dir = dataDir();
    const s = await startServer(dir);
    expect(alive(s.redisPid)).toBe(true);
    expect(await stop(s)).toBe(0);
    await until('redis-server to be gone', 5_000, () => (alive(s.redisPid) && isRedis(s.redisPid) ? null : true));
    expect(existsSync(join(dir, 'redis.pid'))).toBe(false);
  });

  it('kill -9 leaves redis-server orphaned; the next start stops it and shows every acknowledged event', async () => {
    const dir = dataDir();
    const first = await startServer(dir);
    const r = runId();
    const events = Array.from({ length: 500 }, (_, i) => queued(`${r}-${i}`));
    expect((await post(first, events)).body).toMatchObject({ accepted: 500 });

    process.kill(-first.child.pid!, 'SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await new Promise((ok) => setTimeout(ok, 200));
    expect(alive(first.redisPid) && isRedis(first.redisPid)).toBe(true); // the orphan this start must deal with

    const second = await startServer(dir);
    expect(second.redisPid).not.toBe(first.redisPid);
    expect(alive(first.redisPid) && isRedis(first.redisPid)).toBe(false);
    expect(second.tokens).toEqual(first.tokens);
    expect((await snapshot(second)).channels.chat!.waiting).toBe(500);
    expect((await post(second, events)).body).toMatchObject({ accepted: 0, duplicates: 500 });
    expect(await stop(second)).toBe(0);
  });
});
