import type { ReasonShare } from '@shared/snapshot';
import { reasonRows } from '../../model/reasons';

/** Top contact reasons of the last 60 minutes, their share, the change against the hour before, and their contacts per order. */
export function ReasonsPanel({ reasons }: { reasons: readonly ReasonShare[] }) {
  const rows = reasonRows(reasons);
  return (
    <section className="panel" aria-labelledby="reasons-title" data-testid="reasons">
      <h2 id="reasons-title" className="panel-title">Contact reasons <span className="dim">· last 60 min vs the hour before</span></h2>
      {rows.length === 0 ? <p className="dim">No contacts tagged with a reason in the last two hours.</p> : (
        <table className="reasons">
          <thead><tr><th>Reason</th><th className="n">Contacts</th><th className="n">Share</th><th className="n">Before</th><th className="n">Change</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.reason} className={r.spike ? 'reason-spike' : undefined} data-testid={`reason-${r.reason}`}>
                <td>
                  <div className="reason-name">{r.reason}{r.spike ? <span className="spike" data-testid="spike">▲ {r.spike}</span> : null}</div>
                  <div className="reason-bar" style={{ width: `${Math.round(r.bar * 100)}%` }} />
                  <div className="reason-per-order" title="Contacts with the reason per order placed (intensity)">
                    <span>per order <b className="num" data-testid="intensity-60m">{r.intensity60m}</b></span>{' · '}
                    <span>today <b className="num" data-testid="intensity-today">{r.intensityToday}</b></span>
                  </div>
                </td>
                <td className="n num">{r.count}</td>
                <td className="n num">{r.share}</td>
                <td className="n num dim">{r.previousShare}</td>
                <td className="n num">{r.change}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
