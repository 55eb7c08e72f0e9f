import { type FeedState, connectionText } from '../model/feed';
import type { TotalsFigures } from '../model/figures';
import { clockTime, longDate } from '../model/format';
import { FigureTile } from './FigureTile';

export interface WallHeaderProps {
  now: number;
  timeZone: string | undefined;
  totals: TotalsFigures | null;
  live: boolean;
  lastDataAt: number | null;
  /** Whether events arrive (any kind), null before the first snapshot; and when the last was applied (server clock). */
  feed: FeedState | null;
  lastEventAt: number | null;
  /** Set while the data is simulated: shown in place of the zone's name. */
  demoNote?: string | undefined;
}

/** Brand, connection and feed state, the across-channel figures, and the clock with the date. */
export function WallHeader({ now, timeZone, totals, live, lastDataAt, feed, lastEventAt, demoNote }: WallHeaderProps) {
  const conn = connectionText(live, feed);
  return (
    <header className="wall-head">
      <div className="brand">
        <div className="brand-name">Peakwatch</div>
        <div className={`conn conn-${conn.tone}`} data-testid="connection">{conn.text}</div>
        <div className="conn-since" data-testid="connection-since">
          {live && feed === 'silent' && lastEventAt !== null ? `last event ${clockTime(lastEventAt, timeZone)}`
            : lastDataAt ? `data ${clockTime(lastDataAt, timeZone)}` : 'no data yet'}
        </div>
      </div>
      {totals ? (
        <div className="totals" data-testid="totals">
          <FigureTile label="Contact rate today" target={totals.contactRateTarget} figure={totals.contactRateToday} size="small" testId="contact-rate-today" />
          <FigureTile label="Contact rate 60 min" target={totals.contactRateTarget} figure={totals.contactRate60m} size="small" testId="contact-rate-60m" />
          <FigureTile label={`${totals.survey.label} today`} target={totals.survey.target} figure={totals.survey.today} size="small" testId={`${totals.survey.kind}-today`} />
          <FigureTile label={`${totals.survey.label} 60 min`} target={totals.survey.target} figure={totals.survey.h60} size="small" testId={`${totals.survey.kind}-60m`} />
          <FigureTile label="Orders today" figure={totals.ordersToday} size="small" testId="orders-today" />
        </div>
      ) : <div className="totals" />}
      <div className="clock">
        <div className="clock-time num" data-testid="clock">{clockTime(now, timeZone)}</div>
        <div className="clock-date" data-testid="date">{longDate(now, timeZone)}</div>
        {demoNote ? <div className="clock-zone clock-demo" data-testid="demo-note">{demoNote}</div>
          : timeZone ? <div className="clock-zone">{timeZone}</div> : null}
      </div>
    </header>
  );
}
