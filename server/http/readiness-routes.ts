import { Router, json, text } from 'express';
import type { Snapshot } from '../../shared/snapshot';
import { describeProblems, parseForecastCsv, parseForecastJson, type ParseResult } from '../readiness/forecast-parse';
import { ForecastStore } from '../readiness/forecast-store';
import { dayOf, namedDay } from '../readiness/intervals';
import { computeReadiness, dayForecast, saveForecast } from '../readiness/service';
import type { Store } from '../store/store';
import type { ChannelStore } from '../store/channel-store';
import { type Credentials, requireRole } from './auth';
import { HttpError } from './errors';

export interface ReadinessRouteDeps {
  store: Store;
  channelStore?: ChannelStore;
  creds: Credentials;
  channels: readonly string[];
  timeZone: string;
  clock: () => number;
  snapshot: () => Promise<Snapshot>;
}

/** Forecast uploads: a whole peak season of 5 channels fits (20,000 rows). */
const UPLOAD_LIMIT = 2 * 1024 * 1024;

/** `/api/v1`: peak readiness and the arrivals forecast. */
export function readinessRouter(deps: ReadinessRouteDeps): Router {
  const r = Router();
  const viewer = requireRole('viewer', deps.creds);
  const admin = requireRole('admin', deps.creds);
  const forecasts = new ForecastStore(deps.store);
  const channels = new Set(deps.channels);
  const svc = { forecasts, channels: deps.channels, timeZone: deps.timeZone, snapshot: deps.snapshot, channelStore: deps.channelStore };

  r.get('/readiness', viewer, async (_req, res) => {
    res.json(await computeReadiness(svc));
  });

  r.get('/forecast', viewer, async (req, res) => {
    const now = deps.clock();
    const q = req.query.day;
    let day = dayOf(now, deps.timeZone);
    if (q !== undefined) {
      const named = typeof q === 'string' ? namedDay(q, deps.timeZone) : null;
      if (!named) throw new HttpError(400, 'day: must be a date YYYY-MM-DD', [{ field: 'day', message: 'must be a date YYYY-MM-DD' }]);
      day = named;
    }
    res.json(await dayForecast(svc, day, now));
  });

  r.put('/forecast', admin,
    text({ type: 'text/csv', limit: UPLOAD_LIMIT }),
    json({ type: 'application/json', limit: UPLOAD_LIMIT }),
    async (req, res) => {
      const ctx = { channels, timeZone: deps.timeZone, now: deps.clock() };
      let parsed: ParseResult;
      if (req.is('text/csv')) parsed = parseForecastCsv(typeof req.body === 'string' ? req.body : '', ctx);
      else if (req.is('application/json')) parsed = parseForecastJson(req.body, ctx);
      else throw new HttpError(415, 'Content-Type must be text/csv (channel,interval_start,arrivals) or application/json ([{channel, intervalStart, arrivals}])');
      if (!parsed.ok) throw new HttpError(400, describeProblems(parsed.problems), parsed.problems);
      const stored = await saveForecast(forecasts, parsed.rows, deps.timeZone, ctx.now);
      res.json({ rows: parsed.rows.length, stored });
    });

  return r;
}
