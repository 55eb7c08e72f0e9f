import { type FormEvent, useState } from 'react';
import type { Targets } from '@shared/targets';
import { putTargets } from '../../api/settingsApi';
import { clockTime } from '../../model/format';
import {
  CHANNEL_FIELDS, CHANNEL_KEYS, type ChannelKey, TOTAL_FIELDS, TOTAL_KEYS, type TargetsForm, checkTargetsForm, parseField, secondsHint, targetsToForm,
} from '../../model/targetsForm';
import { FieldError, SectionStatus } from './SectionStatus';
import { useCheckedSave } from './useCheckedSave';

const UNITS = { percent: '%', seconds: 's', count: '', score: '' } as const;

/** Per-channel targets and thresholds, contact rate and the surveys' (CES and NPS optional): checked as typed, sent together, live on every screen once saved. */
export function TargetsSection({ token, targets, canSave, onSaved }: { token: string; targets: Targets; canSave: boolean; onSaved?: (t: Targets) => void }) {
  const [base, setBase] = useState(targets);
  const [form, setForm] = useState<TargetsForm>(() => targetsToForm(targets));
  const { errors, setErrors, state, setState, save } = useCheckedSave();

  const setField = (path: string, value: string) => {
    setForm((f) => {
      const [, ch, key] = path.split('.');
      if (ch && key) return { ...f, channels: { ...f.channels, [ch]: { ...f.channels[ch]!, [key]: value } } };
      return { ...f, [path]: value };
    });
    setErrors(({ [path]: _gone, ...rest }) => rest);
  };
  const checkField = (path: string, spec: Parameters<typeof parseField>[0], value: string) => {
    const p = parseField(spec, value);
    if (!p.ok) setErrors((e) => ({ ...e, [path]: p.error }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({
      check: checkTargetsForm(form),
      put: (t: Targets) => putTargets(token, t),
      saved: (saved) => {
        setBase(saved);
        onSaved?.(saved);
        setForm(targetsToForm(saved));
        return `Saved at ${clockTime(Date.now())}: every screen shows the new targets now.`;
      },
    });
  };

  const input = (path: string, spec: Parameters<typeof parseField>[0], value: string, label: string) => (
    <div className="cell-field">
      <div className="input-unit">
        <input
          value={value} aria-label={label} aria-invalid={Boolean(errors[path])} data-testid={`input-${path}`}
          placeholder={spec.empty ?? ''} inputMode="decimal" size={6}
          onChange={(e) => setField(path, e.target.value)} onBlur={(e) => checkField(path, spec, e.target.value)}
        />
        <span className="unit">{UNITS[spec.kind]}</span>
        {spec.kind === 'seconds' && secondsHint(value) ? <span className="hint">{secondsHint(value)}</span> : null}
      </div>
      <FieldError message={errors[path]} testId={`error-${path}`} />
    </div>
  );

  return (
    <section className="panel settings-section" id="targets" aria-labelledby="targets-h">
      <h2 id="targets-h" className="panel-title">Targets</h2>
      <p className="section-help">The wall and the readiness page colour every figure against these; a change shows on every open screen at once.</p>
      <form onSubmit={submit} noValidate data-testid="targets-form">
        <table className="targets-edit">
          <thead>
            <tr>
              <th>Channel</th>
              {CHANNEL_KEYS.map((k) => <th key={k} title={CHANNEL_FIELDS[k].help}>{CHANNEL_FIELDS[k].label}</th>)}
            </tr>
          </thead>
          <tbody>
            {Object.entries(form.channels).map(([ch, fields]) => (
              <tr key={ch} data-testid={`targets-row-${ch}`}>
                <th scope="row" className="cap">{ch}</th>
                {CHANNEL_KEYS.map((k: ChannelKey) => (
                  <td key={k}>{input(`channels.${ch}.${k}`, CHANNEL_FIELDS[k], fields[k], `${ch} ${CHANNEL_FIELDS[k].label}`)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="totals-edit">
          {TOTAL_KEYS.map((k) => (
            <label key={k} className="field">
              <span>{TOTAL_FIELDS[k].label} <span className="dim">· {TOTAL_FIELDS[k].help}</span></span>
              {input(k, TOTAL_FIELDS[k], form[k], TOTAL_FIELDS[k].label)}
            </label>
          ))}
        </div>
        <div className="actions">
          <button type="submit" disabled={!canSave || state.kind === 'saving'} data-testid="save-targets">Save targets</button>
          <button type="button" className="secondary" onClick={() => { setForm(targetsToForm(base)); setErrors({}); setState({ kind: 'idle' }); }}>Undo changes</button>
          <SectionStatus state={state} testId="targets-status" />
        </div>
      </form>
    </section>
  );
}
