import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation } from '@shared/annotations';
import type { Snapshot } from '@shared/snapshot';
import { type NewAnnotation, type Readiness as ReadinessReply, addAnnotation } from '../api/readinessApi';
import { probeRole } from '../api/request';
import { AnnotationsPanel } from '../components/readiness/AnnotationsPanel';
import { ChannelReadinessCard } from '../components/readiness/ChannelReadinessCard';
import { ReasonsPanel } from '../components/readiness/ReasonsPanel';
import { SurveysPanel } from '../components/SurveysPanel';
import { TargetsTable } from '../components/readiness/TargetsTable';
import { LevelTag } from '../components/page/LevelTag';
import { PageHeader, PageMessage } from '../components/page/PageHeader';
import { markersFor, mergeAnnotations } from '../model/annotations';
import { clockTime, hourMinute, longDate } from '../model/format';
import { chartRange, verdict } from '../model/readiness';
import { changedFigures } from '../model/refresh';
import { pageLink, readinessToken } from '../pageTokens';
import { useReadiness } from '../useReadiness';
import { useSnapshot } from '../useSnapshot';
import '../pages.css';

/** Counts the pushes that changed what readiness is computed from (the heartbeat's bare `at` does not). */
function useFigureChanges(snapshot: Snapshot | null): number {
  const prev = useRef<Snapshot | null>(null);
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    if (changedFigures(prev.current, snapshot)) setChanges((n) => n + 1);
    prev.current = snapshot;
  }, [snapshot]);
  return changes;
}

/** Whether this page's token may add annotations (a lead's or an admin's may). */
function useLeadAccess(token: string | null): 'lead' | 'viewer' | 'unknown' {
  const [access, setAccess] = useState<'lead' | 'viewer' | 'unknown'>('unknown');
  useEffect(() => {
    if (!token) return;
    const ctl = new AbortController();
    probeRole(token, ctl.signal)
      .then((role) => setAccess(role === 'lead' || role === 'admin' ? 'lead' : 'viewer'))
      .catch(() => setAccess('unknown'));
    return () => ctl.abort();
  }, [token]);
  return access;
}

/** Peak readiness for managers: is today's peak under control, and where not. */
export function Readiness() {
  const [token] = useState(readinessToken);
  const feed = useSnapshot(token, { view: 'readiness' });
  const changes = useFigureChanges(feed.snapshot);
  const { data, error, fetchedAt } = useReadiness(token, changes);
  const access = useLeadAccess(token);
  const [added, setAdded] = useState<Annotation[]>([]);

  const onAdd = useCallback(async (a: NewAnnotation) => {
    if (!token) return;
    const created = await addAnnotation(token, a);
    setAdded((list) => [created, ...list]);
  }, [token]);

  const annotations = useMemo(() => mergeAnnotations(feed.snapshot?.annotations ?? [], added), [feed.snapshot?.annotations, added]);

  if (!token) {
    return (
      <PageMessage title="Readiness needs its link" tone="info" testId="no-token">
        <p>Open the readiness link once, with a viewer token (a lead token to add incident notes):</p>
        <p><code>{pageLink('readiness')}</code></p>
        <p className="dim">This browser keeps the token. A browser that already shows the wall or the leads' view needs no link.</p>
      </PageMessage>
    );
  }
  if (feed.refused || error?.status === 401) {
    return (
      <PageMessage title="The token was refused" tone="error" testId="token-refused">
        <p>The server does not accept the token this page holds. Open the readiness link again with a viewer or lead token:</p>
        <p><code>{pageLink('readiness')}</code></p>
      </PageMessage>
    );
  }

  const live = feed.disconnectedAt === null;
  return (
    <div className="page" data-testid="readiness">
      <PageHeader title="Peak readiness" current="/readiness">
        {data ? <span className="num">{longDate(data.at, data.timeZone)} · as of {clockTime(data.at, data.timeZone)} {data.timeZone}</span> : null}
        <span className={live ? 'conn-live' : 'conn-down'} data-testid="connection">{live ? '● LIVE' : '○ RECONNECTING'}</span>
      </PageHeader>
      {error ? (
        <p className="banner banner-warn" role="alert" data-testid="readiness-error">
          Could not refresh readiness: {error.message}{fetchedAt ? ` Showing the figures fetched at ${clockTime(fetchedAt)}.` : ''}
        </p>
      ) : null}
      {data ? <Body data={data} snapshot={feed.snapshot} annotations={annotations} access={access} onAdd={onAdd} /> : (
        <p className="loading" data-testid="loading">Loading readiness…</p>
      )}
    </div>
  );
}

interface BodyProps {
  data: ReadinessReply;
  snapshot: Snapshot | null;
  annotations: Annotation[];
  access: 'lead' | 'viewer' | 'unknown';
  onAdd: (a: NewAnnotation) => Promise<void>;
}

function Body({ data, snapshot, annotations, access, onAdd }: BodyProps) {
  const channels = Object.keys(data.channels);
  const v = verdict(data);
  const range = chartRange(data);
  const starts = data.channels[channels[0] ?? '']?.intervals.map((i) => i.start) ?? [];
  // New marker arrays only when the notes change, so the charts do not redraw on every push.
  const key = channels.join(',');
  const markers = useMemo(() => new Map(key.split(',').map((ch) => [ch, markersFor(annotations, ch)])), [annotations, key]);
  return (
    <>
      <section className={`verdict verdict-${v.level}`} data-testid="verdict" aria-live="polite">
        <div className="verdict-head">
          <LevelTag level={v.level} word={v.level === 'breach' ? 'NOT UNDER CONTROL' : v.level === 'warn' ? 'WATCH' : 'UNDER CONTROL'} filled={v.level === 'breach'} />
          <h2 data-testid="verdict-headline">{v.headline}</h2>
        </div>
        {v.issues.length ? (
          <ul className="issues">
            {v.issues.map((i, k) => (
              <li key={k} className={`issue issue-${i.level}`}>
                {i.channel ? <b className="cap">{i.channel}</b> : <b>All channels</b>} {i.text}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <div className="rd-grid">
        <div className="rd-channels">
          {channels.map((ch) => (
            <ChannelReadinessCard
              key={ch} channel={ch} r={data.channels[ch]!} timeZone={data.timeZone} intervalMinutes={data.intervalMinutes}
              range={range} markers={markers.get(ch) ?? []} today={snapshot?.channels[ch]?.windows.today}
            />
          ))}
        </div>
        <aside className="rd-side">
          <TargetsTable rows={data.targets} />
          <SurveysPanel snapshot={snapshot} titleClass="panel-title" />
          <ReasonsPanel reasons={snapshot?.reasons ?? []} />
          <AnnotationsPanel
            annotations={annotations} timeZone={data.timeZone} channels={channels} starts={starts}
            nowLabel={hourMinute(data.at, data.timeZone)} access={access} leadLink={pageLink('readiness', 'lead')} onAdd={onAdd}
          />
        </aside>
      </div>
    </>
  );
}
