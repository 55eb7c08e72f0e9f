/**
 * Where a server's 400 goes on the settings page. The server names the field in `details[].field`
 * (`channels.chat.serviceLevel`, `rules[2].window`, `receivers[1].url`) or, for a few checks, only at the
 * start of its message (`receivers[0].name: "x" is used twice`). Pure.
 */
import type { FieldProblem, RequestError } from '../api/request';

/** A form checked before it is sent: the value to send, or each field's problem keyed by its server path. */
export type Checked<V> = { ok: true; value: V } | { ok: false; errors: Record<string, string> };

const FIELD_AT_START = /^((?:[A-Za-z_$][\w$-]*|\[\d+\])(?:\.?(?:[A-Za-z_$][\w$-]*|\[\d+\]))*): (.+)$/s;

/** The fields a failed request names: its details, else the field its message starts with, else none. */
export function problemsOf(err: Pick<RequestError, 'message' | 'fields'>): FieldProblem[] {
  if (err.fields.length) return err.fields;
  const m = FIELD_AT_START.exec(err.message);
  return m ? [{ field: m[1]!, message: m[2]! }] : [];
}

/** The first message for each field. */
export function errorsByField(problems: readonly FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] ??= p.message;
  return out;
}

/** `rules[2].window` → `{ index: 2, field: 'window' }` (field '' for the element itself); null for another list. */
export function indexedField(path: string, list: string): { index: number; field: string } | null {
  const m = new RegExp(`^${list}\\[(\\d+)\\](?:\\.(.+))?$`).exec(path);
  return m ? { index: Number(m[1]), field: m[2] ?? '' } : null;
}

/** The problems of a list's elements by index, each with the field inside the element it names. */
export function errorsByIndex(problems: readonly FieldProblem[], list: string): Map<number, FieldProblem[]> {
  const out = new Map<number, FieldProblem[]>();
  for (const p of problems) {
    const at = indexedField(p.field, list);
    if (!at) continue;
    const arr = out.get(at.index) ?? [];
    arr.push({ field: at.field, message: p.message });
    out.set(at.index, arr);
  }
  return out;
}
