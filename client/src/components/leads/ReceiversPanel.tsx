import { LEVEL_MARKS } from '../../model/levels';
import type { ReceiversView } from '../../model/receivers';
import type { Role } from '../../useLeadData';

export interface ReceiversPanelProps {
  view: ReceiversView | null;
  role: Role;
  error: string | null;
}

/** Where notifications go and whether they get there: a failing receiver is red and first. */
export function ReceiversPanel({ view, role, error }: ReceiversPanelProps) {
  return (
    <section className="panel" id="receivers" data-testid="receivers" aria-labelledby="receivers-h">
      <h2 id="receivers-h" className="panel-h">Receivers <span className="panel-sub">delivery health</span></h2>
      {role === 'viewer' ? <p className="panel-empty">Receivers' health needs a lead token.</p> : null}
      {error ? <p className="panel-error" role="status">Could not refresh: {error}</p> : null}
      {role !== 'viewer' && !view && !error ? <p className="panel-empty">Loading…</p> : null}
      {view && view.receivers.length === 0 ? (
        <p className="panel-empty">No receivers configured: alerts show only on the Peakwatch screens.</p>
      ) : null}
      {view && view.receivers.length > 0 ? (
        <ul className="rx-list">
          {view.receivers.map((r) => (
            <li key={r.name} className={`rx rx-${r.level}`} data-testid="receiver" data-receiver={r.name} data-level={r.level}>
              <div className="rx-head">
                <span className="rx-name">{r.name}</span>
                <span className={`rx-word rx-word-${r.level}`}><span aria-hidden="true">{LEVEL_MARKS[r.level].symbol}</span> {r.word}</span>
              </div>
              <ul className="rx-facts">{r.facts.map((f) => <li key={f}>{f}</li>)}</ul>
              {r.error ? <p className="rx-error" data-testid="receiver-error">{r.error}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {view && view.deadLetters.length > 0 ? (
        <details className="dl" data-testid="dead-letters">
          <summary>{view.deadLetters.length} recent dead letter{view.deadLetters.length === 1 ? '' : 's'} <span className="panel-sub">notifications given up</span></summary>
          <ul className="dl-list">
            {view.deadLetters.map((d) => (
              <li key={d.key}>
                <div><span className="dl-at num">{d.at}</span> <strong>{d.receiver}</strong> · {d.attempts}</div>
                <div className="dl-what">{d.what}</div>
                <div className="rx-error">{d.error}</div>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
