/**
 * Every child process and temporary folder a benchmark starts is registered here, so an error or a Ctrl-C removes
 * them all: `cleanup()` stops the children, runs the benchmark's own steps (`onCleanup`), removes the folders.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
const steps: (() => unknown)[] = [];

/** Registers a child: stopped by `cleanup()`, killed on exit. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A new temporary folder, removed by `cleanup()` or on exit. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  dirs.delete(dir);
}

/** SIGTERM, SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A step of the benchmark's own (stop its Redis, close its server) that `cleanup()` runs after the children. */
export function onCleanup(step: () => unknown): void {
  steps.push(step);
}

let cleaning: Promise<void> | null = null;
/** True once `cleanup()` has begun: a child's exit then is expected. */
export const isCleaning = (): boolean => cleaning !== null;
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c)));
    for (const step of steps) await Promise.resolve(step()).catch(() => undefined);
    for (const d of [...dirs]) {
      try { removeDir(d); } catch (err) { console.error(`could not remove ${d}: ${(err as Error).message}`); }
    }
  })();
  return cleaning;
}

// Last resort (an exit that skipped cleanup): kill what is left, synchronously.
process.once('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) {
    try { rmSync(d, { recursive: true, force: true, maxRetries: 3 }); } catch { /* nothing more to do on exit */ }
  }
});
// `on`, not `once`: a Ctrl-C can arrive twice (from the terminal and relayed by tsx), and a second one must not
// kill this process half-way through its cleanup.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (cleaning) return;
    console.error(`\n${sig}: stopping every child process…`);
    void cleanup().catch((err: unknown) => console.error(err)).finally(() => process.exit(130));
  });
}
