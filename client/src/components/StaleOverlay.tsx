import { clockTime, duration } from '../model/format';
import type { Staleness } from '../model/stale';

/**
 * Covers the whole wall while its data is stale: big, with since when, so nobody acts on old numbers. The
 * figures stay visible underneath, greyed.
 */
export function StaleOverlay({ stale, now, timeZone }: { stale: Staleness; now: number; timeZone: string | undefined }) {
  const since = clockTime(stale.since, timeZone);
  const why = stale.reason === 'disconnected' ? 'Connection to Peakwatch lost — reconnecting' : 'Connected, but the server sends no updates';
  return (
    <div className="stale" data-testid="stale" role="alert">
      <div className="stale-stripes" />
      <div className="stale-box">
        <div className="stale-title" data-testid="stale-title">
          {stale.hadData ? `STALE — no data since ${since}` : `NO DATA — waiting since ${since}`}
        </div>
        <div className="stale-sub">
          {why} · for <span className="num">{duration((now - stale.since) / 1000)}</span>
        </div>
        {stale.hadData ? <div className="stale-note">The figures below are from {since} and may be wrong.</div> : null}
      </div>
      <div className="stale-stripes" />
    </div>
  );
}
