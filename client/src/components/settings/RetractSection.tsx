import { type FormEvent, useState } from 'react';
import type { EventLookup } from '@shared/retract';
import { asRequestError } from '../../api/request';
import { findEvent, retractEvents } from '../../api/settingsApi';
import { eventSummary, lookupText, retractText, retractionOf } from '../../model/retractForm';
import { FieldError, type SaveState, SectionStatus } from './SectionStatus';

/** Undo: find an event by id, see what it did, and retract it after a confirm step. */
export function RetractSection({ token }: { token: string }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [found, setFound] = useState<EventLookup | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  const find = async (e: FormEvent) => {
    e.preventDefault();
    const check = retractionOf(text);
    setFound(null);
    setConfirming(false);
    if (!check.ok) {
      setError(check.error);
      return;
    }
    setError(undefined);
    setState({ kind: 'idle' });
    try {
      setFound(await findEvent(token, check.request.ids[0]!));
    } catch (err) {
      setState({ kind: 'error', message: `Not found: ${asRequestError(err).message}` });
    }
  };

  const retract = async () => {
    if (!found) return;
    const check = retractionOf(found.id);
    if (!check.ok) return;
    setConfirming(false);
    setState({ kind: 'saving' });
    try {
      const result = await retractEvents(token, check.request);
      setState(result.retracted > 0 ? { kind: 'saved', message: retractText(result) } : { kind: 'error', message: retractText(result) });
      setFound(await findEvent(token, found.id).catch(() => found));
    } catch (err) {
      setState({ kind: 'error', message: `Not retracted: ${asRequestError(err).message}` });
    }
  };

  return (
    <section className="panel settings-section" id="retract" aria-labelledby="retract-h">
      <h2 id="retract-h" className="panel-title">Retract an event</h2>
      <p className="section-help">
        An event sent by mistake (an order of 10,000,000, a contact queued a week ago) is withdrawn from every figure as if it had never been
        received. Events received within the duplicate window only.
      </p>
      <form className="actions" onSubmit={(e) => void find(e)} data-testid="retract-form">
        <input value={text} onChange={(e) => { setText(e.target.value); setError(undefined); }} aria-label="Event id" aria-invalid={Boolean(error)}
          placeholder="event id" size={40} data-testid="retract-id" />
        <button type="submit" className="secondary" data-testid="find-event">Find</button>
        <FieldError message={error} testId="retract-id-error" />
      </form>
      {found ? (
        <div className="retract-found" data-testid="found-event">
          <p><code>{found.id}</code>{found.event ? <> — {eventSummary(found.event)}</> : null}</p>
          <p className={found.state === 'applied' ? '' : 'dim'} data-testid="found-state">{lookupText(found)}</p>
          {found.state === 'applied' && !confirming ? (
            <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="retract-event">Retract…</button>
          ) : null}
          {confirming ? (
            <p className="actions" role="alertdialog" aria-label="Confirm the retraction" data-testid="retract-confirm">
              <span>Withdraw this event from every figure? Sent again, it will stay out.</span>
              <button type="button" className="danger" onClick={() => void retract()} data-testid="retract-confirm-yes">Retract it</button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)} data-testid="retract-confirm-no">Cancel</button>
            </p>
          ) : null}
        </div>
      ) : null}
      <SectionStatus state={state} testId="retract-status" />
    </section>
  );
}
