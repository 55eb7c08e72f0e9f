/** Reading webhook bodies, shared by the source types: each throws ConnectorInputError on a body it cannot read. */
import { ConnectorInputError } from './connector';

/** The raw body as JSON. */
export function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') throw new ConnectorInputError('body is empty: a JSON body is expected');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConnectorInputError('body is not valid JSON');
  }
}

/** The raw body as form fields (`application/x-www-form-urlencoded`), first value of each name. */
export function parseForm(raw: Buffer): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) if (!(k in out)) out[k] = v;
  return out;
}

/** `v` as a plain JSON object, or null. */
export function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
