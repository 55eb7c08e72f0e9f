/**
 * The receivers editor: name, type, URL, and a secret that is never shown. A receiver with a stored secret
 * keeps it unless a new one is typed (the server keeps a secret left out). Checked as shared/alerts.ts's
 * receiverSchema does, with messages keyed by the server's paths (`receivers[1].url`). Pure.
 */
import { RECEIVER_TYPES, type ReceiverType } from '@shared/alerts';
import { receiverUrlProblem } from '@shared/receiver-url';
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

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** True for an absolute http(s) URL. */
export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export type ReceiversCheck = { ok: true; receivers: ReceiverInput[] } | { ok: false; errors: Record<string, string> };

/** Every draft checked; secrets typed are sent, empty ones left out. */
export function checkReceiverDrafts(drafts: readonly ReceiverDraft[]): ReceiversCheck {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  const out: ReceiverInput[] = drafts.map((d, i) => {
    const at = `receivers[${i}]`;
    const name = d.name.trim();
    if (!NAME.test(name)) errors[`${at}.name`] = 'Letters, digits, "_", "." or "-" (1-64).';
    else if (seen.has(name)) errors[`${at}.name`] = `"${name}" is used twice.`;
    seen.add(name);
    if (!(RECEIVER_TYPES as readonly string[]).includes(d.type)) errors[`${at}.type`] = `One of ${RECEIVER_TYPES.join(', ')}.`;
    const url = d.url.trim();
    const refused = receiverUrlProblem(url, 'unknown'); // the server's allow list decides internal addresses
    if (!isHttpUrl(url)) errors[`${at}.url`] = 'An http(s) URL.';
    else if (refused) errors[`${at}.url`] = `${refused.charAt(0).toUpperCase()}${refused.slice(1)}.`;
    const secret = d.secret;
    if (secret && (secret.length < 8 || secret.length > 256)) errors[`${at}.secret`] = '8 to 256 characters (empty keeps the stored one).';
    return { name, type: d.type, url, ...(secret ? { secret } : {}) };
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, receivers: out };
}
