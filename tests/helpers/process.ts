import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { findRedisServer } from '../../server/store/embedded';
import type { Snapshot } from '../../shared/snapshot';

/**
 * The real entry point (`server/index.ts`) as a child process, and redis-servers of the test's own, each on a
 * temporary data folder. Every process started here is recorded; a test file calls `cleanupProcesses` in
 * `afterEach`, which kills them all, whatever happened.
 *
 * Run as `node --import tsx`, one process, not through the `tsx` CLI: the CLI is a second process that relays
 * SIGTERM and SIGKILLs the server (exit 143, Redis orphaned) when the server does not confirm the signal
 * within 30 ms, which a server busy with 1,000-event batches often cannot.
 */

const ROOT = join(import.meta.dirname, '..', '..');
export const START_TIMEOUT_MS = 20_000;
export const EXIT_TIMEOUT_MS = 15_000;

export type Tokens = Record<'viewer' | 'lead' | 'admin' | 'ingest', string>;

export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Server extends Proc {
  base: string;
  port: number;
  tokens: Tokens;
  /** pid of the embedded redis-server, from `<dataDir>/redis.pid`; null with REDIS_URL or REDIS_SENTINELS. */
  redisPid: number | null;
}

/** A redis-server started by a test (not the server's embedded one). */
export interface RedisProc extends Proc {
  port: number;
  url: string;
  dir: string;
}

const procs: Proc[] = [];
const redisPids = new Set<number>();
const dirs: string[] = [];

/** True when `pid` is a running redis-server (not a zombie, nor a recycled pid of something else). */
export function isRedis(pid: number): boolean {
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'stat=,command='], { encoding: 'utf8' });
  return ps.status === 0 && !ps.stdout.trim().startsWith('Z') && ps.stdout.includes('redis-server');
}

export function redisPidIn(dir: string): number | null {
  try { return Number(readFileSync(join(dir, 'redis.pid'), 'utf8').trim()) || null; } catch { return null; }
}

export const exitedNow = (p: Proc) => p.child.exitCode !== null || p.child.signalCode !== null;

/** Kills every process started through this module (and embedded redis-servers left behind), removes the folders. */
export async function cleanupProcesses(): Promise<void> {
  for (const p of procs.splice(0)) {
    // The process's group: a server's, not its redis-server, which runs in a group of its own.
    if (!exitedNow(p)) { try { process.kill(-p.child.pid!, 'SIGKILL'); } catch { /* gone */ } }
    await p.exited;
  }
  // Also one started by a server that never printed its banner.
  for (const d of dirs) { const pid = redisPidIn(d); if (pid) redisPids.add(pid); }
  for (const pid of redisPids) if (isRedis(pid)) process.kill(pid, 'SIGKILL');
  redisPids.clear();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'peakwatch-proc-'));
  dirs.push(d);
  return d;
}

/** Spawns a process in its own process group, records it, and collects its output. */
function track(child: ChildProcess): Proc {
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

/**
 * Runs a script of the repository (`node --import tsx <script> <args>`) in its own process group, recorded
 * like a server, without REDIS_URL or any PEAKWATCH_* setting unless given.
 */
export function spawnScript(script: string, args: readonly string[], dir: string, env: Record<string, string> = {}): Proc {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(REDIS_URL|REDIS_SENTINEL|PEAKWATCH_|NODE_ENV$|PORT$|HOST$)/.test(k)));
  return track(spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...base, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', PEAKWATCH_DATA_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  }));
}

/** Starts the server in its own process group, without REDIS_URL or any PEAKWATCH_* setting unless given. */
export function spawnServer(dir: string, env: Record<string, string> = {}): Proc {
  return spawnScript('server/index.ts', [], dir, env);
}

export async function until<T>(what: string, ms: number, probe: () => T | null | undefined, p?: Proc): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== null && v !== undefined) return v;
    if (p && exitedNow(p)) throw new Error(`process exited (${p.child.exitCode ?? p.child.signalCode}) before ${what}\nstdout: ${p.stdout()}\nstderr: ${p.stderr()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${p ? `\nstdout: ${p.stdout()}\nstderr: ${p.stderr()}` : ''}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

/**
 * Starts the server and waits for its start-up banner (the snapshot hint is its last line). Without
 * REDIS_URL in `env` it checks that its embedded redis-server runs.
 */
export async function startServer(dir: string, env: Record<string, string> = {}): Promise<Server> {
  const p = spawnServer(dir, env);
  const out = await until('the start-up banner', START_TIMEOUT_MS, () => (/^Snapshot: curl .*$/m.test(p.stdout()) ? p.stdout() : null), p);
  const port = Number(/Peakwatch is running on http:\/\/localhost:(\d+)/.exec(out)?.[1]);
  expect(port).toBeGreaterThan(0);
  const tokens = {} as Tokens;
  for (const role of ['viewer', 'lead', 'admin', 'ingest'] as const) {
    const m = new RegExp(`^\\s+${role}\\s+(\\S+)$`, 'm').exec(out);
    if (!m) throw new Error(`no ${role} token printed:\n${out}`);
    tokens[role] = m[1]!;
  }
  let redisPid: number | null = null;
  if (!env.REDIS_URL && !env.REDIS_SENTINELS) {
    redisPid = redisPidIn(dir)!;
    expect(isRedis(redisPid)).toBe(true);
    redisPids.add(redisPid);
  }
  return { ...p, base: `http://127.0.0.1:${port}`, port, tokens, redisPid };
}

/** The exit code, once the process exits; fails after `ms`. */
export async function exitCode(p: Proc, ms = EXIT_TIMEOUT_MS): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const { code } = await Promise.race([
    p.exited,
    new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new Error(`no exit within ${ms} ms\nstderr: ${p.stderr()}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
  return code;
}

/** SIGTERM to the process and its exit code. */
export async function stop(s: Proc): Promise<number | null> {
  s.child.kill('SIGTERM');
  return exitCode(s);
}

/**
 * Starts a redis-server of the test's own on `port`, persisting to an append-only file in `dir` (as a real
 * deployment would), and resolves once it accepts connections. Started again on the same port and folder,
 * it comes back with what it had. `extra` arguments come last, so they override (e.g. `--appendfsync always`).
 */
export async function startRedis(dir: string, port: number, extra: string[] = []): Promise<RedisProc> {
  const bin = findRedisServer();
  if (!bin) throw new Error('redis-server not found');
  const p = track(spawn(bin, [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir, ...extra,
  ], { stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
  await until(`redis-server ready on port ${port}`, START_TIMEOUT_MS, () => (/Ready to accept connections/.test(p.stdout()) ? true : null), p);
  return { ...p, port, url: `redis://127.0.0.1:${port}`, dir };
}

/**
 * Starts a Redis Sentinel (Debian's `redis-sentinel`) on `port`, monitoring `name` at 127.0.0.1:`masterPort`
 * with a quorum of 1, its config file (which Sentinel rewrites) in `dir`; resolves once it monitors the master.
 */
export async function startSentinel(dir: string, port: number, masterPort: number, name = 'mymaster'): Promise<RedisProc> {
  const bin = ['/usr/bin/redis-sentinel', '/usr/local/bin/redis-sentinel'].find((b) => existsSync(b));
  if (!bin) throw new Error('redis-sentinel not found: run `node scripts/setup.mjs --sentinel` (or `apt-get install redis-sentinel`)');
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(conf, [
    `port ${port}`, 'bind 127.0.0.1', `dir ${dir}`,
    `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
    `sentinel down-after-milliseconds ${name} 1000`,
    `sentinel failover-timeout ${name} 5000`, '',
  ].join('\n'));
  const p = track(spawn(bin, [conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
  await until(`redis-sentinel monitoring ${name} on port ${port}`, START_TIMEOUT_MS, () => (/\+monitor master/.test(p.stdout()) ? true : null), p);
  return { ...p, port, url: `redis://127.0.0.1:${port}`, dir };
}

export const runId = () => randomBytes(4).toString('hex');
export const queued = (id: string, contactId = id) => ({ id, type: 'contact.queued', at: Date.now(), channel: 'chat', contactId });
export const answered = (id: string, contactId: string) => ({ id, type: 'contact.answered', at: Date.now(), channel: 'chat', contactId });

export async function post(s: Server, events: unknown[], key = s.tokens.ingest): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.base}/api/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(events),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function snapshot(s: Server, token = s.tokens.viewer): Promise<Snapshot> {
  const res = await fetch(`${s.base}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`snapshot ${res.status}: ${await res.text()}`);
  return (await res.json()) as Snapshot;
}
