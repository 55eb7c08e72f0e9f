import { z } from 'zod';
import { SURVEY_KINDS } from './surveys';

/**
 * How the screens show the figures, set by an admin on the settings page (`PUT /api/v1/display`), stored in
 * Redis and carried in every snapshot, so every wall follows a change without a reload.
 */
export const displaySchema = z.strictObject({
  /** The survey the wall's top strip shows (today and the last 60 minutes, across channels). */
  wallSurvey: z.enum(SURVEY_KINDS, { error: `must be one of ${SURVEY_KINDS.join(', ')}` }),
});
export type DisplaySettings = z.infer<typeof displaySchema>;

export const DEFAULT_DISPLAY: DisplaySettings = { wallSurvey: 'csat' };

/** The stored settings over the defaults; a stored value that no longer parses reads as its default. */
export function displayOf(stored: Record<string, unknown>): DisplaySettings {
  const wallSurvey = displaySchema.shape.wallSurvey.safeParse(stored.wallSurvey);
  return { wallSurvey: wallSurvey.success ? wallSurvey.data : DEFAULT_DISPLAY.wallSurvey };
}
