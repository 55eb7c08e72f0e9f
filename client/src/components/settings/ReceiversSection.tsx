import { RECEIVER_TYPES, type ReceiverType } from '@shared/alerts';
import { type PublicReceiver, putReceivers } from '../../api/settingsApi';
import { type ReceiverDraft, checkReceiverDrafts, newReceiverDraft, receiverDrafts } from '../../model/receiversForm';
import { FieldError, ListActions } from './SectionStatus';
import { useListEditor } from './useListEditor';

const TYPE_HELP: Record<ReceiverType, string> = {
  webhook: 'JSON POST, signed (HMAC-SHA256) with the secret',
  slack: 'Slack-compatible incoming webhook',
  alertmanager: 'Prometheus Alertmanager (POST /api/v2/alerts)',
};

/** Where alerts go: webhooks, Slack, Alertmanager. Secrets are never shown; an empty secret keeps the stored one. */
export function ReceiversSection({ token, receivers, canSave }: { token: string; receivers: PublicReceiver[]; canSave: boolean }) {
  const { drafts, setDrafts, errors, state, edit, save } = useListEditor({
    list: 'receivers', noun: 'receiver', initial: receiverDrafts(receivers), toDrafts: receiverDrafts,
    check: (ds: ReceiverDraft[]) => {
      const c = checkReceiverDrafts(ds);
      return c.ok ? { ok: true as const, value: c.receivers } : c;
    },
    put: (rs: Parameters<typeof putReceivers>[1]) => putReceivers(token, rs),
  });

  return (
    <section className="panel settings-section" id="receivers" aria-labelledby="receivers-h">
      <h2 id="receivers-h" className="panel-title">Receivers</h2>
      <p className="section-help">Rules route to these by name (<code>*</code>: all). A rule that routes to a receiver must change before the receiver can go.</p>
      {drafts.length === 0 ? <p className="dim">No receivers: alerts show on the screens only.</p> : (
        <table className="receivers-edit" data-testid="receivers">
          <thead><tr><th>Name</th><th>Type</th><th>URL</th><th>Secret</th><th /></tr></thead>
          <tbody>
            {drafts.map((d, i) => {
              const at = `receivers[${i}]`;
              return (
                <tr key={d.key} data-testid={`receiver-${i}`}>
                  <td>
                    <input value={d.name} onChange={(e) => edit(i, { name: e.target.value })} aria-label="Name" aria-invalid={Boolean(errors[`${at}.name`])} size={14} />
                    <FieldError message={errors[`${at}.name`]} testId={`error-${at}.name`} />
                  </td>
                  <td>
                    <select value={d.type} onChange={(e) => edit(i, { type: e.target.value as ReceiverType })} aria-label="Type" title={TYPE_HELP[d.type]}>
                      {RECEIVER_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
                    </select>
                    <FieldError message={errors[`${at}.type`]} testId={`error-${at}.type`} />
                  </td>
                  <td className="wide">
                    <input value={d.url} onChange={(e) => edit(i, { url: e.target.value })} aria-label="URL" aria-invalid={Boolean(errors[`${at}.url`])} placeholder="https://…" />
                    <FieldError message={errors[`${at}.url`]} testId={`error-${at}.url`} />
                  </td>
                  <td>
                    <input
                      type="password" autoComplete="new-password" value={d.secret} onChange={(e) => edit(i, { secret: e.target.value })}
                      aria-label="Secret" aria-invalid={Boolean(errors[`${at}.secret`])} size={24}
                      placeholder={d.hasSecret ? 'stored — empty keeps it' : 'none'}
                    />
                    <FieldError message={errors[`${at}.secret`]} testId={`error-${at}.secret`} />
                  </td>
                  <td><button type="button" className="danger" onClick={() => setDrafts((ds) => ds.filter((_, k) => k !== i))}>Remove</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ListActions list="receivers" noun="receiver" canSave={canSave} state={state} onSave={() => void save()} onAdd={() => setDrafts((ds) => [...ds, newReceiverDraft()])} />
    </section>
  );
}
