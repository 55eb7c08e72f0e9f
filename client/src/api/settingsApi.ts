/** Client of the admin's routes: targets, the display settings, rules, receivers, the arrivals forecast, finding and retracting events. */
import type { ReceiverType, Rule } from '@shared/alerts';
import type { EventLookup, RetractRequest, RetractResult } from '@shared/retract';
import type { Targets } from '@shared/targets';
import type { DisplaySettings } from '@shared/display';
import type { ForecastSource } from './readinessApi';
import { apiRequest } from './request';

/** A receiver as the server shows it: never its secret, only whether one is stored. */
export interface PublicReceiver {
  name: string;
  type: ReceiverType;
  url: string;
  hasSecret: boolean;
}

/** A receiver as sent: a secret left out keeps the stored one. */
export interface ReceiverInput {
  name: string;
  type: ReceiverType;
  url: string;
  secret?: string;
}

/** `PUT /forecast`'s reply: rows read, and per day the intervals stored for each channel. */
export interface ForecastStored {
  rows: number;
  stored: Record<string, Record<string, number>>;
}

export interface DayForecast {
  day: string;
  timeZone: string;
  intervalMinutes: number;
  channels: Record<string, { source: ForecastSource; uploadedAt: number | null; intervals: { start: number; forecast: number | null }[] }>;
}

export const getTargets = (token: string, signal?: AbortSignal) => apiRequest<Targets>(token, 'GET', '/targets', { signal });
export const putTargets = (token: string, t: Targets) => apiRequest<Targets>(token, 'PUT', '/targets', { body: t });

export const getDisplay = (token: string, signal?: AbortSignal) => apiRequest<DisplaySettings>(token, 'GET', '/display', { signal });
export const putDisplay = (token: string, d: DisplaySettings) => apiRequest<DisplaySettings>(token, 'PUT', '/display', { body: d });

export const getRules = (token: string, signal?: AbortSignal) => apiRequest<Rule[]>(token, 'GET', '/rules', { signal });
/** Rules are sent as the admin wrote them (unknown values too): the server names what is wrong. */
export const putRules = (token: string, rules: unknown[]) => apiRequest<Rule[]>(token, 'PUT', '/rules', { body: rules });

export const getReceivers = (token: string, signal?: AbortSignal) => apiRequest<PublicReceiver[]>(token, 'GET', '/receivers', { signal });
export const putReceivers = (token: string, rs: ReceiverInput[]) => apiRequest<PublicReceiver[]>(token, 'PUT', '/receivers', { body: rs });

export const getForecast = (token: string, signal?: AbortSignal) => apiRequest<DayForecast>(token, 'GET', '/forecast', { signal });

/** Uploads a forecast file as it is: CSV (`text/csv`) or a JSON array (`application/json`). */
export const putForecast = (token: string, body: string, contentType: 'text/csv' | 'application/json') =>
  apiRequest<ForecastStored>(token, 'PUT', '/forecast', { body, contentType });

/** What an event was and whether it counts (`GET /events/<id>`, admin). */
export const findEvent = (token: string, id: string) => apiRequest<EventLookup>(token, 'GET', `/events/${encodeURIComponent(id)}`);
/** Withdraws events by id (`POST /events/retract`, admin). */
export const retractEvents = (token: string, body: RetractRequest) => apiRequest<RetractResult>(token, 'POST', '/events/retract', { body });
