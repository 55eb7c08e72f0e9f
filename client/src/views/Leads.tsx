import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import type { Alert } from '@shared/alerts';
import type { AlertEvent } from '@shared/socket';
import { type AlertForm, LeadAlertCard } from '../components/leads/LeadAlertCard';
import { HistoryPanel } from '../components/leads/HistoryPanel';
import { ChannelsPanel } from '../components/leads/ChannelsPanel';
import { LeadsHeader } from '../components/leads/LeadsHeader';
import { ReceiversPanel } from '../components/leads/ReceiversPanel';
import { ackAlert, silenceAlert } from '../leadsApi';
import { annotationWhen, mergeAnnotations } from '../model/annotations';
import { clockTime } from '../model/format';
import { foldNotice } from '../model/nameFolds';
import { type AlertNewsMap, activeAlerts, describeLeadAlert, takeAlertEvent } from '../model/leadAlerts';
import { alertNamer, historyLines } from '../model/leadHistory';
import { receiversView } from '../model/receivers';
import { staleness } from '../model/stale';
import { LEAD_TOKEN_STORAGE_KEY, TOKEN_PARAM, TOKEN_STORAGE_KEY, browserTokenEnv, resolveToken } from '../token';
import { useLeadData } from '../useLeadData';
import { useNow } from '../useNow';
import { useSnapshot } from '../useSnapshot';
import { SurveysPanel } from '../components/SurveysPanel';
import '../leads.css';

const leadsLink = () => `${window.location.origin}/leads?${TOKEN_PARAM}=<lead token>`;

/** A message in the page's flow (the leads' view scrolls; it does not take the screen like the wall's). */
function Notice({ tone, testId, title, children }: { tone: 'info' | 'warn' | 'error'; testId: string; title: string; children?: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} data-testid={testId} role={tone === 'info' ? 'status' : 'alert'}>
      <strong className="notice-title">{title}</strong>
      {children ? <div className="notice-body">{children}</div> : null}
    </div>
  );
}

/**
 * The leads' view, for a laptop and a phone: the active alerts live (what breached, by how much, since when),
 * ack and silence them, the receivers' delivery health, and the alert log. A lead token acts; a viewer token
 * (the wall's, say) reads only.
 */
export function Leads() {
  // A lead link is kept under its own key; without one, the wall's viewer token still shows the alerts.
  const [token] = useState(() => resolveToken(browserTokenEnv(), LEAD_TOKEN_STORAGE_KEY, [TOKEN_STORAGE_KEY]));
  const [news, setNews] = useState<AlertNewsMap>({});
  const [openForm, setOpenForm] = useState<{ kind: AlertForm; alert: Alert } | null>(null);
  const data = useLeadData(token);
  const { refresh } = data;
  const take = useCallback((event: AlertEvent) => setNews((n) => takeAlertEvent(n, event, Date.now())), []);
  const onAlert = useCallback((event: AlertEvent) => {
    take(event);
    refresh();
  }, [take, refresh]);
  const feed = useSnapshot(token, { view: 'leads', onAlert });
  const now = useNow();
  const { snapshot } = feed;
  const timeZone = snapshot?.timeZone;

  // A reconnect may have missed events: the log and the receivers are read again (the first load is at mount).
  useEffect(() => { if (feed.epoch > 1) refresh(); }, [feed.epoch, refresh]);

  const alerts = useMemo(() => activeAlerts(snapshot?.alerts ?? [], news, data.history, now), [snapshot, news, data.history, now]);
  const firing = alerts.filter((a) => a.state === 'firing').length;
  useEffect(() => { document.title = `${firing ? `(${firing}) ` : ''}Peakwatch — leads`; }, [firing]);

  const lines = useMemo(() => historyLines(data.history, alertNamer(alerts, data.rules), now, timeZone), [data.history, data.rules, alerts, now, timeZone]);
  const receivers = data.health ? receiversView(data.health, now, timeZone) : null;
  const folds = foldNotice(snapshot?.cardinality, timeZone);

  if (!token) {
    return (
      <div className="leads" data-testid="leads">
        <main className="leads-main leads-single">
          <Notice tone="info" testId="no-token" title="Open the leads link once">
            <p>This view needs a token. Open the link with your lead token:</p>
            <p><code>{leadsLink()}</code></p>
            <p>This browser keeps it, so you open the link only once.</p>
          </Notice>
        </main>
      </div>
    );
  }
  if (feed.refused || data.role === 'refused') {
    return (
      <div className="leads" data-testid="leads">
        <main className="leads-main leads-single">
          <Notice tone="error" testId="token-refused" title="This browser's token was refused">
            <p>Open the leads link again with the right lead token:</p>
            <p><code>{leadsLink()}</code></p>
            {feed.refused ? <p className="dim">Server said: {feed.refused}.</p> : null}
          </Notice>
        </main>
      </div>
    );
  }

  const stale = staleness(feed, now);
  const canAct = data.role === 'lead' || data.role === 'unknown';
  const shown = alerts.map((alert) => ({ alert, gone: false }));
  if (openForm && !alerts.some((a) => a.id === openForm.alert.id)) shown.push({ alert: openForm.alert, gone: true });
  const pending = alerts.length - firing;

  const ack = async (alertId: string, body: { note: string }) => {
    try {
      take({ kind: 'acked', alert: await ackAlert(token, alertId, body) });
    } finally {
      refresh();
    }
  };
  const silence = async (body: { alertId: string; minutes: number; reason: string }) => {
    try {
      take({ kind: 'silenced', alert: await silenceAlert(token, body) });
    } finally {
      refresh();
    }
  };

  return (
    <div className={`leads${stale ? ' leads-stale' : ''}`} data-testid="leads">
      <LeadsHeader now={now} timeZone={timeZone} live={feed.disconnectedAt === null} role={data.role}
        counts={{ alerts: alerts.length, receiversTroubled: receivers?.troubled.length ?? 0 }} />
      <main className="leads-main">
        <div className="leads-notices">
          {stale ? (
            <Notice tone="warn" testId="stale" title={stale.hadData ? `Not live — no data since ${clockTime(stale.since, timeZone)}` : 'Connecting to Peakwatch…'}>
              {stale.reason === 'disconnected' ? 'Reconnecting. What you see below may be out of date.' : 'Connected, but the server sends no updates.'}
            </Notice>
          ) : null}
          {data.role === 'viewer' ? (
            <Notice tone="info" testId="read-only" title="Read only: acking needs a lead token">
              This browser holds a viewer token: it shows the alerts but cannot ack or silence them, nor see the receivers.
              To act, open <code>/leads?{TOKEN_PARAM}=&lt;lead token&gt;</code> once.
            </Notice>
          ) : null}
          {receivers && receivers.troubled.length > 0 ? (
            <Notice tone="error" testId="receivers-alarm" title={`Notifications failing: ${receivers.troubled.join(', ')}`}>
              People may not hear of new alerts through {receivers.troubled.length === 1 ? 'it' : 'them'}: <a href="#receivers">see receivers</a>.
            </Notice>
          ) : null}
          {folds.length > 0 ? (
            <Notice tone="warn" testId="name-folds" title="Names beyond the limit are counted under (other)">
              <ul className="fold-lines">{folds.map((line) => <li key={line} data-testid="name-fold-line">{line}</li>)}</ul>
              <p className="dim">Channel totals stay exact. Many folds usually mean an integration sends ids as queue or reason names.</p>
            </Notice>
          ) : null}
        </div>

        <section className="panel leads-alerts" id="alerts" data-testid="alerts" aria-labelledby="alerts-h">
          <h2 id="alerts-h" className="panel-h">
            Active alerts
            <span className="panel-sub" data-testid="alerts-summary">{firing} firing · {pending} pending</span>
          </h2>
          {!snapshot ? <p className="panel-empty">Connecting…</p> : null}
          {snapshot && shown.length === 0 ? (
            <p className="all-clear" data-testid="no-alerts"><span aria-hidden="true">✓</span> No active alerts. All targets hold.</p>
          ) : null}
          <ul className="la-list">
            {shown.map(({ alert, gone }) => (
              <LeadAlertCard
                key={alert.id}
                view={describeLeadAlert(alert, now, timeZone)}
                gone={gone}
                canAct={canAct}
                form={openForm?.alert.id === alert.id ? openForm.kind : null}
                onForm={(kind) => setOpenForm(kind ? { kind, alert } : null)}
                ack={(body) => ack(alert.id, body)}
                silence={silence}
              />
            ))}
          </ul>
        </section>

        <ChannelsPanel token={token} snapshot={snapshot} canAct={canAct} />

        <SurveysPanel snapshot={snapshot} titleClass="panel-h" />

        <section className="panel" id="notes" data-testid="lead-notes" aria-labelledby="notes-h">
          <h2 id="notes-h" className="panel-h">Incident notes <span className="panel-sub">today · added on the readiness page</span></h2>
          {(snapshot?.annotations ?? []).length === 0 ? <p className="panel-empty">No notes today.</p> : (
            <ul className="lead-notes">
              {mergeAnnotations(snapshot?.annotations ?? [], []).map((a) => (
                <li key={a.id} data-testid="lead-note">
                  <b className="num">{annotationWhen(a, timeZone)}</b> {a.channel ?? 'all channels'} — {a.text} <span className="dim">({a.by})</span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <ReceiversPanel view={receivers} role={data.role} error={data.healthError} />
        <HistoryPanel lines={lines} loaded={data.historyLoaded} error={data.historyError} />
      </main>
    </div>
  );
}
