import { useMemo, useState } from 'react';
import { ChannelTrends } from '../charts/ChannelTrends';
import { TREND_WINDOW_MS, useTrends } from '../charts/useTrends';
import { AlertsBand } from '../components/AlertsBand';
import { ChannelCard } from '../components/ChannelCard';
import { FullScreenMessage } from '../components/FullScreenMessage';
import { StaleOverlay } from '../components/StaleOverlay';
import { WallHeader } from '../components/WallHeader';
import { feedStates } from '../model/feed';
import { stateBanner } from '../model/channelState';
import { channelFigures, channelOrder, totalsFigures } from '../model/figures';
import { staleness } from '../model/stale';
import { TOKEN_PARAM, browserTokenEnv, resolveToken } from '../token';
import { useNow } from '../useNow';
import { useSnapshot } from '../useSnapshot';

const wallLink = () => `${window.location.origin}/wall?${TOKEN_PARAM}=<viewer token>`;

/** The wall display: every channel's figures against target, trends, alerts, clock; loud when stale. */
export function Wall() {
  const [token] = useState(() => resolveToken(browserTokenEnv()));
  const feed = useSnapshot(token);
  const now = useNow();
  const { snapshot } = feed;
  const channels = useMemo(() => (snapshot ? channelOrder(snapshot) : []), [snapshot]);
  // The server's time: ages and the clock on the wall are right even when the TV's own clock is not.
  const offset = feed.clock.offsetMs;
  const serverNow = now + offset;
  const trends = useTrends(token, channels, feed.epoch, offset);

  if (!token) {
    return (
      <FullScreenMessage title="This wall needs its link" tone="info" testId="no-token">
        <p>Open the wall link once, with the viewer token:</p>
        <p><code>{wallLink()}</code></p>
        <p>This screen keeps the token, so it never asks again, even after a reboot.</p>
        <p className="dim">Peakwatch prints the viewer token when it starts (or set <code>PEAKWATCH_VIEWER_TOKEN</code>).</p>
      </FullScreenMessage>
    );
  }
  if (feed.refused) {
    return (
      <FullScreenMessage title="The wall's token was refused" tone="error" testId="token-refused">
        <p>The server does not accept the token this screen holds. Open the wall link again with the right viewer token:</p>
        <p><code>{wallLink()}</code></p>
        <p className="dim">Server said: {feed.refused}. Retrying every 30 seconds.</p>
      </FullScreenMessage>
    );
  }

  const timeZone = snapshot?.timeZone;
  // Staleness compares screen times with the screen's clock; shown as times of day, they follow the server's.
  const stale = staleness(feed, now);
  const from = trends?.from ?? serverNow - TREND_WINDOW_MS;
  const to = trends?.to ?? serverNow;
  const feeds = snapshot ? feedStates(snapshot, serverNow) : null;
  return (
    <>
      <div className={`wall${stale ? ' wall-stale' : ''}`} data-testid="wall">
        <WallHeader now={serverNow} timeZone={timeZone} totals={snapshot ? totalsFigures(snapshot) : null} live={feed.disconnectedAt === null} lastDataAt={feed.lastDataAt === null ? null : feed.lastDataAt + offset} feed={feeds?.all ?? null} lastEventAt={snapshot?.lastEventAt ?? null} demoNote={snapshot?.demoNote} />
        {snapshot ? <AlertsBand alerts={snapshot.alerts} timeZone={timeZone} now={serverNow} /> : null}
        {snapshot ? (
          <div className="channels" style={{ gridTemplateColumns: `repeat(${Math.max(1, channels.length)}, minmax(0, 1fr))` }}>
            {channels.map((ch) => {
              const target = snapshot.targets.channels[ch];
              return (
                <ChannelCard
                  key={ch}
                  f={channelFigures(ch, snapshot.channels[ch]!, target, serverNow, snapshot.alerts)}
                  feed={feeds?.channels[ch] ?? 'flowing'}
                  banner={stateBanner(snapshot.channels[ch]!, serverNow, timeZone)}
                  trends={<ChannelTrends channel={ch} series={trends?.byChannel[ch]} from={from} to={to} slTarget={target?.serviceLevel ?? null} timeZone={timeZone} annotations={snapshot.annotations} />}
                />
              );
            })}
          </div>
        ) : (
          <div className="connecting" data-testid="connecting">Connecting to Peakwatch…</div>
        )}
      </div>
      {stale ? <StaleOverlay stale={{ ...stale, since: stale.since + offset }} now={serverNow} timeZone={timeZone} /> : null}
    </>
  );
}
