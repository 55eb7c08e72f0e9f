import { z } from 'zod';
import type { AgentStatus } from './channels';
import { type EVENT_TYPES, eventIdSchema } from './events';
import type { SurveyKind } from './surveys';

/** At most this many ids per retraction, in a body of at most this many bytes. */
export const RETRACT_MAX_IDS = 500;
export const RETRACT_BODY_BYTES = 128 * 1024;

/** `POST /api/v1/events/retract`: the ids of the events to withdraw. */
export const retractSchema = z.strictObject({
  ids: z.array(eventIdSchema, { error: 'is required: an array of event ids' })
    .min(1, 'must name at least one event id')
    .max(RETRACT_MAX_IDS, `must name at most ${RETRACT_MAX_IDS} event ids`),
}, { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field ${iss.keys.map((k) => `"${k}"`).join(', ')}: only "ids"` : 'body must be {"ids": ["<event id>", ...]}') });

export type RetractRequest = z.infer<typeof retractSchema>;

/** The reply: how many of the (distinct) ids are withdrawn (now or before), and how many are not known. */
export interface RetractResult {
  retracted: number;
  unknown: number;
}

/**
 * What an event did, as the server keeps it for the duplicate window: the fields the figures use (a survey's
 * contactId and reason are not kept). Times in epoch ms.
 */
export interface RecordedEvent {
  type: (typeof EVENT_TYPES)[number];
  at: number;
  channel?: string;
  contactId?: string;
  queue?: string;
  reason?: string;
  count?: number;
  /** `survey.submitted`: csat, ces or nps. */
  kind?: SurveyKind;
  score?: number;
  agentId?: string;
  status?: AgentStatus;
}

/**
 * `applied`: counted in the figures; `retracted`: withdrawn (or retracted before it arrived: `event` null);
 * `unknown`: never received, or received longer ago than the duplicate window.
 */
export const EVENT_STATES = ['applied', 'retracted', 'unknown'] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** `GET /api/v1/events/<id>`. */
export interface EventLookup {
  id: string;
  state: EventState;
  event: RecordedEvent | null;
}
