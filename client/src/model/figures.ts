/**
 * What the wall shows, computed from a snapshot and the screen's clock: each figure's text and its state
 * against its target. Pure, so every rule is unit-tested without a browser.
 */
import type { Alert } from '@shared/alerts';
import type { ChannelSnapshot, Snapshot } from '@shared/snapshot';
import type { ChannelTargets } from '@shared/targets';
import { DEFAULT_DISPLAY } from '@shared/display';
import type { SurveyKind } from '@shared/surveys';
import { ageSeconds, count, duration, perOrder, percent, targetPercent, threshold } from './format';
import { type Level, severityLevel, targetLevel, worstLevel } from './levels';
import { surveyLabel, surveyLevel, surveyTargetText, surveyText } from './surveys';

export interface Figure {
  text: string;
  /** State against the target; null when the figure has no target. */
  level: Level | null;
}

export interface ChannelFigures {
  channel: string;
  waiting: Figure;
  /** Ticks with the clock: age of the longest-waiting contact. */
  oldestWait: Figure;
  sl15m: Figure;
  slToday: Figure;
  asa: Figure;
  abandon15m: Figure;
  open: Figure;
  oldestOpen: Figure;
  /** `≥ 80% in 2m`, or null without targets. */
  slTarget: string | null;
  /** `≤ 5%`, or null without targets. */
  abandonTarget: string | null;
  /** `≤ 24h` for channels with an oldest-open ceiling (email), else null. */
  oldestOpenTarget: string | null;
  /**
   * The card's header and frame: the worst of the channel's figures' levels and of the alerts firing on the
   * channel (critical: breach, warning: warn), so the header never reads OK while an alert fires there.
   */
  overall: Level | null;
}

export interface TotalsFigures {
  contactRateToday: Figure;
  contactRate60m: Figure;
  ordersToday: Figure;
  contactRateTarget: string;
  /** The survey the top strip shows (the display setting; CSAT by default): today and the last 60 minutes. */
  survey: { kind: SurveyKind; label: string; today: Figure; h60: Figure; target: string | null };
}

const plain = (text: string): Figure => ({ text, level: null });

/** The levels of the alerts firing on `channel` (not pending ones: those have not fired yet). */
export function firingLevels(channel: string, alerts: readonly Pick<Alert, 'channel' | 'state' | 'severity'>[]): Level[] {
  return alerts.filter((a) => a.channel === channel && a.state === 'firing').map((a) => severityLevel(a.severity));
}

/**
 * The figures of one channel at `now` (epoch ms, the screen's clock). Targets may be missing (no states).
 * `alerts`: the snapshot's alerts; those firing on this channel count in its overall state.
 */
export function channelFigures(
  channel: string, ch: ChannelSnapshot, t: ChannelTargets | undefined, now: number,
  alerts: readonly Pick<Alert, 'channel' | 'state' | 'severity'>[],
): ChannelFigures {
  const m15 = ch.windows['15m'];
  const today = ch.windows.today;
  const waitAge = ageSeconds(ch.oldestWaitingSince, now);
  const openAge = ageSeconds(ch.oldestOpenSince, now);
  // Nobody waiting is the best a queue can be: no age to show, but not "no data" either.
  const oldestWait: Figure = waitAge === null && ch.waiting === 0
    ? { text: duration(null), level: t ? 'ok' : null }
    : { text: duration(waitAge), level: t ? targetLevel(waitAge, t.slThresholdSeconds, 'max') : null };
  const fig = {
    channel,
    waiting: plain(count(ch.waiting)),
    oldestWait,
    sl15m: { text: percent(m15.serviceLevel), level: t ? targetLevel(m15.serviceLevel, t.serviceLevel, 'min') : null },
    slToday: { text: percent(today.serviceLevel), level: t ? targetLevel(today.serviceLevel, t.serviceLevel, 'min') : null },
    asa: plain(duration(m15.asa === null ? null : Math.round(m15.asa))),
    abandon15m: { text: percent(m15.abandonRate, 1), level: t ? targetLevel(m15.abandonRate, t.abandonRate, 'max') : null },
    open: plain(count(ch.open)),
    oldestOpen: openAge === null && ch.open === 0
      ? { text: duration(null), level: t?.oldestOpenSeconds ? 'ok' as const : null }
      : { text: duration(openAge), level: t?.oldestOpenSeconds ? targetLevel(openAge, t.oldestOpenSeconds, 'max') : null },
    slTarget: t ? `≥ ${targetPercent(t.serviceLevel)} in ${threshold(t.slThresholdSeconds)}` : null,
    abandonTarget: t ? `≤ ${targetPercent(t.abandonRate)}` : null,
    oldestOpenTarget: t?.oldestOpenSeconds ? `≤ ${threshold(t.oldestOpenSeconds)}` : null,
  };
  const figures = [fig.oldestWait.level, fig.sl15m.level, fig.abandon15m.level, fig.oldestOpen.level];
  return { ...fig, overall: worstLevel([...figures, ...firingLevels(channel, alerts)]) };
}

/** The across-channel figures: contact rate, the survey the display setting picks (CSAT by default) and orders. */
export function totalsFigures(s: Snapshot): TotalsFigures {
  const { today } = s.totals.windows;
  const h = s.totals.windows['60m'];
  const { contactRate } = s.targets;
  const kind = (s.display ?? DEFAULT_DISPLAY).wallSurvey;
  const survey = (v: number | null): Figure => ({ text: surveyText(kind, v), level: surveyLevel(kind, v, s.targets) });
  return {
    contactRateToday: { text: perOrder(today.contactRate), level: targetLevel(today.contactRate, contactRate, 'max') },
    contactRate60m: { text: perOrder(h.contactRate), level: targetLevel(h.contactRate, contactRate, 'max') },
    ordersToday: plain(count(today.orders)),
    contactRateTarget: `≤ ${targetPercent(contactRate)}`,
    survey: { kind, label: surveyLabel(kind), today: survey(today[kind]), h60: survey(h[kind]), target: surveyTargetText(kind, s.targets) },
  };
}

/** The channels to show, in the snapshot's order. */
export function channelOrder(s: Snapshot): string[] {
  return Object.keys(s.channels);
}
