/**
 * The targets form: what the admin types (percentages, whole seconds, empty for "none") against the API's
 * shape (fractions 0-1, seconds, null), checked field by field with the limits of shared/targets.ts's schema
 * (read from it, not copied), then as a whole with that schema, so a bad value is named beside its field
 * before anything is sent. Field keys are the server's paths
 * (`channels.chat.serviceLevel`), so a 400 from the server lands on the same field. Pure.
 */
import { type ChannelTargets, type Targets, channelTargetsSchema, fieldRange, targetsSchema } from '@shared/targets';
import { threshold } from './format';
import type { Checked } from './settingsErrors';

export type ChannelKey = keyof ChannelTargets;

interface FieldSpec {
  label: string;
  /** `percent`: typed 0-100, sent as a fraction; `seconds`/`count`: whole numbers; `score`: a whole number that may be negative (NPS). */
  kind: 'percent' | 'seconds' | 'count' | 'score';
  /** The API's limits, from its schema (fractions for percentages). */
  range: ReturnType<typeof fieldRange>;
  /** Empty means null (what it reads as), for the fields that allow none. */
  empty?: string;
  help: string;
}

const ch = channelTargetsSchema.shape;
export const CHANNEL_FIELDS: Record<ChannelKey, FieldSpec> = {
  serviceLevel: { label: 'SL target', kind: 'percent', range: fieldRange(ch.serviceLevel), help: 'share answered within the threshold' },
  slThresholdSeconds: { label: 'SL within', kind: 'seconds', range: fieldRange(ch.slThresholdSeconds), help: 'answered within this many seconds is in target' },
  shortAbandonSeconds: { label: 'Short abandon', kind: 'seconds', range: fieldRange(ch.shortAbandonSeconds), empty: 'none', help: 'abandons this quick do not count against SL' },
  abandonRate: { label: 'Abandon ≤', kind: 'percent', range: fieldRange(ch.abandonRate), help: 'abandon-rate ceiling' },
  oldestOpenSeconds: { label: 'Oldest open ≤', kind: 'seconds', range: fieldRange(ch.oldestOpenSeconds), empty: 'no target', help: 'oldest open contact ceiling' },
  concurrency: { label: 'Concurrency', kind: 'count', range: fieldRange(ch.concurrency), help: 'contacts an agent handles at once (readiness)' },
};
export const CHANNEL_KEYS = Object.keys(CHANNEL_FIELDS) as ChannelKey[];

export const TOTAL_FIELDS = {
  contactRate: { label: 'Contact rate ≤', kind: 'percent', range: fieldRange(targetsSchema.shape.contactRate), help: 'contacts per order, all channels' },
  csat: { label: 'CSAT ≥', kind: 'percent', range: fieldRange(targetsSchema.shape.csat), help: 'share of responses scoring 4 or 5' },
  ces: { label: 'CES ≥', kind: 'percent', range: fieldRange(targetsSchema.shape.ces), empty: 'no target', help: 'share of responses scoring 5-7 (easy)' },
  nps: { label: 'NPS ≥', kind: 'score', range: fieldRange(targetsSchema.shape.nps), empty: 'no target', help: 'promoters − detractors, −100 to 100' },
} as const satisfies Record<string, FieldSpec>;
export type TotalKey = keyof typeof TOTAL_FIELDS;
export const TOTAL_KEYS = Object.keys(TOTAL_FIELDS) as TotalKey[];

export interface TargetsForm extends Record<TotalKey, string> {
  channels: Record<string, Record<ChannelKey, string>>;
}

/** A fraction as the percentage typed: `0.8` → `80`, `0.052` → `5.2` (no float noise). */
export const toPercentText = (fraction: number) => String(Number((fraction * 100).toFixed(4)));

function toText(spec: FieldSpec, v: number | null): string {
  if (v === null) return '';
  return spec.kind === 'percent' ? toPercentText(v) : String(v);
}

/** The form as it opens, from the stored targets. */
export function targetsToForm(t: Targets): TargetsForm {
  const channels: TargetsForm['channels'] = {};
  for (const [ch, ct] of Object.entries(t.channels)) {
    channels[ch] = Object.fromEntries(CHANNEL_KEYS.map((k) => [k, toText(CHANNEL_FIELDS[k], ct[k])])) as Record<ChannelKey, string>;
  }
  const totals = Object.fromEntries(TOTAL_KEYS.map((k) => [k, toText(TOTAL_FIELDS[k], t[k] ?? null)])) as Record<TotalKey, string>;
  return { channels, ...totals };
}

type Parsed = { ok: true; value: number | null } | { ok: false; error: string };

/** One typed value against its field: the API's value, or what is wrong with it in the form's own units. */
export function parseField(spec: FieldSpec, text: string): Parsed {
  const t = text.trim().replace(/%$/, '').trim();
  if (t === '') return spec.empty ? { ok: true, value: null } : { ok: false, error: 'Required.' };
  const { min, max } = spec.range;
  if (spec.kind === 'percent') {
    const [lo, hi] = [toPercentText(min), toPercentText(max)];
    if (!/^\d+(\.\d+)?$/.test(t)) return { ok: false, error: `A percentage from ${lo} to ${hi}.` };
    const value = Number((Number(t) / 100).toFixed(8));
    if (value < min || value > max) return { ok: false, error: `A percentage from ${lo} to ${hi}.` };
    return { ok: true, value };
  }
  const unit = spec.kind === 'seconds' ? ' of seconds' : '';
  const range = max >= Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max.toLocaleString('en')}`;
  const none = spec.empty ? ` (empty: ${spec.empty})` : '';
  if (!(spec.kind === 'score' ? /^[+-]?\d+$/ : /^\d+$/).test(t)) return { ok: false, error: `A whole number${unit}, ${range}${none}.` };
  const n = Number(t);
  if (n < min || n > max) return { ok: false, error: `A whole number${unit}, ${range}${none}.` };
  return { ok: true, value: n };
}

/** A typed number of seconds as it reads (`120` → `2m`), for the hint beside the field; null when not one. */
export function secondsHint(text: string): string | null {
  const t = text.trim();
  return /^\d+$/.test(t) && Number(t) > 0 ? threshold(Number(t)) : null;
}

export type TargetsCheck = Checked<Targets>;

/** The whole form: the targets to send, or every field's problem keyed by its server path. */
export function checkTargetsForm(form: TargetsForm): TargetsCheck {
  const errors: Record<string, string> = {};
  const channels: Record<string, ChannelTargets> = {};
  for (const [ch, fields] of Object.entries(form.channels)) {
    const out: Partial<Record<ChannelKey, number | null>> = {};
    for (const k of CHANNEL_KEYS) {
      const p = parseField(CHANNEL_FIELDS[k], fields[k] ?? '');
      if (p.ok) out[k] = p.value;
      else errors[`channels.${ch}.${k}`] = p.error;
    }
    channels[ch] = out as ChannelTargets;
  }
  // An optional target left empty is sent without its field: no target.
  const totals: Partial<Record<TotalKey, number>> = {};
  for (const k of TOTAL_KEYS) {
    const p = parseField(TOTAL_FIELDS[k], form[k]);
    if (p.ok && p.value !== null) totals[k] = p.value;
    else if (!p.ok) errors[k] = p.error;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  // The API's own schema has the last word on the whole: what it refuses is refused here, on the same path.
  const whole = targetsSchema.safeParse({ channels, ...totals });
  if (!whole.success) return { ok: false, errors: Object.fromEntries(whole.error.issues.map((i) => [i.path.join('.'), i.message])) };
  return { ok: true, value: whole.data };
}
