/**
 * Demo history: generated days for the review page, as the CSV `PUT /api/v1/history` takes. Last year's peak
 * is the bad one of the operations notes (contact rate about 6.5 %, CSAT about 42 %, chat service level 0-3 %);
 * this year's days are the good one the simulator plays (about 4.2 %, 65-67 %, chat 82-92 %). Every figure is
 * made up: the demo says so on every page.
 */
import { HISTORY_CSV_EXPORT_COLUMNS, TOTAL_ROW, addDays, daysBetween, reasonsCell } from '../../shared/history';
import { DEFAULT_MODEL } from './profile';
import { Rng } from './random';

/** How the days of one year look. */
interface Season {
  contactRate: number;
  csat: number;
  /** Share of CES responses that are easy (5-7), and NPS promoters and detractors. */
  cesEasy: number;
  promoters: number;
  detractors: number;
  /** Share of contacts that are a customer's repeat. */
  repeats: number;
  /** How much more often than the simulator's share a contact is about where its order is. */
  wismo: number;
  /** Service level per channel: [low, high) drawn per day. */
  sl: Record<string, [number, number]>;
  abandon: Record<string, number>;
}

const LAST_YEAR: Season = {
  contactRate: 0.065, csat: 0.42, cesEasy: 0.52, promoters: 0.26, detractors: 0.38, repeats: 0.11, wismo: 1.8,
  sl: { chat: [0, 0.03], voice: [0.25, 0.45], email: [0.2, 0.4], messaging: [0.3, 0.5], social: [0.3, 0.55] },
  abandon: { chat: 0.3, voice: 0.22, email: 0, messaging: 0.12, social: 0.08 },
};
const THIS_YEAR: Season = {
  contactRate: 0.042, csat: 0.67, cesEasy: 0.76, promoters: 0.38, detractors: 0.26, repeats: 0.05, wismo: 1,
  sl: { chat: [0.82, 0.92], voice: [0.8, 0.9], email: [0.9, 0.97], messaging: [0.82, 0.92], social: [0.8, 0.9] },
  abandon: { chat: 0.04, voice: 0.05, email: 0, messaging: 0.03, social: 0.02 },
};
/** Share of contacts per channel. */
const SPLIT: Record<string, number> = { chat: 0.4, voice: 0.2, email: 0.25, messaging: 0.1, social: 0.05 };

/** Orders of a day: a base, busier on weekends' eves and much busier from late November to the new year. */
function ordersOf(day: string, rng: Rng): number {
  const md = day.slice(5);
  const peak = md >= '11-20' || md <= '01-05' ? 1.7 : md >= '10-15' ? 1.25 : 1;
  return Math.round(40_000 * peak * rng.uniform(0.9, 1.1));
}

/** A day's contacts per reason: the simulator's mix, where-is-my-order weighted by the season. */
function reasonsOf(contacts: number, season: Season, rng: Rng): Record<string, number> {
  const weights = Object.entries(DEFAULT_MODEL.reasons).map(([r, w]): [string, number] => [r, w * (r === 'where-is-my-order' ? season.wismo : 1) * rng.uniform(0.9, 1.1)]);
  const total = weights.reduce((a, [, w]) => a + w, 0);
  return Object.fromEntries(weights.map(([r, w]) => [r, Math.round((contacts * w) / total)]));
}

export interface DemoHistoryOptions {
  /** The server's today (`YYYY-MM-DD`); days are generated up to the day before. */
  today: string;
  /** The first day to generate (the review reads 13 months and last year's weeks: about 400 days back). */
  from?: string;
  channels: readonly string[];
  seed?: number;
}

/**
 * The CSV of generated days from `from` to yesterday: a row per channel and a total row per day. Days more
 * than half a year back are last year's season, the others this year's.
 */
export function demoHistoryCsv(o: DemoHistoryOptions): string {
  const rng = new Rng(o.seed ?? 11);
  const from = o.from ?? addDays(o.today, -420);
  const lines: string[] = [HISTORY_CSV_EXPORT_COLUMNS.join(',')];
  const empty = HISTORY_CSV_EXPORT_COLUMNS.slice(3).map(() => '');
  for (let day = from; day < o.today; day = addDays(day, 1)) {
    const season = daysBetween(day, o.today) > 182 ? LAST_YEAR : THIS_YEAR;
    const orders = ordersOf(day, rng);
    const contacts = orders * season.contactRate * rng.uniform(0.93, 1.07);
    for (const ch of o.channels) {
      const arrivals = Math.round(contacts * (SPLIT[ch] ?? 0.1));
      const abandoned = Math.round(arrivals * (season.abandon[ch] ?? 0.05) * rng.uniform(0.8, 1.2));
      const answered = arrivals - abandoned;
      const shortAbandoned = Math.round(abandoned * 0.1);
      const [lo, hi] = season.sl[ch] ?? [0.8, 0.9];
      const inTarget = Math.min(answered, Math.round(rng.uniform(lo, hi) * (answered + abandoned - shortAbandoned)));
      const responses = Math.round(answered * 0.12);
      const satisfied = Math.round(responses * season.csat * rng.uniform(0.94, 1.06));
      const ces = Math.round(answered * 0.06);
      const cesEasy = Math.min(ces, Math.round(ces * season.cesEasy * rng.uniform(0.94, 1.06)));
      const cesSum = Math.round(cesEasy * 5.9 + (ces - cesEasy) * 2.8);
      const nps = Math.round(answered * 0.04);
      const promoters = Math.round(nps * season.promoters * rng.uniform(0.9, 1.1));
      const detractors = Math.min(nps - promoters, Math.round(nps * season.detractors * rng.uniform(0.9, 1.1)));
      const repeats = Math.round(arrivals * season.repeats * rng.uniform(0.85, 1.15));
      lines.push([
        day, ch, arrivals, answered, inTarget, abandoned, shortAbandoned, Math.round(answered * 0.97), responses, Math.min(responses, satisfied), '',
        ces, cesEasy, cesSum, nps, promoters, detractors, repeats, arrivals, '',
      ].join(','));
    }
    lines.push([day, TOTAL_ROW, ...empty.slice(0, 8), orders, ...empty.slice(8, -1), reasonsCell(reasonsOf(contacts, season, rng))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Imports the generated days. Days that already hold live figures (a demo run on an earlier day) keep them:
 * they are left out and the rest sent again. Resolves to the number of days imported.
 */
export async function importDemoHistory(url: string, adminToken: string, csv: string, fetchFn: typeof fetch = fetch): Promise<number> {
  let body = csv;
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = await fetchFn(`${url}/api/v1/history`, { method: 'PUT', headers: { 'content-type': 'text/csv', authorization: `Bearer ${adminToken}` }, body });
    const reply = (await res.json().catch(() => ({}))) as { days?: number; error?: string; details?: { days?: string[] } };
    if (res.ok) return reply.days ?? 0;
    if (res.status !== 409 || !reply.details?.days) throw new Error(`history import refused (${res.status}): ${reply.error ?? ''}`);
    const live = new Set(reply.details.days);
    body = body.split('\n').filter((line) => !live.has(line.slice(0, 10))).join('\n');
  }
  throw new Error('history import refused twice');
}
