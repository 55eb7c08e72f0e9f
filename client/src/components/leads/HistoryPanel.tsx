import { useState } from 'react';
import type { HistoryLine } from '../../model/leadHistory';

/** Lines shown before "show all": enough for the last hour or so of a busy day, short on a phone. */
const FIRST_LINES = 15;

export interface HistoryPanelProps {
  lines: HistoryLine[];
  loaded: boolean;
  error: string | null;
}

/** The alert log, newest first: transitions, acks and silences. */
export function HistoryPanel({ lines, loaded, error }: HistoryPanelProps) {
  const [all, setAll] = useState(false);
  const shown = all ? lines : lines.slice(0, FIRST_LINES);
  return (
    <section className="panel" id="history" data-testid="history" aria-labelledby="history-h">
      <h2 id="history-h" className="panel-h">History <span className="panel-sub">newest first</span></h2>
      {error ? <p className="panel-error" role="status">Could not refresh: {error}</p> : null}
      {!loaded && !error ? <p className="panel-empty">Loading…</p> : null}
      {loaded && lines.length === 0 ? <p className="panel-empty">Nothing yet: no alert has changed in the last 30 days.</p> : null}
      <ol className="hx-list">
        {shown.map((l) => (
          <li key={l.id} className={`hx hx-${l.kind}`} data-testid="history-line" data-kind={l.kind}>
            <span className="hx-time num">{l.time}</span>
            <span className="hx-body">
              <span className={`hx-what${l.level ? ` hx-${l.level}` : ''}`}>{l.what}</span>
              <span className="hx-title">{l.title}</span>
              {l.detail ? <span className="hx-detail">{l.detail}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      {lines.length > FIRST_LINES ? (
        <button type="button" className="btn btn-quiet" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${lines.length}`}
        </button>
      ) : null}
    </section>
  );
}
