import { type FormEvent, useState } from 'react';
import type { Annotation } from '@shared/annotations';
import type { NewAnnotation } from '../../api/readinessApi';
import { RequestError } from '../../api/request';
import { type AnnotationForm, annotationWhen, checkAnnotation } from '../../model/annotations';

export interface AnnotationsPanelProps {
  annotations: readonly Annotation[];
  timeZone: string;
  channels: readonly string[];
  /** Today's interval starts (to read `HH:MM` as a time of today in the server's time zone). */
  starts: readonly number[];
  /** `HH:MM` now, in the server's time zone: the form's default start. */
  nowLabel: string;
  /** `lead`: may add; `viewer`: says a lead token is needed; `unknown`: not known yet. */
  access: 'lead' | 'viewer' | 'unknown';
  /** The link that opens this page with a lead token. */
  leadLink: string;
  onAdd: (a: NewAnnotation) => Promise<void>;
}

/** Incident notes of today, newest first, and (for a lead) the form to add one. */
export function AnnotationsPanel(p: AnnotationsPanelProps) {
  return (
    <section className="panel" aria-labelledby="notes-title">
      <h2 id="notes-title" className="panel-title">Incident notes <span className="dim">· drawn on the charts</span></h2>
      {p.annotations.length === 0 ? <p className="dim">No notes today.</p> : (
        <ul className="notes" data-testid="annotations">
          {p.annotations.map((a) => (
            <li key={a.id} className="note" data-testid="annotation">
              <span className="note-when num">{annotationWhen(a, p.timeZone)}</span>
              <span className="note-channel cap">{a.channel ?? 'all'}</span>
              <span className="note-text">{a.text}</span>
              <span className="note-by dim">{a.by}</span>
            </li>
          ))}
        </ul>
      )}
      {p.access === 'viewer' ? (
        <p className="notice" data-testid="annotation-needs-lead">
          Adding a note needs a <b>lead token</b>; this page holds a viewer token. Open <code>{p.leadLink}</code>.
        </p>
      ) : p.access === 'lead' ? <AddForm {...p} /> : null}
    </section>
  );
}

function AddForm({ channels, starts, timeZone, nowLabel, onAdd }: AnnotationsPanelProps) {
  const [form, setForm] = useState<AnnotationForm>({ text: '', start: nowLabel, end: '', channel: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof AnnotationForm, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof AnnotationForm) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    setErrors(({ [k]: _fixed, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const check = checkAnnotation(form, starts, timeZone);
    if (!check.ok) { setErrors(check.errors); return; }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      await onAdd(check.value);
      setForm({ text: '', start: nowLabel, end: '', channel: '' });
    } catch (err) {
      // The server's 400 names the field (`text: is required`): put it beside that field when it does.
      const msg = err instanceof RequestError ? err.message : String(err);
      const m = /^(text|start|end|channel): (.*)$/.exec(msg);
      if (m) setErrors({ [m[1] as keyof AnnotationForm]: m[2] });
      else setFailure(msg);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="note-form" onSubmit={submit} noValidate data-testid="annotation-form">
      <label className="field field-wide">
        <span>What happened</span>
        <input name="text" value={form.text} onChange={set('text')} maxLength={200} placeholder="Carrier X delay, WISMO calls up" aria-invalid={Boolean(errors.text)} />
        {errors.text ? <span className="field-error" role="alert">{errors.text}</span> : null}
      </label>
      <label className="field">
        <span>From</span>
        <input name="start" value={form.start} onChange={set('start')} placeholder="HH:MM" inputMode="numeric" aria-invalid={Boolean(errors.start)} />
        {errors.start ? <span className="field-error" role="alert">{errors.start}</span> : null}
      </label>
      <label className="field">
        <span>Until</span>
        <input name="end" value={form.end} onChange={set('end')} placeholder="ongoing" inputMode="numeric" aria-invalid={Boolean(errors.end)} />
        {errors.end ? <span className="field-error" role="alert">{errors.end}</span> : null}
      </label>
      <label className="field">
        <span>Channel</span>
        <select name="channel" value={form.channel} onChange={set('channel')}>
          <option value="">All channels</option>
          {channels.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <button type="submit" disabled={busy}>{busy ? 'Adding…' : 'Add note'}</button>
      {failure ? <p className="form-error" role="alert">{failure}</p> : null}
    </form>
  );
}
