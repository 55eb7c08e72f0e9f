import { useId, useState } from 'react';
import { useLeadForm } from './useLeadForm';
import { NOTE_MAX, SILENCE_MAX_MINUTES, SILENCE_PRESETS, minutesLabel, silenceBody } from '../../model/leadForms';

export interface SilenceFormProps {
  alertId: string;
  submit: (body: { alertId: string; minutes: number; reason: string }) => Promise<void>;
  onClose: () => void;
}

const OTHER = 'other';

/** Silence notifications for a duration (one tap for the usual ones), with a reason; the state goes on. */
export function SilenceForm({ alertId, submit, onClose }: SilenceFormProps) {
  const id = useId();
  const [choice, setChoice] = useState<string>('60');
  const [other, setOther] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, handle } = useLeadForm(submit, onClose);

  const onSubmit = handle(() => silenceBody({ alertId, minutes: choice === OTHER ? other : choice, reason }));

  return (
    <form className="lf" onSubmit={onSubmit} noValidate data-testid="silence-form" aria-label="Silence this alert">
      <fieldset className="lf-field lf-durations">
        <legend>Silence notifications for</legend>
        <div className="lf-chips">
          {[...SILENCE_PRESETS.map(String), OTHER].map((v) => (
            <label key={v} className={`chip${choice === v ? ' chip-on' : ''}`}>
              <input type="radio" name={`${id}-minutes`} value={v} checked={choice === v} onChange={() => setChoice(v)} />
              {v === OTHER ? 'Other' : minutesLabel(Number(v))}
            </label>
          ))}
        </div>
        {choice === OTHER ? (
          <label className="lf-other" htmlFor={`${id}-other`}>
            <input id={`${id}-other`} name="minutes" inputMode="numeric" value={other} autoFocus
              onChange={(e) => setOther(e.target.value)} aria-describedby={`${id}-other-hint`} />
            <span id={`${id}-other-hint`}>minutes (1-{SILENCE_MAX_MINUTES})</span>
          </label>
        ) : null}
      </fieldset>
      <label className="lf-field" htmlFor={`${id}-reason`}>
        <span>Reason <span className="lf-hint">required</span></span>
        <input id={`${id}-reason`} name="reason" maxLength={NOTE_MAX} value={reason} onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. known carrier outage, fix at 16:00" />
      </label>
      <p className="lf-note">Silencing stops the notifications, not the alert: it stays here while it breaches.</p>
      <div className="lf-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="silence-submit">{busy ? 'Silencing…' : 'Silence'}</button>
        <button type="button" className="btn" onClick={onClose} disabled={busy}>Cancel</button>
      </div>
      {error ? <p className="lf-error" role="alert" data-testid="form-error">{error}</p> : null}
    </form>
  );
}
