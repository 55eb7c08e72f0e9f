import { useEffect, useState } from 'react';
import type { Rule } from '@shared/alerts';
import type { ConnectorHealth, PublicConnector } from '@shared/connectors';
import { getConnectorHealth, getConnectors } from '../api/connectorsApi';
import { ConnectorsSection } from '../components/settings/ConnectorsSection';
import type { Targets } from '@shared/targets';
import { RequestError, type Role, probeRole } from '../api/request';
import type { Cardinality } from '@shared/cardinality';
import { getNameFolds } from '../api/namesApi';
import { type DayForecast, type PublicReceiver, getDisplay, getForecast, getReceivers, getRules, getTargets } from '../api/settingsApi';
import type { DisplaySettings } from '@shared/display';
import { DisplaySection } from '../components/settings/DisplaySection';
import { PageHeader, PageMessage } from '../components/page/PageHeader';
import { ForecastSection } from '../components/settings/ForecastSection';
import { NamesSection } from '../components/settings/NamesSection';
import { ReceiversSection } from '../components/settings/ReceiversSection';
import { RetractSection } from '../components/settings/RetractSection';
import { RulesSection } from '../components/settings/RulesSection';
import { TargetsSection } from '../components/settings/TargetsSection';
import { HoursSection } from '../components/settings/HoursSection';
import { fetchChannels } from '../api/channelsApi';
import type { ChannelsSettings } from '@shared/channel-state';
import { adminToken, pageLink } from '../pageTokens';
import '../pages.css';
import '../settings.css';

interface Loaded {
  role: Role;
  targets: Targets;
  display: DisplaySettings;
  rules: Rule[];
  /** Null for a token that may not read them (not an admin's). */
  receivers: PublicReceiver[] | null;
  forecast: DayForecast | null;
  channels: ChannelsSettings;
  /** Null when the snapshot could not be read. */
  names: { cardinality: Cardinality | null; timeZone: string } | null;
  /** Null for a token that may not read them (a viewer's). */
  connectors: { list: PublicConnector[]; health: ConnectorHealth[] } | null;
}

type LoadState = { kind: 'loading' } | { kind: 'loaded'; data: Loaded } | { kind: 'refused' } | { kind: 'failed'; message: string };

async function load(token: string, signal: AbortSignal): Promise<LoadState> {
  const role = await probeRole(token, signal);
  if (role === null) return { kind: 'refused' };
  const [targets, display, rules, receivers, forecast, channels, names, connectors] = await Promise.all([
    getTargets(token, signal),
    getDisplay(token, signal),
    getRules(token, signal),
    role === 'admin' ? getReceivers(token, signal) : Promise.resolve(null),
    getForecast(token, signal).catch(() => null),
    fetchChannels(token, signal),
    getNameFolds(token, signal).catch(() => null),
    role === 'viewer' ? Promise.resolve(null)
      : Promise.all([getConnectors(token, signal), getConnectorHealth(token, signal)]).then(([list, h]) => ({ list, health: h.connectors })),
  ]);
  return { kind: 'loaded', data: { role, targets, display, rules, receivers, forecast, channels, names, connectors } };
}

/** The admin's page: targets, the wall's survey, opening hours, alert rules, receivers, connectors, the arrivals forecast, retracting an event, and the name limits' state. */
export function Settings() {
  const [token] = useState(adminToken);
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  // Targets saved on this page: the rules that follow them read the new ones at once.
  const [savedTargets, setSavedTargets] = useState<Targets | null>(null);

  useEffect(() => {
    if (!token) return;
    const ctl = new AbortController();
    load(token, ctl.signal).then(setState).catch((err: unknown) => {
      if (ctl.signal.aborted) return;
      setState({ kind: 'failed', message: err instanceof RequestError ? err.message : String(err) });
    });
    return () => ctl.abort();
  }, [token]);

  if (!token) {
    return (
      <PageMessage title="Settings need the admin link" tone="info" testId="no-token">
        <p>Open the settings link once, with the admin token:</p>
        <p><code>{pageLink('settings')}</code></p>
        <p className="dim">This browser keeps it apart from the wall's viewer token. Peakwatch prints the admin token when it starts (or set <code>PEAKWATCH_ADMIN_TOKEN</code>).</p>
      </PageMessage>
    );
  }
  if (state.kind === 'refused') {
    return (
      <PageMessage title="The token was refused" tone="error" testId="token-refused">
        <p>The server does not accept the token this page holds. Open the settings link again with the admin token:</p>
        <p><code>{pageLink('settings')}</code></p>
      </PageMessage>
    );
  }

  const data = state.kind === 'loaded' ? state.data : null;
  const canSave = data?.role === 'admin';
  return (
    <div className="page" data-testid="settings">
      <PageHeader title="Settings" current="/settings">
        <nav className="section-nav" aria-label="Sections">
          <a href="#targets">Targets</a><a href="#display">Wall</a><a href="#hours">Hours</a><a href="#rules">Alert rules</a><a href="#receivers">Receivers</a><a href="#connectors">Connectors</a><a href="#forecast">Forecast</a><a href="#names">Names</a>
          {state.kind === 'loaded' && state.data.role === 'admin' ? <a href="#retract">Retract an event</a> : null}
        </nav>
      </PageHeader>
      {state.kind === 'loading' ? <p className="loading">Loading settings…</p> : null}
      {state.kind === 'failed' ? <p className="banner banner-error" role="alert">Could not load the settings: {state.message}</p> : null}
      {data && !canSave ? (
        <p className="banner banner-warn" role="alert" data-testid="not-admin">
          This page holds a {data.role} token: you can read the targets and rules, but saving needs the admin token. Open <code>{pageLink('settings')}</code>.
        </p>
      ) : null}
      {data ? (
        <>
          <TargetsSection token={token} targets={data.targets} canSave={canSave} onSaved={setSavedTargets} />
          <DisplaySection token={token} display={data.display} canSave={canSave} />
          <HoursSection token={token} settings={data.channels} timeZone={data.forecast?.timeZone ?? null} canSave={canSave} />
          <RulesSection token={token} rules={data.rules} targets={savedTargets ?? data.targets} canSave={canSave} />
          {data.receivers ? <ReceiversSection token={token} receivers={data.receivers} canSave={canSave} /> : null}
          {data.connectors ? <ConnectorsSection token={token} connectors={data.connectors.list} health={data.connectors.health} canSave={canSave} /> : null}
          <ForecastSection token={token} forecast={data.forecast} canSave={canSave} />
          {canSave ? <RetractSection token={token} /> : null}
          <NamesSection cardinality={data.names?.cardinality ?? null} timeZone={data.names?.timeZone} />
        </>
      ) : null}
    </div>
  );
}
