import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The one line to print when no redis-server binary exists. */
export const REDIS_MISSING =
  'redis-server not found: run `npm run setup` (Debian/Ubuntu, as root: installs it), or `sudo apt-get install redis-server`, or on macOS `brew install redis`; or set REDIS_URL to an existing Redis.';

export class RedisMissingError extends Error {
  constructor() {
    super(REDIS_MISSING);
    this.name = 'RedisMissingError';
  }
}

/** Path of redis-server, or null when none is installed. */
export function findRedisServer(): string | null {
  for (const candidate of [process.env.PEAKWATCH_REDIS_SERVER, 'redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server']) {
    if (!candidate) continue;
    const r = spawnSync(candidate, ['--version'], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return null;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export interface EmbeddedRedis {
  url: string;
  port: number;
  process: ChildProcess;
  /** Stops the server (SIGTERM, so the append-only file is flushed) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder of the append-only file; none: nothing is persisted. */
  dataDir?: string;
  port?: number;
}

/**
 * Starts a private `redis-server` on loopback and resolves once it accepts connections.
 * With `dataDir`, writes go to an append-only file there (fsync every second), so a restart loses nothing.
 */
export async function startEmbeddedRedis(opts: EmbeddedOptions = {}): Promise<EmbeddedRedis> {
  const bin = findRedisServer();
  if (!bin) throw new RedisMissingError();
  const port = opts.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', ''];
  if (opts.dataDir) {
    const dir = resolve(opts.dataDir);
    mkdirSync(dir, { recursive: true });
    const pidFile = `${dir}/redis.pid`;
    await stopLeftover(pidFile);
    args.push('--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--pidfile', pidFile);
  } else {
    args.push('--appendonly', 'no');
  }
  // Its own process group: a Ctrl-C in the terminal reaches Peakwatch, which finishes in-flight batches
  // before it stops Redis itself.
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = () => { try { child.kill('SIGTERM'); } catch { /* already gone */ } };
  process.once('exit', killOnExit);
  let output = '';
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  await new Promise<void>((ok, fail) => {
    const onData = (buf: Buffer) => {
      output += buf.toString();
      if (/Ready to accept connections/.test(output)) {
        child.stdout!.off('data', onData);
        ok();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => { output += b.toString(); });
    child.once('error', fail);
    void exited.then((code) => fail(new Error(`redis-server exited (${code}) before it was ready: ${output.trim().split('\n').slice(-3).join(' | ')}`)));
  });
  child.stdout!.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A server killed with -9 leaves its embedded redis-server running on the data folder; stop it (it flushes
 * its append-only file) before a new one opens the same files.
 */
async function stopLeftover(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const alive = (p: number) => { try { process.kill(p, 0); return true; } catch { return false; } };
  if (Number.isInteger(pid) && pid > 1 && alive(pid) && /redis/.test(safeRead(`/proc/${pid}/cmdline`) ?? 'redis')) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 200 && alive(pid); i++) await new Promise((ok) => setTimeout(ok, 50));
    if (alive(pid)) throw new Error(`a redis-server left by an earlier run (pid ${pid}) still holds ${pidFile} after 10 s: stop it, then start again`);
  }
  rmSync(pidFile, { force: true });
}

function safeRead(path: string): string | null {
  try { return readFileSync(path, 'utf8'); } catch { return null; }
}
