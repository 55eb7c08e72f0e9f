import type { ReactNode } from 'react';
import type { FeedState } from '../model/feed';
import type { ChannelFigures } from '../model/figures';
import type { StateBanner } from '../model/channelState';
import { FigureTile } from './FigureTile';
import { StateBadge } from './StateBadge';

/**
 * One channel's column: the queue now, service level, answer speed, abandons, backlog, then its trends. While
 * the channel's feed sends no events its header says NO EVENTS in place of its state. A channel closed or
 * unstaffed says so under its header, in large type, with the reason or when it opens.
 */
export function ChannelCard({ f, feed, trends, banner }: { f: ChannelFigures; feed: FeedState; trends: ReactNode; banner?: StateBanner | null }) {
  const id = `ch-${f.channel}`;
  const head = feed === 'flowing' ? f.overall : 'silent';
  return (
    <article className={`card lvl-frame-${head ?? 'plain'}${banner ? ' card-with-state' : ''}`} data-testid={id} aria-label={`${f.channel} channel`}>
      <header className="card-head">
        <h2 title={f.channel}>{f.channel}</h2>
        {head ? <StateBadge level={head} testId={`${id}-overall`} /> : null}
      </header>
      {banner ? (
        <div className={`card-state card-state-${banner.state}`} data-testid={`${id}-state`} data-state={banner.state}>
          <span className="card-state-word" title={banner.word}>{banner.word}</span>
          <span className="card-state-detail" title={banner.detail} data-testid={`${id}-state-detail`}>{banner.detail}</span>
        </div>
      ) : null}
      <div className="row-hero">
        <FigureTile label="Waiting" figure={f.waiting} size="hero" testId={`${id}-waiting`} />
        <FigureTile label="Oldest wait" figure={f.oldestWait} size="hero" testId={`${id}-oldest-wait`} />
      </div>
      <div className="row-sl">
        <FigureTile label="SL 15 min" target={f.slTarget} targetOn="label" figure={f.sl15m} size="big" testId={`${id}-sl-15m`} />
        <FigureTile label="SL today" figure={f.slToday} size="small" testId={`${id}-sl-today`} />
      </div>
      <div className="row-small">
        <FigureTile label="ASA 15 min" figure={f.asa} size="small" testId={`${id}-asa`} />
        <FigureTile label="Abandon 15 min" target={f.abandonTarget} figure={f.abandon15m} size="small" testId={`${id}-abandon`} />
        <FigureTile label="Open" figure={f.open} size="small" testId={`${id}-open`} />
        <FigureTile label="Oldest open" target={f.oldestOpenTarget} figure={f.oldestOpen} size="small" testId={`${id}-oldest-open`} />
      </div>
      {trends}
    </article>
  );
}
