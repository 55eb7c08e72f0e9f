/**
 * `npm run bench:ewt`: which wait predictor tells a waiting customer the truth. Replays simulated days (the
 * peak simulator's model, deterministic seeds, no server) at several loads; for every contact that queued and
 * was answered, compares the prediction at the moment it queued, and again every 10 s while it waited (as the
 * widget polling would show it), with the wait it then had. Reports mean absolute error, RMSE and, for
 * Peakwatch's predictor, the share of waits inside its 80 % range; per scenario and channel.
 */
import { PeakModel } from '../../scripts/sim/model';
import type { ModelOptions, SimChannel } from '../../scripts/sim/profile';
import type { PeakEvent } from '../../shared/events';
import { WIDGET_POLL_MS } from '../../shared/wait-text';
import { ChannelView, PREDICTORS, type Predictor } from './ewt-view';
import { machine } from './harness';

const HOUR = 3_600_000;
const DAY0 = Date.parse('2026-11-27T00:00:00Z');

export interface Scenario { name: string; model: ModelOptions }

export const SCENARIOS: Scenario[] = [
  { name: 'well under capacity', model: { staffing: 1.5 } },
  { name: 'at capacity', model: { staffing: 1.0 } },
  { name: 'over capacity', model: { staffing: 0.8 } },
  { name: 'a third on break (14:00-15:00)', model: { staffing: 1.1, breakWave: { startHour: 14, minutes: 60, share: 1 / 3 } } },
  // The loop: customers are told the estimate, and one told a wait beyond their patience gives up sooner.
  { name: 'over capacity, customers told the wait', model: { staffing: 0.8, toldWait: true } },
];
const CHANNELS: SimChannel[] = ['chat', 'voice'];
/** Hours of the day that count (the queue is warm by 07:00; night is nearly empty). */
const FROM_HOUR = 7;
const TO_HOUR = 23;

interface Sample { at: number; predicted: number[]; range: [number, number] | undefined; arrival: boolean }
export interface Score { mae: number; rmse: number; n: number }
export interface Result {
  scenario: string; channel: string; seeds: number; all: Score[]; arrival: Score[]; coverage: number; below: number; n: number; contacts: number;
  /** Contacts queued in the counted hours that abandoned, of those that left the queue. */
  abandonRate: number;
}
type Pairs = Map<string, { s: Sample; wait: number }[]> & { abandoned?: Map<string, number> };

/** Runs one day of one scenario and returns, per channel, the (sample, realized wait) pairs. */
export function runDay(scenario: Scenario, seed: number, predictors: readonly Predictor[]): Pairs {
  const model = new PeakModel({ ...scenario.model, seed }, DAY0);
  const views = new Map(CHANNELS.map((c) => [c, new ChannelView(c, model.config.channels[c].concurrency)]));
  const pending = new Map<string, Sample[]>();
  const out: Pairs = new Map<string, { s: Sample; wait: number }[]>(CHANNELS.map((c) => [c, []]));
  const abandoned = new Map<string, number>(CHANNELS.map((c) => [c, 0]));
  out.abandoned = abandoned;
  const counted = (t: number) => t >= DAY0 + FROM_HOUR * HOUR && t < DAY0 + TO_HOUR * HOUR;
  const sample = (view: ChannelView, at: number, position: number, arrival: boolean): Sample => {
    const sit = view.situation(at, position);
    const preds = predictors.map((p) => p.predict(sit));
    return { at, predicted: preds.map((p) => p.ewt), range: preds[0]!.range, arrival };
  };
  const onEvent = (e: PeakEvent) => {
    const view = 'channel' in e && e.channel ? views.get(e.channel as SimChannel) : undefined;
    if (!view) return;
    if (e.type === 'contact.queued' && counted(e.at)) pending.set(e.contactId, [sample(view, e.at, view.queue.length + 1, true)]);
    view.apply(e);
    if (e.type === 'contact.answered') {
      for (const s of pending.get(e.contactId) ?? []) out.get(e.channel)!.push({ s, wait: (e.at - s.at) / 1000 });
      pending.delete(e.contactId);
    } else if (e.type === 'contact.abandoned' && pending.delete(e.contactId)) abandoned.set(e.channel, abandoned.get(e.channel)! + 1);
  };
  for (let t = DAY0; t < DAY0 + 24 * HOUR; t += WIDGET_POLL_MS) {
    for (const e of model.advanceTo(t + WIDGET_POLL_MS)) onEvent(e);
    const now = t + WIDGET_POLL_MS;
    for (const view of views.values()) {
      view.queue.forEach((q, i) => {
        const list = pending.get(q.id);
        if (list && now - q.queuedAt >= WIDGET_POLL_MS / 2) list.push(sample(view, now, i + 1, false));
      });
    }
  }
  return out;
}

function score(pairs: { s: Sample; wait: number }[], k: number): Score {
  let abs = 0;
  let sq = 0;
  for (const { s, wait } of pairs) {
    const err = s.predicted[k]! - wait;
    abs += Math.abs(err);
    sq += err * err;
  }
  return { mae: abs / pairs.length, rmse: Math.sqrt(sq / pairs.length), n: pairs.length };
}

export function evaluate(scenario: Scenario, seeds: readonly number[], predictors: readonly Predictor[] = PREDICTORS): Result[] {
  const byChannel = new Map<string, { s: Sample; wait: number }[]>();
  const abandons = new Map<string, number>();
  for (const seed of seeds) {
    const day = runDay(scenario, seed, predictors);
    for (const [ch, pairs] of day) {
      byChannel.set(ch, [...(byChannel.get(ch) ?? []), ...pairs]);
      abandons.set(ch, (abandons.get(ch) ?? 0) + (day.abandoned?.get(ch) ?? 0));
    }
  }
  return [...byChannel].map(([channel, pairs]) => {
    const inside = pairs.filter(({ s, wait }) => s.range && wait >= s.range[0] && wait <= s.range[1]).length;
    const below = pairs.filter(({ s, wait }) => s.range && wait < s.range[0]).length;
    const arrivals = pairs.filter((p) => p.s.arrival);
    return {
      scenario: scenario.name, channel, seeds: seeds.length, n: pairs.length, contacts: arrivals.length,
      all: predictors.map((_, k) => score(pairs, k)), arrival: predictors.map((_, k) => score(arrivals, k)),
      coverage: inside / pairs.length, below: below / pairs.length,
      abandonRate: abandons.get(channel)! / (abandons.get(channel)! + arrivals.length),
    };
  });
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);

/** The report, as docs/BENCHMARKS.md records it. */
export function report(results: Result[]): string {
  const lines = [`Machine: ${machine()}`, ''];
  lines.push(`| scenario | channel | samples (answered contacts) | abandoned | ${PREDICTORS.map((p) => `${p.name} MAE / RMSE s`).join(' | ')} | Peakwatch 80 % range holds |`);
  lines.push(`| --- | --- | --- | --- | ${PREDICTORS.map(() => '---').join(' | ')} | --- |`);
  for (const r of results) {
    const best = Math.min(...r.all.map((s) => s.mae));
    const cells = r.all.map((s) => (s.mae === best ? `**${f1(s.mae)}** / ${f0(s.rmse)}` : `${f1(s.mae)} / ${f0(s.rmse)}`));
    lines.push(`| ${r.scenario} | ${r.channel} | ${r.n} (${r.contacts}) | ${(r.abandonRate * 100).toFixed(1)} % | ${cells.join(' | ')} | ${(r.coverage * 100).toFixed(1)} % (${(r.below * 100).toFixed(1)} % below) |`);
  }
  lines.push('', 'At the moment of queueing only (MAE s):', '');
  lines.push(`| scenario | channel | ${PREDICTORS.map((p) => p.name).join(' | ')} |`);
  lines.push(`| --- | --- | ${PREDICTORS.map(() => '---').join(' | ')} |`);
  for (const r of results) lines.push(`| ${r.scenario} | ${r.channel} | ${r.arrival.map((s) => f1(s.mae)).join(' | ')} |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seeds = (process.env.EWT_SEEDS ?? '1,2,3').split(',').map(Number);
  const started = Date.now();
  const results = SCENARIOS.flatMap((s) => evaluate(s, seeds));
  process.stdout.write(`${report(results)}\n\n${seeds.length} seeds per scenario (${seeds.join(', ')}), ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
