import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const LOCK = join(tmpdir(), 'peakwatch-client-build.lock');
/** A build that takes longer than this is a crashed run's lock, not a build in progress. */
const STALE_LOCK_MS = 120_000;

/** The run: the parent process's pid, and its start time where /proc tells it (a pid is reused in time). */
function runId(): string {
  try {
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    return `${process.ppid}-${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
  } catch {
    return String(process.ppid);
  }
}

/**
 * Builds the client into client/dist once per test run, however many browser test files ask in parallel:
 * they all serve that one directory, and a second build emptying it mid-test would blank the first's pages.
 * (The test workers of one run share the parent process, whose pid names the run.)
 */
export async function buildClientOnce(): Promise<void> {
  const done = join(tmpdir(), `peakwatch-client-built.${runId()}`);
  for (;;) {
    if (existsSync(done)) return;
    try {
      mkdirSync(LOCK);
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch { /* released meanwhile */ }
      await new Promise((ok) => setTimeout(ok, 200));
      continue;
    }
    try {
      if (existsSync(done)) return;
      // Vitest sets NODE_ENV=test, which would make Vite build React's development bundle: build as
      // `npm run build` does.
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({ configFile: 'client/vite.config.ts', logLevel: 'warn' });
      } finally {
        process.env.NODE_ENV = nodeEnv;
      }
      for (const f of readdirSync(tmpdir())) if (f.startsWith('peakwatch-client-built.')) rmSync(join(tmpdir(), f), { force: true });
      writeFileSync(done, String(Date.now()));
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
