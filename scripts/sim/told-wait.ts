/**
 * The loop between the wait a customer is told and whether they stay: each arriving customer is told
 * Peakwatch's estimate (the same predictor, fed the figures Peakwatch would hold), and one told a wait longer
 * than their patience gives up sooner. Studies of delay announcements find the same: a long announced wait
 * makes customers leave early, which shortens the wait of those who stay.
 */
import { WAIT_CALIBRATION, predictWait } from '../../shared/wait-predictor';

const WINDOW_MS = WAIT_CALIBRATION.recentMinutes * 60_000;

/** Recent answers and abandons of one channel, as the store's minute buckets would sum them. */
export class RecentWaits {
  private readonly abandons: number[] = [];
  private readonly answers: { at: number; waitMs: number }[] = [];

  abandoned(at: number): void {
    this.abandons.push(at);
  }

  answered(at: number, waitMs: number): void {
    this.answers.push({ at, waitMs });
  }

  /** The estimate for the contact at `position`, seconds; null when nobody is staffed. */
  estimate(now: number, s: { position: number; waiting: number; available: number; busy: number; concurrency: number; ahtSeconds: number; oldestQueuedAt: number | null }): number | null {
    while (this.abandons.length && this.abandons[0]! < now - WINDOW_MS) this.abandons.shift();
    while (this.answers.length && this.answers[0]!.at < now - WINDOW_MS) this.answers.shift();
    const asa = this.answers.length ? this.answers.reduce((a, x) => a + x.waitMs, 0) / this.answers.length / 1000 : null;
    const e = predictWait({
      position: s.position, waiting: s.waiting, agentsAvailable: s.available, agentsBusy: s.busy, concurrency: s.concurrency,
      ahtSeconds: s.ahtSeconds, abandonedRecent: this.abandons.length, recentSeconds: WINDOW_MS / 1000, asaSeconds: asa,
      holSeconds: s.oldestQueuedAt === null ? 0 : (now - s.oldestQueuedAt) / 1000,
    });
    return e?.ewtSeconds ?? null;
  }
}

/**
 * Patience after being told `toldSeconds`: unchanged when the wait told is within it; else shortened in
 * proportion (told twice their patience, they stay half as long), never below a third of it.
 */
export function patienceAfterTold(patienceSeconds: number, toldSeconds: number | null): number {
  if (toldSeconds === null || toldSeconds <= patienceSeconds) return patienceSeconds;
  return Math.max(patienceSeconds / 3, (patienceSeconds * patienceSeconds) / toldSeconds);
}
