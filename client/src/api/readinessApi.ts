/** Client of `GET /api/v1/readiness` and `POST /api/v1/annotations` (reply shapes in shared/readiness.ts). */
import type { Annotation } from '@shared/annotations';
import type { Readiness } from '@shared/readiness';
import { apiRequest } from './request';

export type { ChannelReadiness, ForecastSource, IntervalFigures, Readiness, TargetRow, TargetState } from '@shared/readiness';

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
