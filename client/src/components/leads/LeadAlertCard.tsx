import type { LeadAlertView } from '../../model/leadAlerts';
import { AckForm } from './AckForm';
import { SeverityBadge } from './SeverityBadge';
import { SilenceForm } from './SilenceForm';

export type AlertForm = 'ack' | 'silence';

export interface LeadAlertCardProps {
  view: LeadAlertView;
  /** Resolved while a form was open: kept so the lead sees what happened to what they were typing. */
  gone: boolean;
  /** False with a viewer token: the card reads only. */
  canAct: boolean;
  form: AlertForm | null;
  onForm: (form: AlertForm | null) => void;
  ack: (body: { note: string }) => Promise<void>;
  silence: (body: { alertId: string; minutes: number; reason: string }) => Promise<void>;
}

/** One active alert: severity and state, what breached and by how much, since when, ack and silence. */
export function LeadAlertCard({ view: v, gone, canAct, form, onForm, ack, silence }: LeadAlertCardProps) {
  const stateClass = gone ? 'la-gone' : v.firing ? 'la-firing' : 'la-pending';
  return (
    <li className={`la la-${v.level} ${stateClass}`} data-testid="lead-alert" data-alert-id={v.id} data-state={gone ? 'gone' : v.state.toLowerCase()}>
      <div className="la-tags">
        <SeverityBadge view={v} />
        <span className={`la-state ${gone ? '' : v.firing ? 'la-state-firing' : 'la-state-pending'}`} data-testid="lead-alert-state">
          {gone ? 'NO LONGER ACTIVE' : v.state}
        </span>
        {v.clearing && !gone ? <span className="la-flag la-flag-clearing" data-testid="lead-alert-clearing">CLEARING</span> : null}
        {v.acked && !gone ? <span className="la-flag la-flag-ack">ACKED</span> : null}
        {v.silenced && !gone ? <span className="la-flag la-flag-silence">SILENCED</span> : null}
      </div>
      <h3 className="la-title">{v.title}</h3>
      <div className="la-what">{v.what}</div>
      <div className="la-figures">
        <div className="la-measure num" data-testid="lead-alert-measure" aria-label={`${v.clearing ? 'clearing, ' : ''}value ${v.value}, threshold ${v.op} ${v.threshold}`}>
          <span className="la-value">{v.value}</span>
          <span className="la-op">{v.op}</span>
          <span className="la-threshold">{v.threshold}</span>
        </div>
        {gone ? null : (
          <div className="la-age">
            <div className="la-age-for num" data-testid="lead-alert-age">{v.age}</div>
            <div className="la-age-since">{v.since}</div>
          </div>
        )}
      </div>
      {v.acked ? (
        <p className="la-status la-status-ack" data-testid="lead-alert-acked">
          <strong>Acked by {v.acked.by}</strong> at {v.acked.at}{v.acked.note ? <> — <span className="la-quote">“{v.acked.note}”</span></> : null}
        </p>
      ) : null}
      {v.silenced ? (
        <p className="la-status la-status-silence" data-testid="lead-alert-silenced">
          <strong>Silenced until {v.silenced.until}</strong> ({v.silenced.left} left){v.silenced.reason ? <> — <span className="la-quote">“{v.silenced.reason}”</span></> : null}
        </p>
      ) : null}
      {gone ? <p className="la-status">This alert resolved (or was removed) while you were on it.</p> : null}
      {canAct && !form ? (
        <div className="la-actions">
          {gone ? null : (
            <button type="button" className={`btn${v.acked ? '' : ' btn-primary'}`} onClick={() => onForm('ack')} data-testid="ack-open">
              {v.acked ? 'Ack again' : 'Ack'}
            </button>
          )}
          <button type="button" className="btn" onClick={() => onForm('silence')} data-testid="silence-open">
            {v.silenced ? 'Change silence' : 'Silence'}
          </button>
        </div>
      ) : null}
      {canAct && form === 'ack' ? <AckForm submit={ack} onClose={() => onForm(null)} /> : null}
      {canAct && form === 'silence' ? <SilenceForm alertId={v.id} submit={silence} onClose={() => onForm(null)} /> : null}
    </li>
  );
}
