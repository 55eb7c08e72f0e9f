/**
 * Runs the peak model against a Peakwatch server in process: posts the past (the backfill), then keeps the
 * model in step with the wall clock. The model is never advanced past the wall clock, so no event is ever
 * in the future: `speed` > 1 replays the past faster and drops to real time once it has caught up.
 */
import type { PeakEvent } from '../../shared/events';
import { FatalIngestError, IngestClient, type IngestClientOptions, StoppedError } from './client';
import { PeakModel } from './model';
import { type ModelOptions, localMidnight } from './profile';
import { Progress, type SimulatorStats, duration, fmt } from './progress';

const HOUR = 3_600_000;
/** How much simulated time one loop step may cover, so a long backfill streams instead of piling up. */
const STEP_MS = 10 * 60_000;
/** The model starts at the midnight before the posted window, at least this long before it, so queues are warm. */
export const WARM_UP_MS = 3 * HOUR;
/** Replay window used when --speed > 1 is asked for without --backfill. */
export const DEFAULT_REPLAY_HOURS = 1;
/** The server rejects events older than 7 days; keep a margin for the time the backfill itself takes. */
export const MAX_BACKFILL_HOURS = 160;

export interface SimulatorOptions {
  url: string;
  key: string;
  /** Speak a source's dialect to one of its connectors (`--as`), instead of posting events with `key`. */
  as?: IngestClientOptions['as'];
  /** 1 (default): the backfill is posted at once, then real time. Above 1 (up to 60): the backfill window is replayed that many times faster than real time until it reaches now, then real time. */
  speed?: number;
  intensity?: number;
  seed?: number;
  /** Hours of the past to post first (default 0; with speed > 1, 1 hour). */
  backfillHours?: number;
  /** Stop after this many seconds of wall time (default: run until stopped). */
  durationSeconds?: number;
  /** Post the backfill, then stop instead of going live. */
  once?: boolean;
  /** Time zone of the simulated day (default PEAKWATCH_TZ, else UTC). */
  timeZone?: string;
  /** Further model settings (staffing, concurrency, incident, ...). */
  model?: ModelOptions;
  batchSize?: number;
  /** How often the live loop catches up with the clock. */
  tickMs?: number;
  /** How often a progress line is printed; 0: never (default 5,000 ms). */
  progressEveryMs?: number;
  /** Where progress lines and the summary go (default: stdout). */
  log?: (line: string) => void;
  /** Where retries and the fatal error go, one line each (default: stderr). */
  warn?: (line: string) => void;
  /** Called once, when the backfill is posted and the model has caught up with the wall clock. */
  onLive?: (stats: SimulatorStats) => void;
  /** Wall clock, for tests. */
  now?: () => number;
  fetch?: typeof fetch;
  retry?: Pick<IngestClientOptions, 'retryBaseMs' | 'retryMaxMs' | 'firstContactAttempts' | 'timeoutMs'>;
}

export interface SimulatorSummary extends SimulatorStats {
  /** Why the run ended. */
  reason: 'stopped' | 'duration' | 'once';
}

export interface SimulatorHandle {
  /** Stops after the batch in flight, posts what was already generated, and resolves when done. */
  stop(): Promise<void>;
  /** Resolves when the run ends; rejects with a FatalIngestError (one line) when it cannot go on. */
  done: Promise<SimulatorSummary>;
  readonly stats: SimulatorStats;
}

/** Starts feeding Peakwatch; returns at once. */
export function startSimulator(opts: SimulatorOptions): SimulatorHandle {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => console.log(line));
  const warn = opts.warn ?? ((line: string) => console.error(line));
  const speed = opts.speed ?? 1;
  if (!(speed >= 1 && speed <= 60)) throw new RangeError('speed must be between 1 and 60');
  const backfillHours = opts.backfillHours ?? (speed > 1 ? DEFAULT_REPLAY_HOURS : 0);
  if (!(backfillHours >= 0 && backfillHours <= MAX_BACKFILL_HOURS)) throw new RangeError(`backfill must be 0-${MAX_BACKFILL_HOURS} hours`);
  const timeZone = opts.timeZone ?? process.env.PEAKWATCH_TZ ?? 'UTC';
  const tickMs = opts.tickMs ?? 1_000;

  const wall0 = now();
  const postFrom = wall0 - Math.round(backfillHours * HOUR);
  const model = new PeakModel({
    ...opts.model, timeZone,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.intensity !== undefined ? { intensity: opts.intensity } : {}),
  }, localMidnight(postFrom - WARM_UP_MS, timeZone));
  const progress = new Progress(timeZone, wall0);
  const controller = new AbortController();
  const client = new IngestClient({
    url: opts.url, key: opts.key, batchSize: opts.batchSize, signal: controller.signal, fetch: opts.fetch, as: opts.as, now, ...opts.retry,
    onRetry: (n) => {
      progress.stats.retries++;
      warn(`batch failed (${n.reason}); retry ${n.attempt} in ${duration(n.delayMs)}`);
    },
  });
  const batchSize = Math.min(5_000, Math.max(1, opts.batchSize ?? 1_000));
  const deadline = opts.durationSeconds !== undefined ? wall0 + opts.durationSeconds * 1_000 : Number.POSITIVE_INFINITY;

  log(`simulating seed ${model.config.seed}, intensity ${model.config.intensity}, ${timeZone} day: ${
    backfillHours > 0 ? `${backfillHours} h of backfill ${speed > 1 ? `replayed at ${speed}x` : 'posted at once'}, then ` : ''
  }${opts.once ? 'stop' : 'live in real time'}; posting to ${opts.url}`);

  // The hours before the window run unposted; what is still open at its start is posted with it.
  while (model.clock < postFrom) model.advanceTo(Math.min(postFrom, model.clock + STEP_MS));
  const queue: PeakEvent[] = model.carryOver();
  const replayFrom = now();
  /** Where the model should be at wall time `wall`: replaying at `speed`, never past the wall clock. */
  const target = (wall: number) => (speed > 1 ? Math.min(wall, postFrom + speed * (wall - replayFrom)) : wall);
  const mode = () => {
    const wall = now();
    if (target(wall) < wall) return `replaying ${speed}x`;
    return wall - model.clock > 5_000 ? 'catching up' : 'live';
  };
  let stopping = false;
  let caughtUp = false;
  let wake: (() => void) | null = null;

  const post = async (events: PeakEvent[]) => {
    try {
      progress.record(events.length, await client.post(events));
    } catch (err) {
      queue.unshift(...events);
      throw err;
    }
  };

  const every = opts.progressEveryMs ?? 5_000;
  const ticker = every > 0 ? setInterval(() => log(progress.line(now(), model.clock, mode())), every) : undefined;
  ticker?.unref?.();

  const loop = async (): Promise<SimulatorSummary['reason']> => {
    for (;;) {
      if (stopping) return 'stopped';
      const wall = now();
      if (wall >= deadline) return 'duration';
      const goal = target(wall);
      const to = Math.min(goal, model.clock + STEP_MS);
      for (const e of model.advanceTo(to)) queue.push(e);
      // Full batches go at once; a partial one only when caught up, so the backfill posts few large requests.
      while (queue.length >= batchSize || (queue.length > 0 && to >= goal)) {
        await post(queue.splice(0, batchSize));
        if (stopping) return 'stopped';
      }
      if (to < goal) continue;
      if (!caughtUp && goal >= wall) {
        caughtUp = true;
        opts.onLive?.(progress.stats);
      }
      if (opts.once && goal >= wall) return 'once';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(tickMs, Math.max(0, deadline - now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  };

  const done = (async (): Promise<SimulatorSummary> => {
    try {
      const reason = await loop();
      // What the model already produced happened in the past: send it (one attempt when stopping).
      while (queue.length > 0) await post(queue.splice(0, batchSize));
      log(`done (${reason}): ${summaryText(progress.stats)}`);
      return { ...progress.stats, reason };
    } catch (err) {
      if (err instanceof StoppedError) {
        log(`stopped: ${summaryText(progress.stats)}; ${fmt(queue.length)} generated events not posted`);
        return { ...progress.stats, reason: 'stopped' };
      }
      const message = err instanceof FatalIngestError ? err.message : `simulator failed: ${(err as Error).message}`;
      warn(message);
      throw err instanceof FatalIngestError ? err : new FatalIngestError(message);
    } finally {
      clearInterval(ticker);
    }
  })();
  // The caller may only ever call stop(); a fatal error has been logged, so do not crash the process for it.
  done.catch(() => undefined);

  return {
    stats: progress.stats,
    done,
    async stop() {
      stopping = true;
      controller.abort();
      wake?.();
      await done.catch(() => undefined);
    },
  };
}

function summaryText(s: SimulatorStats): string {
  return `${fmt(s.sent)} events posted in ${fmt(s.batches)} batches, ${fmt(s.accepted)} accepted, ${fmt(s.duplicates)} duplicates, ${fmt(s.rejected)} rejected`;
}
