/** Counters of a run and the one-line progress report printed every few seconds. */
import { DateTime } from 'luxon';
import type { IngestResult } from './client';

export interface SimulatorStats {
  /** Events generated and sent (accepted + duplicates + rejected). */
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  batches: number;
  retries: number;
  /** One rejection message, to show what the server disliked. */
  lastRejection: string | null;
}

export class Progress {
  readonly stats: SimulatorStats = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, batches: 0, retries: 0, lastRejection: null };
  private lastAt: number;
  private lastSent = 0;

  constructor(private readonly timeZone: string, startedAt: number) {
    this.lastAt = startedAt;
  }

  record(sent: number, result: IngestResult): void {
    const s = this.stats;
    s.sent += sent;
    s.accepted += result.accepted;
    s.duplicates += result.duplicates;
    s.rejected += result.rejected.length;
    s.batches++;
    if (result.rejected.length) s.lastRejection = result.rejected[0]!.error;
  }

  /** e.g. `posted 12,345 events (2,468/s), 0 duplicates, 0 rejected · clock 09:14:00, replaying 60x, 4h46m behind` */
  line(wallNow: number, simClock: number, mode: string): string {
    const s = this.stats;
    const seconds = Math.max(0.001, (wallNow - this.lastAt) / 1_000);
    const rate = (s.sent - this.lastSent) / seconds;
    this.lastAt = wallNow;
    this.lastSent = s.sent;
    const behind = wallNow - simClock;
    const parts = [
      `posted ${fmt(s.sent)} events (${fmt(Math.round(rate))}/s)`,
      `${fmt(s.duplicates)} duplicates`,
      `${fmt(s.rejected)} rejected${s.lastRejection ? ` (last: ${s.lastRejection.slice(0, 100)})` : ''}`,
      ...(s.retries ? [`${fmt(s.retries)} retries`] : []),
    ];
    const clock = `clock ${DateTime.fromMillis(simClock, { zone: this.timeZone }).toFormat('HH:mm:ss')}, ${mode}${behind > 5_000 ? `, ${duration(behind)} behind` : ''}`;
    return `${parts.join(', ')} · ${clock}`;
  }
}

/** 12345 → "12,345". */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** 17_160_000 → "4h46m"; under an hour "12m05s"; under a minute "42s"; under 10 s "2.5s". */
export function duration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1_000).toFixed(1)}s`;
  const s = Math.round(ms / 1_000);
  if (s < 60) return `${s}s`;
  if (s < 3_600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3_600)}h${String(Math.floor((s % 3_600) / 60)).padStart(2, '0')}m`;
}
