/**
 * The rules editor: one JSON text per rule, checked with the same schema and shape rules the server uses
 * (shared/alerts.ts: a window a metric needs, reason spikes across channels) before anything is sent. What only
 * the server can check (a configured channel, a receiver's name) comes back as `rules[i].field: …` and is
 * shown beside rule i. Pure.
 */
import { ruleSchema, ruleShapeProblem } from '@shared/alerts';
import { TARGET_THRESHOLD, followsTargetText, targetProblem } from '@shared/rule-target';
import type { Targets } from '@shared/targets';

export interface RuleDraft {
  /** Stable across edits (React key), not sent. */
  key: string;
  text: string;
}

let seq = 0;
const nextKey = () => `rule-${++seq}`;

/** The editor's drafts for stored rules, pretty-printed. */
export function ruleDrafts(rules: readonly unknown[]): RuleDraft[] {
  return rules.map((r) => ({ key: nextKey(), text: JSON.stringify(r, null, 2) }));
}

/** A new rule to start from: valid as it stands, so the admin only changes what they mean. */
export function newRuleDraft(existingIds: readonly string[]): RuleDraft {
  let n = 1;
  while (existingIds.includes(`new-rule-${n}`)) n++;
  const rule = { id: `new-rule-${n}`, metric: 'waiting', channel: 'chat', op: '>', threshold: 20, for: 60, severity: 'warning', routes: ['*'] };
  return { key: nextKey(), text: JSON.stringify(rule, null, 2) };
}

/** The id of a draft if it has one (for names and duplicate checks), else null. */
export function draftId(text: string): string | null {
  try {
    const v = JSON.parse(text) as { id?: unknown };
    return typeof v?.id === 'string' ? v.id : null;
  } catch {
    return null;
  }
}

/**
 * `chat-service-level · serviceLevel < 0.8 · chat, 15m · critical` (a spike's basis after its metric:
 * `reasonSpike on intensity > 2`), or why it cannot be read.
 */
export function ruleSummary(text: string): string {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'not valid JSON';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  const s = (k: string) => (v[k] === undefined ? '?' : String(v[k]));
  const where = v.window === undefined ? s('channel') : `${s('channel')}, ${s('window')}`;
  const metric = v.basis === undefined ? s('metric') : `${s('metric')} on ${s('basis')}`;
  return `${s('id')} · ${metric} ${s('op')} ${s('threshold')} · ${where} · ${v.severity === undefined ? 'warning' : s('severity')}`;
}

/** A rule draft as an object, or null when it is not one. */
function draftObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `follows target (80%)` for a draft whose threshold is `"target"` (the target it reads now), else null. */
export function ruleFollowsTarget(text: string, targets: Targets): string | null {
  const p = ruleSchema.safeParse(draftObject(text));
  return p.success && !targetProblem(p.data) ? followsTargetText(p.data, targets) : null;
}

/**
 * The draft set to follow its metric's target (`"threshold": "target"`), or null when it cannot (no target for
 * its metric or its channel, not a readable rule) or already does.
 */
export function followTargetDraft(text: string): string | null {
  const v = draftObject(text);
  if (!v || v.threshold === TARGET_THRESHOLD) return null;
  const next = { ...v, threshold: TARGET_THRESHOLD };
  const p = ruleSchema.safeParse(next);
  if (!p.success || targetProblem(p.data)) return null;
  return JSON.stringify(next, null, 2);
}

/** The rule's own description (what it watches, in words), or null. */
export function ruleDescription(text: string): string | null {
  try {
    const d = (JSON.parse(text) as { description?: unknown }).description;
    return typeof d === 'string' && d.trim() ? d.trim() : null;
  } catch {
    return null;
  }
}

export type RulesCheck = { ok: true; rules: unknown[] } | { ok: false; errors: Map<number, string> };

/** Every draft parsed and checked; the rules are sent as written (the server fills in the defaults). */
export function checkRuleDrafts(drafts: readonly RuleDraft[]): RulesCheck {
  const errors = new Map<number, string>();
  const rules: unknown[] = [];
  const seen = new Map<string, number>();
  drafts.forEach((d, i) => {
    let value: unknown;
    try {
      value = JSON.parse(d.text);
    } catch (err) {
      errors.set(i, `Not valid JSON: ${(err as Error).message}`);
      return;
    }
    const p = ruleSchema.safeParse(value);
    if (!p.success) {
      const issue = p.error.issues[0]!;
      const path = issue.path.map(String).join('.');
      errors.set(i, path ? `${path}: ${issue.message}` : issue.message);
      return;
    }
    const shape = ruleShapeProblem(p.data);
    if (shape) {
      errors.set(i, `${shape.field}: ${shape.message}`);
      return;
    }
    const first = seen.get(p.data.id);
    if (first !== undefined) errors.set(i, `id: "${p.data.id}" is also the id of rule ${first + 1}`);
    seen.set(p.data.id, i);
    rules.push(value);
  });
  return errors.size ? { ok: false, errors } : { ok: true, rules };
}
