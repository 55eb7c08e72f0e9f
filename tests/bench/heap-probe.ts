/**
 * Benchmark-only preload (`node --expose-gc --import tsx --import ./tests/bench/heap-probe.ts server/index.ts`,
 * started by harness.ts with an IPC channel): on the message "heap" it collects garbage and answers with the
 * heap in use, external memory and RSS. Nothing of it is in the server's own code.
 */
import { getHeapStatistics } from 'node:v8';

const gc = (globalThis as { gc?: () => void }).gc;
if (process.send && gc) {
  process.channel?.unref();
  process.on('message', (m) => {
    if (m !== 'heap') return;
    gc();
    gc();
    const mem = process.memoryUsage();
    process.send!({ heapUsed: getHeapStatistics().used_heap_size, external: mem.external, rss: mem.rss });
  });
}
