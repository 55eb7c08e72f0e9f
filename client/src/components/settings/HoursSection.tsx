import { type FormEvent, useState } from 'react';
import { type ChannelsPut, type ChannelsSettings, WEEKDAYS } from '@shared/channel-state';
import { putChannels } from '../../api/channelsApi';
import { clockTime } from '../../model/format';
import { DAY_LABELS, type HoursForm, checkHoursForm, formField, hoursToForm } from '../../model/hoursForm';
import { FieldError, SectionStatus } from './SectionStatus';
import { useCheckedSave } from './useCheckedSave';

/**
 * Weekly opening hours per channel, in the server's time zone: outside them a channel reads CLOSED (with when
 * it opens) and its closed or unstaffed minutes are not counted. Only an admin saves them.
 */
export function HoursSection({ token, settings, timeZone, canSave }: { token: string; settings: ChannelsSettings; timeZone: string | null; canSave: boolean }) {
  const [form, setForm] = useState<HoursForm>(() => hoursToForm(settings));
  const { errors, setErrors, state, save } = useCheckedSave();

  const update = (ch: string, change: (f: HoursForm[string]) => HoursForm[string], field?: string) => {
    setForm((f) => ({ ...f, [ch]: change(f[ch]!) }));
    if (field) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({
      check: checkHoursForm(form),
      invalid: 'Not saved: fix the days marked.',
      put: (body: ChannelsPut) => putChannels(token, body),
      saved: (saved) => {
        setForm(hoursToForm(saved));
        return `Saved at ${clockTime(Date.now())}: every screen follows the new hours now.`;
      },
      fieldErrors: (re) => Object.fromEntries(re.fields.map((p) => [formField(p.field), p.message])),
    });
  };

  return (
    <section className="panel settings-section" id="hours" aria-labelledby="hours-h">
      <h2 id="hours-h" className="panel-title">Opening hours</h2>
      <p className="section-help">
        Per day, intervals like <code>08:00-12:00, 13:00-24:00</code> in {timeZone ?? 'the server\'s time zone'}; an empty day is closed all day.
        Outside its hours a channel reads CLOSED; a lead closes one for a while from the leads' view.
      </p>
      <form onSubmit={submit} noValidate data-testid="hours-form">
        <div className="hours-grid">
          {Object.entries(form).map(([ch, f]) => (
            <fieldset key={ch} className="hours-channel" data-testid={`hours-${ch}`}>
              <legend title={ch}>{ch}</legend>
              <label className="hours-always">
                <input type="checkbox" checked={f.always} data-testid={`hours-${ch}-always`} onChange={(e) => update(ch, (c) => ({ ...c, always: e.target.checked }))} />
                Open 24×7
              </label>
              {f.always ? null : WEEKDAYS.map((d) => (
                <div key={d} className="hours-day">
                  <label htmlFor={`hours-${ch}-${d}`}>{DAY_LABELS[d]}</label>
                  <input id={`hours-${ch}-${d}`} value={f.days[d]} placeholder="closed" data-testid={`hours-${ch}-${d}`} aria-invalid={Boolean(errors[`${ch}.${d}`])}
                    onChange={(e) => { const v = e.target.value; update(ch, (c) => ({ ...c, days: { ...c.days, [d]: v } }), `${ch}.${d}`); }} />
                  <FieldError message={errors[`${ch}.${d}`]} testId={`error-hours-${ch}-${d}`} />
                </div>
              ))}
            </fieldset>
          ))}
        </div>
        <div className="actions">
          <button type="submit" disabled={!canSave || state.kind === 'saving'} data-testid="hours-save">Save hours</button>
          <SectionStatus state={state} testId="hours-status" />
        </div>
      </form>
    </section>
  );
}
