/**
 * What the benchmarks share: the machine they ran on, a Peakwatch server process, and the summary of
 * repeated phases (median and range), so a figure holds on another run of a noisy machine.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findRedisServer, freePort } from '../../server/store/embedded';

/** The p-th percentile of an ascending array. */
export function pct(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median and range of repeated measurements. */
export function spread(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0] ?? NaN, max: s.at(-1) ?? NaN, n: s.length };
}

/** "median (min-max)" with a number format. */
export function showSpread(s: Spread, fmt: (n: number) => string): string {
  return `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)}, ${s.n} runs)`;
}

export const int = (n: number) => Math.round(n).toLocaleString('en');

/** Cores, CPU model, memory, Node and Redis versions, load average now. */
export function machine(): string {
  const mem = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 2 ** 20;
  const bin = findRedisServer();
  const redis = bin ? /v=(\S+)/.exec(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout)?.[1] : 'none';
  return `${cpus().length} cores (${cpus()[0]?.model?.trim()}), ${mem.toFixed(1)} GiB, Node ${process.versions.node}, Redis ${redis}, ` +
    `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

/** CPU seconds (user + system) and RSS of a process, from /proc. */
export function procStats(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  return { cpuSeconds: ticks / 100, rss };
}

/** The server's memory after a full garbage collection (heap-probe.ts answers over IPC). */
export interface HeapReading {
  heapUsed: number;
  external: number;
  rss: number;
}

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  /** Heap after GC; only with `probe: true`. */
  heap(): Promise<HeapReading>;
  stop(): Promise<void>;
}

const PROBE = fileURLToPath(new URL('./heap-probe.ts', import.meta.url));

/**
 * A Peakwatch server process on loopback (`server/index.ts`), resolved once it listens. `probe` loads the
 * benchmark-only heap probe (and `--expose-gc`); `nodeArgs` adds Node flags (e.g. `--cpu-prof`).
 */
export async function startServer(opts: { env: Record<string, string>; probe?: boolean; nodeArgs?: string[] }): Promise<ServerProcess> {
  const port = await freePort();
  const args = [...(opts.nodeArgs ?? []), ...(opts.probe ? ['--expose-gc'] : []), '--import', 'tsx', ...(opts.probe ? ['--import', PROBE] : []), 'server/index.ts'];
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'inherit', ...(opts.probe ? ['ipc' as const] : [])],
  });
  await new Promise<void>((ok, fail) => {
    proc.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('Peakwatch is running')) ok(); });
    proc.once('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    heap: () => new Promise<HeapReading>((ok, fail) => {
      if (!proc.send) return fail(new Error('the server was started without the heap probe'));
      proc.once('message', (m) => ok(m as HeapReading));
      proc.send('heap');
    }),
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((ok) => proc.once('exit', ok));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
