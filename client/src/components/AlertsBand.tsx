import type { Alert } from '@shared/alerts';
import { alertLines } from '../model/alerts';
import { StateBadge } from './StateBadge';

/** How many alerts get a line; the rest are counted, so the band never pushes the wall off the screen. */
const MAX_LINES = 3;

/** The active alerts across the top; nothing at all when there are none. `now`: the server's time. */
export function AlertsBand({ alerts, timeZone, now }: { alerts: readonly Alert[]; timeZone: string | undefined; now: number }) {
  if (alerts.length === 0) return null;
  const all = alertLines(alerts, timeZone, now);
  const lines = all.slice(0, MAX_LINES);
  const more = all.length - lines.length;
  const firing = all.filter((l) => l.firing).length;
  return (
    <section className={`alerts${firing === 0 ? ' alerts-pending-only' : ''}`} data-testid="alerts" aria-label="Active alerts">
      <div className="alerts-count">
        <div><span className="num">{firing}</span> firing</div>
        <div className="alerts-sub">
          {all.length - firing > 0 ? `${all.length - firing} pending` : null}
          {all.length - firing > 0 && more > 0 ? ' · ' : null}
          {more > 0 ? `+${more} not shown` : null}
        </div>
      </div>
      <ul className="alerts-list">
        {lines.map((l) => (
          <li key={l.id} className={`alert alert-${l.level}${l.firing ? '' : ' alert-pending'}`} data-testid="alert">
            <StateBadge level={l.level} />
            {l.channel ? <span className="alert-channel" title={l.channel}>{l.channel}</span> : null}
            <span className="alert-title" title={l.title}>{l.title}</span>
            <span className="alert-measure num">{l.measure}</span>
            <span className="alert-status" title={l.status}>{l.status}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
