import { useEffect, useMemo, useState } from 'react';
import { type HistoryReply, dayIn } from '@shared/history';
import type { Snapshot } from '@shared/snapshot';
import type { Targets } from '@shared/targets';
import { fetchHistory, fetchHistoryCsv, fetchSnapshot } from '../api/historyApi';
import { type RequestError, asRequestError } from '../api/request';
import { ReviewChart } from '../charts/ReviewChart';
import { LevelTag } from '../components/page/LevelTag';
import { PageHeader, PageMessage } from '../components/page/PageHeader';
import { NO_VALUE, count, perOrder, percent } from '../model/format';
import { surveyTargetText, surveyText } from '../model/surveys';
import {
  type Judged, type MonthRow, PEAK_WEEKS, REVIEW_CHANNEL, type ReviewRanges, daysOnTarget, monthRows, reasonsByIntensity, reviewRanges, weekPairs,
} from '../model/review';
import { pageLink, readinessToken } from '../pageTokens';
import '../pages.css';
import '../review.css';

interface ReviewData {
  snapshot: Snapshot;
  ranges: ReviewRanges;
  months: HistoryReply;
  peakWeeks: HistoryReply;
  lastWeeks: HistoryReply;
  peakDays: HistoryReply;
  lastDays: HistoryReply;
}

async function loadReview(token: string, signal: AbortSignal): Promise<ReviewData> {
  const snapshot = await fetchSnapshot(token, signal);
  const ranges = reviewRanges(dayIn(snapshot.at, snapshot.timeZone));
  const [months, peakWeeks, lastWeeks, peakDays, lastDays] = await Promise.all([
    fetchHistory(token, { ...ranges.months, step: 'month' }, signal),
    fetchHistory(token, { ...ranges.peak, step: 'week' }, signal),
    fetchHistory(token, { ...ranges.lastYear, step: 'week' }, signal),
    fetchHistory(token, { ...ranges.peak, step: 'day' }, signal),
    fetchHistory(token, { ...ranges.lastYear, step: 'day' }, signal),
  ]);
  return { snapshot, ranges, months, peakWeeks, lastWeeks, peakDays, lastDays };
}

/** A percentage with its level against the target (shape and word, not colour alone). */
function Cell({ j, digits = 1, testId, text }: { j: Judged; digits?: number; testId?: string; text?: (v: number | null) => string }) {
  return (
    <td className={`n num rv-${j.level ?? 'plain'}`} data-testid={testId} data-level={j.level ?? undefined}>
      {text ? text(j.value) : j.value === null ? NO_VALUE : percent(j.value, digits)}
      {j.level === 'breach' ? <span className="rv-mark" aria-label="below target"> ▲</span> : null}
    </td>
  );
}

/** The peak review: this season month by month against the targets and beside last year's. */
export function Review() {
  const [token] = useState(readinessToken);
  const [data, setData] = useState<ReviewData | null>(null);
  const [error, setError] = useState<RequestError | null>(null);
  useEffect(() => {
    if (!token) return;
    const ctl = new AbortController();
    loadReview(token, ctl.signal).then(setData, (err: unknown) => { if (!ctl.signal.aborted) setError(asRequestError(err)); });
    return () => ctl.abort();
  }, [token]);

  if (!token || error?.status === 401) {
    return (
      <PageMessage title={token ? 'The token was refused' : 'The review needs its link'} tone={token ? 'error' : 'info'} testId="no-token">
        <p>Open the review link once, with a viewer token:</p>
        <p><code>{pageLink('review')}</code></p>
      </PageMessage>
    );
  }
  return (
    <div className="page rv" data-testid="review">
      <PageHeader title="Peak review" current="/review">
        {data ? <CsvLink token={token} from={data.ranges.lastYear.from} to={data.ranges.peak.to} /> : null}
      </PageHeader>
      {error ? <p className="banner banner-error" role="alert" data-testid="review-error">Could not load the history: {error.message}</p> : null}
      {data ? <Body data={data} /> : error ? null : <p className="loading" data-testid="loading">Loading the history…</p>}
    </div>
  );
}

/** Downloads the CSV of the reviewed days (the link fetches it with the page's token). */
function CsvLink({ token, from, to }: { token: string; from: string; to: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const download = async (e: React.MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    try {
      const url = URL.createObjectURL(new Blob([await fetchHistoryCsv(token, from, to)], { type: 'text/csv' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: `peakwatch-history-${from}-${to}.csv` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setFailed(null);
    } catch (err) {
      setFailed(asRequestError(err).message);
    }
  };
  return (
    <span className="rv-csv">
      <a href={`/api/v1/history.csv?from=${from}&to=${to}`} onClick={download} data-testid="csv-link">Download CSV</a>
      {failed ? <span className="rv-csv-error" role="alert"> {failed}</span> : null}
    </span>
  );
}

function Body({ data }: { data: ReviewData }) {
  const targets = data.snapshot.targets;
  const months = useMemo(() => monthRows(data.months, targets), [data, targets]);
  const weeks = useMemo(() => weekPairs(data.peakWeeks, data.lastWeeks, targets), [data, targets]);
  const onTarget = useMemo(() => ({ now: daysOnTarget(data.peakDays, targets), then: daysOnTarget(data.lastDays, targets) }), [data, targets]);
  const reasons = useMemo(() => reasonsByIntensity(data.peakWeeks), [data]);
  const imported = [...months, ...weeks].reduce((n, r) => n + r.now.importedDays + (r.then?.importedDays ?? 0), 0);
  const monthLabels = useMemo(() => months.map((m) => m.now.label), [months]);
  const monthSeries = useMemo(() => [
    { label: 'Contact rate', kind: 'now' as const, values: months.map((m) => m.now.contactRate.value) },
    { label: 'A year earlier', kind: 'then' as const, values: months.map((m) => m.then?.contactRate.value ?? null) },
    { label: `Goal ${percent(targets.contactRate, 1)}`, kind: 'target' as const, values: months.map(() => targets.contactRate) },
  ], [months, targets]);
  const weekLabels = useMemo(() => weeks.map((w) => w.now.label), [weeks]);
  const slSeries = useMemo(() => [
    { label: 'Chat SL this peak', kind: 'now' as const, values: weeks.map((w) => w.now.chatSl.value) },
    { label: 'Chat SL last year', kind: 'then' as const, values: weeks.map((w) => w.then?.chatSl.value ?? null) },
    { label: 'Goal', kind: 'target' as const, values: weeks.map(() => targets.channels[REVIEW_CHANNEL]?.serviceLevel ?? null) },
  ], [weeks, targets]);
  const csatSeries = useMemo(() => [
    { label: 'CSAT this peak', kind: 'now' as const, values: weeks.map((w) => w.now.csat.value) },
    { label: 'CSAT last year', kind: 'then' as const, values: weeks.map((w) => w.then?.csat.value ?? null) },
    { label: 'Goal', kind: 'target' as const, values: weeks.map(() => targets.csat) },
  ], [weeks, targets]);
  return (
    <>
      <p className="rv-note" data-testid="review-note">
        Days end at midnight {data.snapshot.timeZone}; today is not in the history until it ends.
        {imported ? ` Periods marked * hold imported days (${imported} here), not measured by Peakwatch.` : ''}
        {data.snapshot.demoNote ? ` ${data.snapshot.demoNote}.` : ''}
      </p>
      <section className="panel rv-panel" aria-labelledby="rv-months">
        <h2 id="rv-months" className="panel-title">Month by month against the targets</h2>
        <PairTable rows={months} testId="months-table" prefix="month" first="Month" targets={targets} empty="No days in the history yet." />
      </section>
      <div className="rv-charts">
        <ReviewChart title="Contact rate by month" labels={monthLabels} series={monthSeries} testId="chart-months" />
        <ReviewChart title={`Chat service level: this peak's ${PEAK_WEEKS} weeks beside last year's`} labels={weekLabels} series={slSeries} testId="chart-sl" />
        <ReviewChart title="CSAT: this peak beside last year's" labels={weekLabels} series={csatSeries} testId="chart-csat" />
      </div>
      <section className="panel rv-panel" aria-labelledby="rv-peak">
        <h2 id="rv-peak" className="panel-title">This peak beside last year's (the same weekdays, 364 days earlier)</h2>
        <PairTable rows={weeks} testId="peak-table" prefix="week" first="Week" targets={targets} empty="" />
      </section>
      <div className="rv-row">
        <section className="panel rv-panel" aria-labelledby="rv-days">
          <h2 id="rv-days" className="panel-title">Days on the service-level target</h2>
          <table className="rv-table" data-testid="days-table">
            <thead><tr><th>Channel</th><th className="n">This peak</th><th className="n">Last year</th></tr></thead>
            <tbody>
              {onTarget.now.map((d, i) => {
                const then = onTarget.then[i]!;
                return (
                  <tr key={d.channel} data-testid={`days-${d.channel}`}>
                    <td className="cap">{d.channel}</td>
                    <td className="n num">{d.days ? `${d.onTarget} of ${d.days}` : NO_VALUE}</td>
                    <td className="n num">{then.days ? `${then.onTarget} of ${then.days}` : NO_VALUE}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <section className="panel rv-panel" aria-labelledby="rv-reasons">
          <h2 id="rv-reasons" className="panel-title">Reasons by intensity this peak (contacts per order)</h2>
          <table className="rv-table" data-testid="reasons-table">
            <thead><tr><th>Reason</th><th className="n">Contacts</th><th className="n">Intensity</th></tr></thead>
            <tbody>
              {reasons.length === 0 ? <tr><td colSpan={3} className="rv-empty">No reason-tagged contacts in these weeks.</td></tr> : reasons.map((r) => (
                <tr key={r.reason} data-testid={`reason-${r.reason}`}>
                  <td><span className="cut" title={r.reason}>{r.reason}</span></td>
                  <td className="n num">{count(r.count)}</td>
                  <td className="n num">{perOrder(r.intensity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}

/** Periods (months, weeks) beside the same period a year earlier: the figures the notes judge a peak by. */
function PairTable({ rows, testId, prefix, first, targets, empty }: {
  rows: { now: MonthRow; then: MonthRow | null }[]; testId: string; prefix: string; first: string; targets: Targets; empty: string;
}) {
  const sl = targets.channels[REVIEW_CHANNEL]?.serviceLevel ?? null;
  return (
    <table className="rv-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{first}</th><th className="n">Contact rate ≤ {percent(targets.contactRate, 1)}</th><th className="n rv-then">a year earlier</th>
          <th className="n">CSAT ≥ {percent(targets.csat, 0)}</th><th className="n rv-then">a year earlier</th><th className="n">NPS{surveyTargetText('nps', targets) ? ` ${surveyTargetText('nps', targets)}` : ''}</th>
          <th className="n">Chat SL ≥ {percent(sl, 0)}</th><th className="n rv-then">a year earlier</th>
          <th className="n">Contacts</th><th className="n rv-then">a year earlier</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? <tr><td colSpan={10} className="rv-empty">{empty}</td></tr> : rows.map(({ now, then }) => {
          const id = `${prefix}-${now.label}`;
          return (
            <tr key={now.label} data-testid={id}>
              <td className="num">{now.label}{now.importedDays || then?.importedDays ? <span title="holds imported days">*</span> : null}</td>
              <Cell j={now.contactRate} testId={`${id}-contact-rate`} /><Cell j={then?.contactRate ?? NONE} testId={`${id}-last-contact-rate`} />
              <Cell j={now.csat} digits={0} testId={`${id}-csat`} /><Cell j={then?.csat ?? NONE} digits={0} testId={`${id}-last-csat`} />
              <Cell j={now.nps} text={npsCell} testId={`${id}-nps`} />
              <Cell j={now.chatSl} digits={0} testId={`${id}-chat-sl`} /><Cell j={then?.chatSl ?? NONE} digits={0} testId={`${id}-last-chat-sl`} />
              <td className="n num">{now.days ? count(now.arrivals) : NO_VALUE}</td><td className="n num">{then ? count(then.arrivals) : NO_VALUE}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const NONE: Judged = { value: null, level: null };
const npsCell = (v: number | null) => surveyText('nps', v);
