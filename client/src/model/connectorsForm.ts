/**
 * The connectors editor: name, type, a secret that is never shown, minutes before silent, and the maps as one
 * JSON object (`channels`, `queues`, `statuses`, `agentChannel`, and a generic connector's `mapping`). Checked
 * with the API's own schema (shared/connectors.ts) before it is sent. Pure.
 */
import { listIssues } from '@shared/alerts';
import { type ConnectorInput, type ConnectorTypeName, type PublicConnector, connectorListSchema } from '@shared/connectors';

export interface ConnectorDraft {
  key: string;
  name: string;
  type: ConnectorTypeName;
  /** Typed here: empty keeps the stored secret. */
  secret: string;
  hasSecret: boolean;
  /** Minutes, as typed ('' for the default). */
  silentAfter: string;
  /** The maps and mapping, as a JSON object typed by the admin. */
  options: string;
}

const OPTION_KEYS = ['channels', 'queues', 'statuses', 'agentChannel', 'mapping'] as const;

let seq = 0;
const nextKey = () => `connector-${++seq}`;

function optionsText(c: PublicConnector): string {
  const o = Object.fromEntries(OPTION_KEYS.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
  return Object.keys(o).length ? JSON.stringify(o, null, 2) : '';
}

export const connectorDrafts = (list: readonly PublicConnector[]): ConnectorDraft[] => list.map((c) => ({
  key: nextKey(), name: c.name, type: c.type, secret: '', hasSecret: c.hasSecret,
  silentAfter: c.silentAfter === undefined ? '' : String(c.silentAfter), options: optionsText(c),
}));

export const newConnectorDraft = (): ConnectorDraft => ({ key: nextKey(), name: '', type: 'chatwoot', secret: '', hasSecret: false, silentAfter: '', options: '' });

export type ConnectorsCheck = { ok: true; connectors: ConnectorInput[] } | { ok: false; errors: Record<string, string> };

/** Every draft read and checked; errors keyed by the server's paths (`connectors[1].secret`), first per field. */
export function checkConnectorDrafts(drafts: readonly ConnectorDraft[]): ConnectorsCheck {
  const errors: Record<string, string> = {};
  const out = drafts.map((d, i) => {
    let options: Record<string, unknown> = {};
    if (d.options.trim()) {
      try {
        const parsed = JSON.parse(d.options) as unknown;
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        options = parsed as Record<string, unknown>;
      } catch {
        errors[`connectors[${i}].options`] = 'must be a JSON object, e.g. {"channels": {"Channel::Api": "chat"}}';
      }
    }
    const silent = d.silentAfter.trim();
    return {
      ...options, name: d.name.trim(), type: d.type, ...(d.secret ? { secret: d.secret } : {}),
      ...(silent ? { silentAfter: Number(silent) } : {}),
    };
  });
  const p = connectorListSchema.safeParse(out);
  if (!p.success) for (const { field, message } of listIssues(p.error, 'connectors')) errors[field] ??= message;
  drafts.forEach((d, i) => { if (!d.hasSecret && !d.secret) errors[`connectors[${i}].secret`] ??= 'is required for a new connector'; });
  return Object.keys(errors).length || !p.success ? { ok: false, errors } : { ok: true, connectors: p.data };
}
