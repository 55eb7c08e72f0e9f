import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { WINDOWS, type WindowName } from '../../shared/channels';
import type { Snapshot, TotalsWindow, WindowFigures } from '../../shared/snapshot';

/** Prometheus metrics of one app: ingest counters plus the live figures, read at scrape time. */
export function createMetrics(snapshot: () => Promise<Snapshot>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'peakwatch_process_' });
  const events = new Counter({ name: 'peakwatch_ingest_events_total', help: 'Events received, by result', labelNames: ['result'] as const, registers: [registry] });
  const batches = new Counter({ name: 'peakwatch_ingest_batches_total', help: 'Ingest requests, by HTTP status', labelNames: ['status'] as const, registers: [registry] });
  const latency = new Histogram({
    name: 'peakwatch_ingest_batch_seconds', help: 'Time from request to Redis having applied the batch',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  const connectorRequests = new Counter({
    name: 'peakwatch_connector_requests_total', help: 'Connector webhook requests, by connector and result (ok, refused: bad proof, bad_request)',
    labelNames: ['connector', 'result'] as const, registers: [registry],
  });
  const connectorEvents = new Counter({
    name: 'peakwatch_connector_events_total', help: 'Events from connector webhooks, by connector and result (accepted, duplicate, ignored, rejected)',
    labelNames: ['connector', 'result'] as const, registers: [registry],
  });

  let snap: Snapshot | null = null;
  const gauge = (name: string, help: string, labelNames: string[], read: (s: Snapshot, set: (labels: Record<string, string>, v: number | null) => void) => void) =>
    new Gauge({
      name, help, labelNames, registers: [registry],
      collect() {
        this.reset();
        if (!snap) return;
        read(snap, (labels, v) => { if (v !== null) this.set(labels, v); });
      },
    });
  gauge('peakwatch_snapshot_timestamp_seconds', 'When the figures of this scrape were computed', [], (s, set) => set({}, s.at / 1000));
  gauge('peakwatch_last_event_timestamp_seconds', 'When the server last applied an event (channel "total": of any kind); absent before the first', ['channel'], (s, set) => {
    set({ channel: 'total' }, s.lastEventAt === null ? null : s.lastEventAt / 1000);
    for (const [channel, c] of Object.entries(s.channels)) set({ channel }, c.lastEventAt === null ? null : c.lastEventAt / 1000);
  });
  gauge('peakwatch_waiting', 'Contacts waiting now', ['channel'], (s, set) => { for (const [channel, c] of Object.entries(s.channels)) set({ channel }, c.waiting); });
  gauge('peakwatch_oldest_wait_seconds', 'Age of the longest-waiting contact', ['channel'], (s, set) => {
    for (const [channel, c] of Object.entries(s.channels)) set({ channel }, c.oldestWaitingSince === null ? 0 : Math.max(0, (s.at - c.oldestWaitingSince) / 1000));
  });
  gauge('peakwatch_open', 'Open contacts (backlog)', ['channel'], (s, set) => { for (const [channel, c] of Object.entries(s.channels)) set({ channel }, c.open); });
  gauge('peakwatch_oldest_open_seconds', 'Age of the oldest open contact', ['channel'], (s, set) => {
    for (const [channel, c] of Object.entries(s.channels)) set({ channel }, c.oldestOpenSince === null ? 0 : Math.max(0, (s.at - c.oldestOpenSince) / 1000));
  });
  gauge('peakwatch_agents', 'Agents by latest status', ['channel', 'status'], (s, set) => {
    for (const [channel, c] of Object.entries(s.channels)) for (const [status, n] of Object.entries(c.agents)) set({ channel, status }, n);
  });
  gauge('peakwatch_service_level', 'Service level (0-1)', ['channel', 'window'], (s, set) => {
    for (const [channel, c] of Object.entries(s.channels)) for (const w of WINDOWS) set({ channel, window: w }, c.windows[w].serviceLevel);
  });
  gauge('peakwatch_abandon_rate', 'Abandon rate (0-1)', ['channel', 'window'], (s, set) => {
    for (const [channel, c] of Object.entries(s.channels)) for (const w of WINDOWS) set({ channel, window: w }, c.windows[w].abandonRate);
  });
  gauge('peakwatch_repeat_rate', 'Share of arrivals with a customerId whose customer had another contact within the repeat window before (0-1)', ['channel', 'window'], (s, set) => {
    for (const [channel, c] of Object.entries(s.channels)) for (const w of WINDOWS) set({ channel, window: w }, c.windows[w].repeatRate);
  });
  gauge('peakwatch_asa_seconds', 'Average speed of answer', ['channel', 'window'], (s, set) => {
    for (const [channel, c] of Object.entries(s.channels)) for (const w of WINDOWS) set({ channel, window: w }, c.windows[w].asa);
  });
  gauge('peakwatch_arrivals', 'Contacts queued in the window', ['channel', 'window'], (s, set) => {
    for (const [channel, c] of Object.entries(s.channels)) for (const w of WINDOWS) set({ channel, window: w }, c.windows[w].arrivals);
  });
  // The name registries: one series per channel for queues, channel "" for the tenant's reasons.
  const registries = (s: Snapshot) => [
    ...Object.entries(s.cardinality?.queues ?? {}).map(([channel, fold]) => ({ kind: 'queue', channel, fold })),
    ...(s.cardinality ? [{ kind: 'reason', channel: '', fold: s.cardinality.reasons }] : []),
  ];
  gauge('peakwatch_names', 'Distinct queue (per channel) or reason names used within the bucket retention', ['kind', 'channel'], (s, set) => {
    for (const r of registries(s)) set({ kind: r.kind, channel: r.channel }, r.fold.names);
  });
  gauge('peakwatch_names_limit', 'Names kept before more fold into (other): PEAKWATCH_MAX_QUEUES, PEAKWATCH_MAX_REASONS', ['kind', 'channel'], (s, set) => {
    for (const r of registries(s)) set({ kind: r.kind, channel: r.channel }, r.fold.limit);
  });
  new Counter({
    name: 'peakwatch_names_folded_total', help: 'Contacts and survey responses counted under (other) because their queue or reason was beyond the limit',
    labelNames: ['kind', 'channel'], registers: [registry],
    collect() {
      this.reset();
      if (snap) for (const r of registries(snap)) this.inc({ kind: r.kind, channel: r.channel }, r.fold.folded);
    },
  });
  gauge('peakwatch_contact_rate', 'Contacts per order (0-1)', ['window'], (s, set) => { for (const w of WINDOWS) set({ window: w }, s.totals.windows[w].contactRate); });
  gauge('peakwatch_csat', 'Share of CSAT responses scoring 4-5', ['window'], (s, set) => { for (const w of WINDOWS) set({ window: w }, s.totals.windows[w].csat); });
  // Surveys per channel and across channels (channel "total"); absent while a window has no response.
  const bySurveyChannel = (s: Snapshot, each: (channel: string, w: WindowName, f: WindowFigures | TotalsWindow) => void) => {
    for (const w of WINDOWS) {
      for (const [channel, c] of Object.entries(s.channels)) each(channel, w, c.windows[w]);
      each('total', w, s.totals.windows[w]);
    }
  };
  gauge('peakwatch_ces', 'Share of CES responses scoring 5-7, "easy" (0-1)', ['channel', 'window'], (s, set) => bySurveyChannel(s, (channel, window, f) => set({ channel, window }, f.ces)));
  gauge('peakwatch_ces_mean', 'Mean CES score (1-7)', ['channel', 'window'], (s, set) => bySurveyChannel(s, (channel, window, f) => set({ channel, window }, f.cesMean)));
  gauge('peakwatch_nps', 'Net promoter score (-100 to 100)', ['channel', 'window'], (s, set) => bySurveyChannel(s, (channel, window, f) => set({ channel, window }, f.nps)));
  gauge('peakwatch_survey_responses', 'Survey responses in the window, by kind (csat, ces, nps)', ['kind', 'channel', 'window'], (s, set) => bySurveyChannel(s, (channel, window, f) => {
    set({ kind: 'csat', channel, window }, f.csatResponses);
    set({ kind: 'ces', channel, window }, f.cesResponses);
    set({ kind: 'nps', channel, window }, f.npsResponses);
  }));

  /** The text exposition, with the live figures of one snapshot taken for this scrape. */
  async function scrape(): Promise<string> {
    snap = await snapshot().catch(() => null);
    return registry.metrics();
  }

  return { registry, events, batches, latency, connectorRequests, connectorEvents, scrape };
}

export type AppMetrics = ReturnType<typeof createMetrics>;
