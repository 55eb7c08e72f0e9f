import { type FormEvent, useState } from 'react';
import type { DisplaySettings } from '@shared/display';
import { SURVEY_KINDS, type SurveyKind } from '@shared/surveys';
import { asRequestError } from '../../api/request';
import { putDisplay } from '../../api/settingsApi';
import { clockTime } from '../../model/format';
import { surveyLabel } from '../../model/surveys';
import { type SaveState, SectionStatus } from './SectionStatus';

/** Which survey the wall's top strip shows (CSAT, CES or NPS): saved once, followed by every open wall at once. */
export function DisplaySection({ token, display, canSave }: { token: string; display: DisplaySettings; canSave: boolean }) {
  const [wallSurvey, setWallSurvey] = useState<SurveyKind>(display.wallSurvey);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ kind: 'saving' });
    try {
      const saved = await putDisplay(token, { wallSurvey });
      setWallSurvey(saved.wallSurvey);
      setState({ kind: 'saved', message: `Saved at ${clockTime(Date.now())}: every wall shows ${surveyLabel(saved.wallSurvey)} now.` });
    } catch (err) {
      setState({ kind: 'error', message: `Not saved: ${asRequestError(err).message}` });
    }
  };

  return (
    <section className="panel settings-section" id="display" aria-labelledby="display-h">
      <h2 id="display-h" className="panel-title">Wall</h2>
      <p className="section-help">The survey the wall's top strip shows, today and over the last 60 minutes, across channels.</p>
      <form onSubmit={submit} noValidate data-testid="display-form">
        <label className="field">
          <span>Survey on the wall</span>
          <select value={wallSurvey} onChange={(e) => setWallSurvey(e.target.value as SurveyKind)} data-testid="input-wallSurvey">
            {SURVEY_KINDS.map((k) => <option key={k} value={k}>{surveyLabel(k)}</option>)}
          </select>
        </label>
        <div className="actions">
          <button type="submit" disabled={!canSave || state.kind === 'saving'} data-testid="save-display">Save</button>
          <SectionStatus state={state} testId="display-status" />
        </div>
      </form>
    </section>
  );
}
