import { useState } from 'react';
import { CONNECTOR_TYPES, type ConnectorHealth, type ConnectorTypeName, type PublicConnector } from '@shared/connectors';
import { putConnectors } from '../../api/connectorsApi';
import { type ConnectorDraft, checkConnectorDrafts, connectorDrafts, newConnectorDraft } from '../../model/connectorsForm';
import { ConnectorHealthList } from './ConnectorHealthList';
import { FieldError, ListActions } from './SectionStatus';
import { useListEditor } from './useListEditor';

/**
 * Contact systems that post their own webhooks: add, edit or remove one (type, name, secret, maps), and per
 * connector its webhook URL, health, refusals, sample and a test event. Secrets are never shown.
 */
export function ConnectorsSection({ token, connectors, health, canSave }: {
  token: string; connectors: PublicConnector[]; health: ConnectorHealth[]; canSave: boolean;
}) {
  const [saved, setSaved] = useState<PublicConnector[]>(connectors);
  const { drafts, setDrafts, errors, state, edit, save } = useListEditor({
    list: 'connectors', noun: 'connector', initial: connectorDrafts(connectors), toDrafts: connectorDrafts, onSaved: setSaved,
    check: (ds: ConnectorDraft[]) => {
      const c = checkConnectorDrafts(ds);
      return c.ok ? { ok: true as const, value: c.connectors } : c;
    },
    put: (list: unknown[]) => putConnectors(token, list),
  });

  return (
    <section className="panel settings-section" id="connectors" aria-labelledby="connectors-h">
      <h2 id="connectors-h" className="panel-title">Connectors</h2>
      <p className="section-help">
        Contact systems that post their own webhooks (docs/CONNECTORS.md). Options: a JSON object with <code>channels</code>,{' '}
        <code>queues</code>, <code>statuses</code>, <code>agentChannel</code>, and a generic connector's <code>mapping</code>.
      </p>
      {drafts.length === 0 ? <p className="dim">No connectors: events come through the event API only.</p> : (
        <table className="receivers-edit" data-testid="connectors">
          <thead><tr><th>Name</th><th>Type</th><th>Secret</th><th>Silent after (min)</th><th>Options</th><th /></tr></thead>
          <tbody>
            {drafts.map((d, i) => {
              const at = `connectors[${i}]`;
              const err = (f: string) => errors[`${at}.${f}`] ?? (f === 'options' ? Object.entries(errors).find(([k]) => /\.(channels|queues|statuses|agentChannel|mapping)/.test(k) && k.startsWith(at))?.[1] : undefined);
              return (
                <tr key={d.key} data-testid={`connector-${i}`}>
                  <td>
                    <input value={d.name} onChange={(e) => edit(i, { name: e.target.value })} aria-label="Name" aria-invalid={Boolean(err('name'))} size={14} placeholder="chat-eu" />
                    <FieldError message={err('name')} testId={`error-${at}.name`} />
                  </td>
                  <td>
                    <select value={d.type} onChange={(e) => edit(i, { type: e.target.value as ConnectorTypeName })} aria-label="Type">
                      {CONNECTOR_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
                    </select>
                    <FieldError message={err('type')} testId={`error-${at}.type`} />
                  </td>
                  <td>
                    <input
                      type="password" autoComplete="new-password" value={d.secret} onChange={(e) => edit(i, { secret: e.target.value })}
                      aria-label="Secret" aria-invalid={Boolean(err('secret'))} size={20} placeholder={d.hasSecret ? 'stored — empty keeps it' : 'required'}
                    />
                    <FieldError message={err('secret')} testId={`error-${at}.secret`} />
                  </td>
                  <td>
                    <input value={d.silentAfter} onChange={(e) => edit(i, { silentAfter: e.target.value })} aria-label="Silent after" size={4} placeholder="10" inputMode="numeric" />
                    <FieldError message={err('silentAfter')} testId={`error-${at}.silentAfter`} />
                  </td>
                  <td className="wide">
                    <textarea value={d.options} onChange={(e) => edit(i, { options: e.target.value })} aria-label="Options" rows={3} cols={36} spellCheck={false} placeholder='{"channels": {"Channel::Api": "chat"}}' />
                    <FieldError message={err('options')} testId={`error-${at}.options`} />
                  </td>
                  <td><button type="button" className="danger" onClick={() => setDrafts((ds) => ds.filter((_, k) => k !== i))}>Remove</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ListActions list="connectors" noun="connector" canSave={canSave} state={state} onSave={() => void save()} onAdd={() => setDrafts((ds) => [...ds, newConnectorDraft()])} />
      <ConnectorHealthList token={token} connectors={saved} initial={health} canTest={canSave} />
    </section>
  );
}
