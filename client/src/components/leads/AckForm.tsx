import { useId, useState } from 'react';
import { useLeadForm } from './useLeadForm';
import { NOTE_MAX, ackBody } from '../../model/leadForms';

export interface AckFormProps {
  submit: (body: { note: string }) => Promise<void>;
  onClose: () => void;
}

/** Ack with a note (what is being done about it); the server records whose token acked. Its refusal shows beside it. */
export function AckForm({ submit, onClose }: AckFormProps) {
  const id = useId();
  const [note, setNote] = useState('');
  const { busy, error, handle } = useLeadForm(submit, onClose);

  const onSubmit = handle(() => ackBody({ note }));

  return (
    <form className="lf" onSubmit={onSubmit} noValidate data-testid="ack-form" aria-label="Ack this alert">
      <label className="lf-field" htmlFor={`${id}-note`}>
        <span>Note <span className="lf-hint">what you are doing about it</span></span>
        <textarea id={`${id}-note`} name="note" rows={2} maxLength={NOTE_MAX} value={note} autoFocus
          onChange={(e) => setNote(e.target.value)} placeholder="e.g. moving two agents from email" />
      </label>
      <div className="lf-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ack-submit">{busy ? 'Acking…' : 'Ack alert'}</button>
        <button type="button" className="btn" onClick={onClose} disabled={busy}>Cancel</button>
      </div>
      {error ? <p className="lf-error" role="alert" data-testid="form-error">{error}</p> : null}
    </form>
  );
}
