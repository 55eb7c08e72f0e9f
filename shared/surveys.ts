/**
 * Survey kinds of `survey.submitted` and the score each accepts. Which scores count as satisfied (CSAT 4-5),
 * easy (CES 5-7), promoter (NPS 9-10) or detractor (NPS 0-6) is decided once, at ingest, by
 * server/store/lua/includes/survey.lua; the formulas over those counts are in shared/metrics.ts.
 */
export const SURVEY_SCALES = {
  /** Customer satisfaction, 1-5. */
  csat: { min: 1, max: 5 },
  /** Customer effort, 1-7 (7: very easy). */
  ces: { min: 1, max: 7 },
  /** Net promoter, 0-10 (likelihood to recommend). */
  nps: { min: 0, max: 10 },
} as const;

export type SurveyKind = keyof typeof SURVEY_SCALES;
export const SURVEY_KINDS = Object.keys(SURVEY_SCALES) as SurveyKind[];

/** How a score must look for its kind, e.g. "an integer 0-10". */
export const scoreRangeText = (kind: SurveyKind): string => `an integer ${SURVEY_SCALES[kind].min}-${SURVEY_SCALES[kind].max}`;
