/**
 * The peak day the simulator plays: volumes, channel mix, markets, reasons, handle times, patience,
 * staffing and the incident. Pure data plus the curves derived from it; the model reads nothing else.
 */
import { DateTime } from 'luxon';

export const SIM_CHANNELS = ['chat', 'voice', 'email', 'messaging', 'social'] as const;
export type SimChannel = (typeof SIM_CHANNELS)[number];

export interface ChannelProfile {
  /** Share of all contacts that arrive on this channel. */
  share: number;
  /** Contacts one agent handles at once (chat agents juggle several). */
  concurrency: number;
  /** Mean handle time per contact, minutes, and its coefficient of variation (log-normal). */
  handleMinutes: number;
  handleCv: number;
  /** From an agent taking the contact to the first answer, seconds (uniform). */
  pickupSeconds: readonly [number, number];
  /** How long a customer waits before giving up, seconds (uniform; some are 3x as patient); null: never. */
  patienceSeconds: readonly [number, number] | null;
  /** `follow`: staffing follows the forecast; `office`: a flat team in office hours that works the backlog. */
  roster: 'follow' | 'office';
  /** Agents on shift even at night. */
  minAgents: number;
}

export interface Incident {
  /** The contact reason that spikes (a carrier delay: `where-is-my-order`). */
  reason: string;
  /** Local time of day it starts, in hours (12.5 = 12:30), and how long it lasts. */
  startHour: number;
  hours: number;
  /** Multiplier of that reason's arrivals at full strength (it ramps up and down over 15 minutes). */
  factor: number;
}

export interface ModelConfig {
  seed: number;
  /** Multiplies every volume; staffing is planned for it, so it is a load knob, not a crisis knob. */
  intensity: number;
  /** IANA zone whose clock the day curve, the roster and the incident follow. */
  timeZone: string;
  /** Orders per minute at the busiest moment of the day, before `intensity`. */
  peakOrdersPerMinute: number;
  /** Contacts per order, before the incident adds its own. */
  contactRate: number;
  /** Relative volume at each local hour 0-23 (interpolated in between); 1 = the peak. */
  dayCurve: readonly number[];
  channels: Record<SimChannel, ChannelProfile>;
  markets: Readonly<Record<string, number>>;
  reasons: Readonly<Record<string, number>>;
  incident: Incident | null;
  /** Agents planned per unit of forecast load (1 = exactly the load; below 1 the queues grow). */
  staffing: number;
  /** Chance per agent and 15-minute roster step of taking a break, and the break length in minutes. */
  breakChance: number;
  breakMinutes: readonly [number, number];
  /** Customers are told Peakwatch's wait estimate on arrival, and one told a long wait gives up sooner. */
  toldWait: boolean;
  /** A staffing drop: from local hour `startHour`, `share` of the working agents go on break for `minutes`; null: none. */
  breakWave: { startHour: number; minutes: number; share: number } | null;
  /** Office hours (local) of `office` rosters. */
  officeHours: readonly [number, number];
  /**
   * Share of resolved contacts that answer each survey (CSAT, CES, NPS: each asked on its own), and the delay of
   * an answer in minutes.
   */
  csatResponseRate: number;
  cesResponseRate: number;
  npsResponseRate: number;
  csatDelayMinutes: readonly [number, number];
  /** Wait, in seconds, after which a channel's customers start marking it down (about one point per doubling). */
  csatPatience: Record<SimChannel, number>;
}

/** Options a caller may override; channel profiles merge field by field. */
export type ModelOptions = Partial<Omit<ModelConfig, 'channels'>> & {
  channels?: Partial<Record<SimChannel, Partial<ChannelProfile>>>;
};

export const DEFAULT_MODEL: ModelConfig = {
  seed: 1,
  intensity: 1,
  timeZone: 'UTC',
  peakOrdersPerMinute: 400,
  contactRate: 0.045,
  // Black Friday: quiet night, morning ramp, a lunch peak and a bigger evening peak.
  dayCurve: [0.16, 0.09, 0.05, 0.04, 0.04, 0.06, 0.14, 0.3, 0.52, 0.7, 0.82, 0.9,
    0.96, 0.92, 0.84, 0.8, 0.8, 0.86, 0.94, 1, 0.97, 0.82, 0.56, 0.3],
  channels: {
    chat: { share: 0.5, concurrency: 3, handleMinutes: 12, handleCv: 0.6, pickupSeconds: [5, 25], patienceSeconds: [120, 240], roster: 'follow', minAgents: 2 },
    voice: { share: 0.18, concurrency: 1, handleMinutes: 6, handleCv: 0.5, pickupSeconds: [2, 8], patienceSeconds: [60, 120], roster: 'follow', minAgents: 2 },
    email: { share: 0.17, concurrency: 1, handleMinutes: 8, handleCv: 0.5, pickupSeconds: [60, 300], patienceSeconds: null, roster: 'office', minAgents: 1 },
    messaging: { share: 0.1, concurrency: 2, handleMinutes: 15, handleCv: 0.6, pickupSeconds: [20, 90], patienceSeconds: [600, 1_800], roster: 'follow', minAgents: 1 },
    social: { share: 0.05, concurrency: 2, handleMinutes: 10, handleCv: 0.6, pickupSeconds: [60, 300], patienceSeconds: [1_800, 7_200], roster: 'follow', minAgents: 1 },
  },
  markets: { de: 0.35, uk: 0.25, fr: 0.2, nl: 0.12, es: 0.08 },
  reasons: {
    'where-is-my-order': 0.28, refund: 0.14, return: 0.12, 'cancel-order': 0.11, payment: 0.1,
    'damaged-item': 0.09, account: 0.08, 'product-question': 0.08,
  },
  incident: { reason: 'where-is-my-order', startHour: 12, hours: 2, factor: 3 },
  staffing: 1.2,
  breakChance: 0.04,
  breakMinutes: [10, 20],
  breakWave: null,
  toldWait: false,
  officeHours: [8, 20],
  csatResponseRate: 0.3,
  cesResponseRate: 0.15,
  npsResponseRate: 0.1,
  csatDelayMinutes: [1, 30],
  csatPatience: { chat: 180, voice: 90, email: 14_400, messaging: 900, social: 3_600 },
};

/** The default model with `options` applied. Throws on values the model cannot run with. */
export function resolveModel(options: ModelOptions = {}): ModelConfig {
  const { channels, ...rest } = options;
  const merged: ModelConfig = {
    ...DEFAULT_MODEL,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    channels: Object.fromEntries(SIM_CHANNELS.map((c) => [c, { ...DEFAULT_MODEL.channels[c], ...channels?.[c] }])) as ModelConfig['channels'],
  };
  if (!(merged.intensity > 0)) throw new RangeError('intensity must be above 0');
  if (!(merged.staffing > 0)) throw new RangeError('staffing must be above 0');
  if (merged.dayCurve.length !== 24) throw new RangeError('dayCurve needs 24 hourly values');
  for (const c of SIM_CHANNELS) {
    const p = merged.channels[c];
    if (!Number.isInteger(p.concurrency) || p.concurrency < 1) throw new RangeError(`${c} concurrency must be a whole number ≥ 1`);
  }
  return merged;
}

/** Local time of day of `at` in `zone`, in hours (14.5 = 14:30). */
export function localHour(at: number, zone: string): number {
  const d = DateTime.fromMillis(at, { zone });
  return d.hour + d.minute / 60 + d.second / 3_600;
}

/** Midnight that starts the local day containing `at`. */
export function localMidnight(at: number, zone: string): number {
  return DateTime.fromMillis(at, { zone }).startOf('day').toMillis();
}

/** Relative volume (peak = 1) at local hour `h`, interpolated between the hourly points. */
export function dayLevel(curve: readonly number[], h: number): number {
  const i = Math.floor(h) % 24;
  const f = h - Math.floor(h);
  return curve[i]! * (1 - f) + curve[(i + 1) % 24]! * f;
}

/** Multiplier of `reason` at local hour `h`: 1 outside the incident, ramping to its factor inside. */
export function incidentBoost(incident: Incident | null, reason: string, h: number): number {
  if (!incident || incident.reason !== reason) return 1;
  const into = h - incident.startHour;
  if (into < 0 || into >= incident.hours) return 1;
  const ramp = 0.25;
  const strength = Math.min(1, into / ramp, (incident.hours - into) / ramp);
  return 1 + (incident.factor - 1) * strength;
}

/** Orders per minute expected at local hour `h`. */
export function ordersPerMinute(cfg: ModelConfig, h: number): number {
  return cfg.peakOrdersPerMinute * cfg.intensity * dayLevel(cfg.dayCurve, h);
}

/** Contacts per minute the planners expect on `channel` at local hour `h` (the incident is not planned). */
export function plannedContactsPerMinute(cfg: ModelConfig, channel: SimChannel, h: number): number {
  return ordersPerMinute(cfg, h) * cfg.contactRate * cfg.channels[channel].share;
}

/** Minutes one contact keeps one agent slot: the pickup plus the handle time. */
export function slotMinutes(p: ChannelProfile): number {
  return p.handleMinutes + (p.pickupSeconds[0] + p.pickupSeconds[1]) / 2 / 60;
}

/** Agents the roster puts on shift on `channel` at local hour `h`. */
export function plannedAgents(cfg: ModelConfig, channel: SimChannel, h: number): number {
  const p = cfg.channels[channel];
  const perAgent = p.concurrency / slotMinutes(p);
  if (p.roster === 'office') {
    const [from, to] = cfg.officeHours;
    if (h < from || h >= to) return p.minAgents;
    let perDay = 0;
    for (let q = 0; q < 96; q++) perDay += plannedContactsPerMinute(cfg, channel, q / 4) * 15;
    return Math.max(p.minAgents, Math.ceil((perDay / ((to - from) * 60) / perAgent) * cfg.staffing));
  }
  // Plan for the busier of now and the next half hour, as a roster would.
  const load = Math.max(plannedContactsPerMinute(cfg, channel, h), plannedContactsPerMinute(cfg, channel, (h + 0.5) % 24));
  return Math.max(p.minAgents, Math.ceil((load / perAgent) * cfg.staffing));
}
