import type { ReactNode } from 'react';
import type { ChannelReadiness } from '../../api/readinessApi';
import { IntervalChart } from '../../charts/IntervalChart';
import type { Marker } from '../../model/annotations';
import type { Level } from '../../model/levels';
import { channelView } from '../../model/readiness';
import { availabilityView } from '../../model/channelState';
import { repeatView } from '../../model/repeats';
import type { WindowFigures } from '@shared/snapshot';
import { LevelTag } from '../page/LevelTag';

export interface ChannelReadinessCardProps {
  channel: string;
  r: ChannelReadiness;
  timeZone: string;
  intervalMinutes: number;
  range: { from: number; to: number };
  markers: readonly Marker[];
  /** The channel's figures today, from the pushed snapshot (absent until it arrives). */
  today?: WindowFigures;
}

/** One figure of a card: label, value, a line under it, and a tag where it has a state. */
function Fig({ label, value, sub, level, tag, testId, wide }: {
  label: string; value: string; sub?: ReactNode; level?: Level | null; tag?: ReactNode; testId: string; wide?: boolean;
}) {
  return (
    <div className={`rd-fig rd-lvl-${level ?? 'plain'}${wide ? ' rd-fig-wide' : ''}`} data-testid={testId}>
      <div className="rd-fig-label">{label}</div>
      <div className="rd-fig-value num" data-testid={`${testId}-value`}>{value}</div>
      {sub ? <div className="rd-fig-sub">{sub}</div> : null}
      {tag ? <div className="rd-fig-tag">{tag}</div> : null}
    </div>
  );
}

/** One channel: staffing now and at the next interval, occupancy, backlog, forecast vs actual, the day's chart. */
export function ChannelReadinessCard({ channel, r, timeZone, intervalMinutes, range, markers, today }: ChannelReadinessCardProps) {
  const v = channelView(channel, r, timeZone);
  const repeat = repeatView(today);
  const id = `rd-${channel}`;
  const availability = r.availability ? availabilityView(r.availability) : null;
  return (
    <article className={`rd-card rd-frame-${v.overall}`} data-testid={id} aria-label={`${channel} readiness`}>
      <header className="rd-card-head">
        <h2>{channel}</h2>
        <LevelTag level={v.now.level} word={v.now.verdict} filled={v.now.level === 'breach'} testId={`${id}-staffing`} />
        <span className="rd-load" title="Erlang C input: arrivals in the last 60 minutes, handle time, SL target">{v.load}</span>
      </header>
      <div className="rd-body">
        <div className="rd-figs">
          <Fig
            label="Agents now" testId={`${id}-now`} level={v.now.level === 'breach' ? 'breach' : null}
            value={`${v.now.staffed} / ${v.now.required}`}
            sub={<>staffed / needed · {v.available}</>}
          />
          <Fig
            label={`Next · ${v.nextStart}`} testId={`${id}-next`}
            level={v.next?.level === 'breach' ? 'warn' : null}
            value={v.next ? `${v.next.staffed} / ${v.next.required}` : '—'}
            sub={v.next ? <>{v.nextForecast} · <b>{v.next.verdict.toLowerCase()}</b></> : v.nextForecast}
          />
          <Fig label="Occupancy" testId={`${id}-occupancy`} level={v.occupancy.level} value={v.occupancy.text} sub={<>expected SL {v.expectedSl.text}</>} />
          <Fig
            label="Time to clear" testId={`${id}-clear`} level={v.timeToClear.level === 'breach' ? 'breach' : null}
            value={v.timeToClear.text} sub={<>{v.open} open · {v.closedPerHour} closed/h</>}
          />
          <Fig
            label="Today vs forecast" testId={`${id}-today`} level={v.todayDeviation.level}
            value={v.todayDeviation.text} sub={<>{v.todayActual} arrived · {v.todayForecast} forecast</>}
          />
          <Fig
            label="Last interval" testId={`${id}-last`} level={v.lastDeviation.level}
            value={v.lastDeviation.text} sub={v.lastInterval ?? 'none complete yet'}
          />
          <Fig label="Repeat rate today" testId={`${id}-repeat`} value={repeat.text} sub={repeat.sub} />
          {availability ? (
            <Fig
              label="Closed or unstaffed today, in hours" testId={`${id}-availability`} level={availability.level} wide
              value={availability.text} sub={availability.now}
            />
          ) : null}
        </div>
        <div className="rd-chart">
          <div className="rd-chart-key">
            <span className="key-bar">■ arrivals / 15 min</span>
            <span className="key-line">━ {v.forecastSource}</span>
            {markers.length ? <span className="key-note">┆ notes</span> : null}
          </div>
          <IntervalChart
            intervals={r.intervals} intervalMinutes={intervalMinutes} from={range.from} to={range.to}
            timeZone={timeZone} markers={markers} label={`${channel} arrivals per 15 minutes against forecast, today`}
          />
        </div>
      </div>
    </article>
  );
}
