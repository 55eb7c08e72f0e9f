/**
 * Client of `GET /api/v1/readiness` and `POST /api/v1/annotations`. The reply shapes are those of
 * server/readiness/readiness.ts and targets-table.ts, written here because shared/ does not declare them.
 */
import type { Annotation } from '@shared/annotations';
import { apiRequest } from './request';

export interface IntervalFigures {
  /** Interval start, epoch ms. */
  start: number;
  /** Arrivals so far; null for an interval that has not started. */
  actual: number | null;
  forecast: number | null;
  /** `(actual − forecast) / forecast` of a complete interval; null without a forecast (or a forecast of 0). */
  deviation: number | null;
  complete: boolean;
}

export type ForecastSource = 'uploaded' | 'last-week' | 'none';

export interface ChannelReadiness {
  forecastSource: ForecastSource;
  intervals: IntervalFigures[];
  today: { actual: number; forecast: number | null; deviation: number | null };
  agentsAvailable: number;
  agentsStaffed: number;
  agentsRequired: number;
  agentsRequiredNext: number | null;
  next: { start: number; forecast: number | null };
  load: {
    arrivalsPerHour: number;
    ahtSeconds: number;
    ahtSource: '60m' | 'today' | 'default';
    concurrency: number;
    erlangs: number;
    serviceLevelTarget: number;
    thresholdSeconds: number;
  };
  occupancy: number | null;
  serviceLevel: number | null;
  asa: number | null;
  open: number;
  closedPerHour: number;
  timeToClear: number | 'growing' | null;
}

export type TargetState = 'ok' | 'warning' | 'breach' | 'no-data';

export interface TargetRow {
  name: 'serviceLevel' | 'abandonRate' | 'contactRate' | 'csat' | 'oldestOpen';
  channel?: string;
  direction: 'min' | 'max';
  target: number;
  /** Fractions 0-1; seconds for oldestOpen. */
  actual: number | null;
  state: TargetState;
}

export interface Readiness {
  at: number;
  timeZone: string;
  day: string;
  intervalMinutes: number;
  channels: Record<string, ChannelReadiness>;
  targets: TargetRow[];
}

export const fetchReadiness = (token: string, signal?: AbortSignal) =>
  apiRequest<Readiness>(token, 'GET', '/readiness', { signal });

export interface NewAnnotation {
  text: string;
  start: number;
  end?: number | null;
  channel?: string | null;
}

/** Adds an incident note (lead); the reply is the note as stored. */
export const addAnnotation = (token: string, a: NewAnnotation) =>
  apiRequest<Annotation>(token, 'POST', '/annotations', { body: a });
