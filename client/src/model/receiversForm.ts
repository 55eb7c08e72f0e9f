/**
 * The receivers editor: name, type, URL, and a secret that is never shown. A receiver with a stored secret
 * keeps it unless a new one is typed (the server keeps a secret left out). Checked with the API's own schema.
 * Pure.
 */
import { type ReceiverType, listIssues, receiverListSchema } from '@shared/alerts';
import type { PublicReceiver, ReceiverInput } from '../api/settingsApi';

export interface ReceiverDraft {
  key: string;
  name: string;
  type: ReceiverType;
  url: string;
  /** Typed here: empty keeps the stored secret (or sends none). */
  secret: string;
  /** A secret is stored for this name on the server. */
  hasSecret: boolean;
}

let seq = 0;
const nextKey = () => `receiver-${++seq}`;

export const receiverDrafts = (list: readonly PublicReceiver[]): ReceiverDraft[] =>
  list.map((r) => ({ key: nextKey(), name: r.name, type: r.type, url: r.url, secret: '', hasSecret: r.hasSecret }));

export const newReceiverDraft = (): ReceiverDraft => ({ key: nextKey(), name: '', type: 'webhook', url: '', secret: '', hasSecret: false });

export type ReceiversCheck = { ok: true; receivers: ReceiverInput[] } | { ok: false; errors: Record<string, string> };

/**
 * Every draft checked with the API's own schema (shared/alerts.ts's receiverListSchema: names, types, http(s)
 * URLs that are not link-local or a cloud's metadata service, secrets, no name twice); secrets typed are sent,
 * empty ones left out. Errors are keyed by the server's paths (`receivers[1].url`), first problem per field.
 */
export function checkReceiverDrafts(drafts: readonly ReceiverDraft[]): ReceiversCheck {
  const out: ReceiverInput[] = drafts.map((d) => ({ name: d.name.trim(), type: d.type, url: d.url.trim(), ...(d.secret ? { secret: d.secret } : {}) }));
  const p = receiverListSchema.safeParse(out);
  if (p.success) return { ok: true, receivers: out };
  const errors: Record<string, string> = {};
  for (const { field, message } of listIssues(p.error, 'receivers')) errors[field] ??= message;
  return { ok: false, errors };
}
