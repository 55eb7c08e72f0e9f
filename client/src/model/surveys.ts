/**
 * How the screens write survey figures (the wall's top strip, the readiness and leads views): the name, the
 * value (CSAT and CES as a share, NPS as a signed score), the target and the state against it. Pure.
 */
import { metricLabel, npsText } from '@shared/alert-text';
import { targetOf } from '@shared/rule-target';
import type { SurveyKind } from '@shared/surveys';
import type { Targets } from '@shared/targets';
import { NO_VALUE, percent, targetPercent } from './format';
import { type Level, targetLevel } from './levels';

/** `CSAT`, `CES`, `NPS`: the names the alerts use. */
export const surveyLabel = (kind: SurveyKind): string => metricLabel(kind);

/** `68%` (CSAT, CES: the share satisfied or easy), `+32` (NPS); `—` without responses. */
export function surveyText(kind: SurveyKind, value: number | null): string {
  if (kind !== 'nps') return percent(value);
  return value === null || !Number.isFinite(value) ? NO_VALUE : npsText(value);
}

/** The best a figure can be: every response satisfied or easy, every one a promoter. */
const BEST: Record<SurveyKind, number> = { csat: 1, ces: 1, nps: 100 };

/** The target across channels (CSAT always; CES and NPS when set), null when there is none. */
export const surveyTarget = (kind: SurveyKind, targets: Targets): number | null => targetOf(kind, 'total', targets);

/** The target as it reads next to the figure: `≥ 65%`, `≥ +20`; null without one. */
export function surveyTargetText(kind: SurveyKind, targets: Targets): string | null {
  const t = surveyTarget(kind, targets);
  if (t === null) return null;
  return `≥ ${kind === 'nps' ? npsText(t) : targetPercent(t)}`;
}

/** The state of a figure against its target (a floor); null without a target. */
export function surveyLevel(kind: SurveyKind, value: number | null, targets: Targets): Level | null {
  const t = surveyTarget(kind, targets);
  return t === null ? null : targetLevel(value, t, 'min', BEST[kind]);
}
