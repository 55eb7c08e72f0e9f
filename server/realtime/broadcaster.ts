import type { Snapshot } from '../../shared/snapshot';
import type { SnapshotUpdate } from '../../shared/socket';
import { diffSnapshot } from './diff';

export interface BroadcasterOptions {
  compute: () => Promise<Snapshot>;
  /** Called with every computed update (and the whole snapshot it came from). */
  emit: (update: SnapshotUpdate, snapshot: Snapshot) => void;
  onError?: (err: unknown) => void;
  /** Monotonic milliseconds for pacing (default performance.now); not the business clock. */
  monotonic?: () => number;
  /** At most one recompute per this many ms while events stream in (100 ms: at most 10 updates a second reach a screen). */
  minIntervalMs?: number;
  /** At least one recompute per this many ms, events or not (ages and windows move with time). */
  heartbeatMs?: number;
}

/**
 * Coalesces "the state changed" signals into snapshot recomputes: at once after a quiet spell, at most every
 * `minIntervalMs` while events stream in, and at least every `heartbeatMs`. Only one recompute runs at a time;
 * a signal that arrives during one schedules exactly one more.
 */
export class Broadcaster {
  private dirty = false;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private last = Number.NEGATIVE_INFINITY;
  private computedAt = Number.NEGATIVE_INFINITY;
  private current: Snapshot | null = null;
  /** Waiting for the snapshot of the next recompute to start. */
  private waiters: { ok: (s: Snapshot) => void; fail: (err: unknown) => void }[] = [];
  private readonly clock: () => number;
  private readonly minInterval: number;
  private readonly heartbeatMs: number;

  constructor(private readonly opts: BroadcasterOptions) {
    this.clock = opts.monotonic ?? (() => performance.now());
    this.minInterval = opts.minIntervalMs ?? 100;
    this.heartbeatMs = opts.heartbeatMs ?? 5_000;
  }

  start(): void {
    this.heartbeat ??= setInterval(() => this.markDirty(), this.heartbeatMs);
    this.markDirty();
  }

  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    this.heartbeat = this.timer = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.fail(new Error('the broadcaster stopped'));
  }

  /** The last snapshot computed, or null before the first. */
  latest(): Snapshot | null {
    return this.current;
  }

  /** The last snapshot if nothing changed since it was computed and it is younger than `maxAgeMs`; else null. */
  fresh(maxAgeMs: number): Snapshot | null {
    const s = this.current;
    return s && !this.dirty && !this.running && this.clock() - this.computedAt < maxAgeMs ? s : null;
  }

  /**
   * The snapshot of the next recompute that starts from now on (one is scheduled, within `minIntervalMs`),
   * resolved after its update was emitted; rejects if that recompute fails. Every caller until it starts shares it.
   */
  next(): Promise<Snapshot> {
    return new Promise((ok, fail) => {
      this.waiters.push({ ok, fail });
      this.markDirty();
    });
  }

  /** Says the state changed; a recompute follows within `minIntervalMs`. */
  markDirty(): void {
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.running || this.timer || !this.dirty) return;
    const wait = Math.max(0, this.last + this.minInterval - this.clock());
    this.timer = setTimeout(() => void this.tick(), wait);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    this.dirty = false;
    this.running = true;
    this.last = this.clock();
    const waiters = this.waiters;
    this.waiters = [];
    try {
      const next = await this.opts.compute();
      const update = diffSnapshot(this.current, next);
      this.current = next;
      this.computedAt = this.clock();
      this.opts.emit(update, next);
      for (const w of waiters) w.ok(next);
    } catch (err) {
      for (const w of waiters) w.fail(err);
      this.opts.onError?.(err);
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
