/**
 * How the screens write survey figures (the wall's top strip, the readiness and leads views): the name, the
 * value (CSAT and CES as a share, NPS as a signed score), the target and the state against it. Pure.
 */
import { metricLabel, npsText } from '@shared/alert-text';
import { targetOf } from '@shared/rule-target';
import type { WindowName } from '@shared/channels';
import type { Snapshot, WindowFigures } from '@shared/snapshot';
import { SURVEY_KINDS, type SurveyKind } from '@shared/surveys';
import type { Targets } from '@shared/targets';
import { NO_VALUE, count, percent, targetPercent } from './format';
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

/** One survey's figure in a table cell: the value, its state, and how many responses it rests on. */
export interface SurveyCell {
  text: string;
  level: Level | null;
  responses: string;
  /** CES: the mean score (`5.4`), beside the share. */
  mean?: string;
}

export interface SurveyRow {
  /** `total` or the channel. */
  key: string;
  label: string;
  cells: Record<SurveyKind, SurveyCell>;
}

type SurveyFigures = Pick<WindowFigures, 'csat' | 'csatResponses' | 'ces' | 'cesMean' | 'cesResponses' | 'nps' | 'npsResponses'>;
const RESPONSES = { csat: 'csatResponses', ces: 'cesResponses', nps: 'npsResponses' } as const satisfies Record<SurveyKind, keyof SurveyFigures>;

function cells(f: SurveyFigures, targets: Targets): Record<SurveyKind, SurveyCell> {
  const cell = (kind: SurveyKind): SurveyCell => {
    const n = f[RESPONSES[kind]];
    return {
      text: surveyText(kind, f[kind]), level: surveyLevel(kind, f[kind], targets), responses: `${count(n)} ${n === 1 ? 'response' : 'responses'}`,
      ...(kind === 'ces' && f.cesMean !== null ? { mean: `mean ${f.cesMean.toFixed(1)}` } : {}),
    };
  };
  return Object.fromEntries(SURVEY_KINDS.map((k) => [k, cell(k)])) as Record<SurveyKind, SurveyCell>;
}

/** The surveys of one window across channels, then per channel, against the targets across channels. */
export function surveyRows(s: Snapshot, window: WindowName): SurveyRow[] {
  return [
    { key: 'total', label: 'All channels', cells: cells(s.totals.windows[window], s.targets) },
    ...Object.entries(s.channels).map(([ch, c]) => ({ key: ch, label: ch, cells: cells(c.windows[window], s.targets) })),
  ];
}
