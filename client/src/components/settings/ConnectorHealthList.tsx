import { useEffect, useState } from 'react';
import type { ConnectorHealth, PublicConnector } from '@shared/connectors';
import { type ConnectorSample, type ConnectorTest, getConnectorHealth, getConnectorSample, testConnector } from '../../api/connectorsApi';
import { asRequestError } from '../../api/request';
import { clockTime } from '../../model/format';

/** How often the health is read again while the page is open. */
const REFRESH_MS = 10_000;

const when = (ms: number | null) => (ms === null ? 'never' : clockTime(ms));

/** Per saved connector: its webhook URL, health, latest refusals, the sample it accepts and a test event (a dry run). */
export function ConnectorHealthList({ token, connectors, initial, canTest }: {
  token: string; connectors: PublicConnector[]; initial: ConnectorHealth[]; canTest: boolean;
}) {
  const [health, setHealth] = useState(initial);
  const [samples, setSamples] = useState<Record<string, ConnectorSample | string>>({});
  const [tests, setTests] = useState<Record<string, ConnectorTest | string>>({});

  useEffect(() => {
    const ctl = new AbortController();
    const read = () => getConnectorHealth(token, ctl.signal).then((h) => setHealth(h.connectors)).catch(() => {});
    void read();
    const timer = setInterval(read, REFRESH_MS);
    return () => { clearInterval(timer); ctl.abort(); };
  }, [token, connectors]);

  useEffect(() => {
    if (!canTest) return;
    for (const c of connectors) {
      getConnectorSample(token, c.name).then((s) => setSamples((x) => ({ ...x, [c.name]: s })))
        .catch((err: unknown) => setSamples((x) => ({ ...x, [c.name]: asRequestError(err).message })));
    }
  }, [token, connectors, canTest]);

  const runTest = async (name: string) => {
    try {
      const t = await testConnector(token, name);
      setTests((x) => ({ ...x, [name]: t }));
    } catch (err) {
      setTests((x) => ({ ...x, [name]: asRequestError(err).message }));
    }
  };

  if (connectors.length === 0) return null;
  return (
    <div className="connector-health" data-testid="connector-health">
      {connectors.map((c) => {
        const h = health.find((x) => x.name === c.name);
        const sample = samples[c.name];
        const test = tests[c.name];
        return (
          <article key={c.name} className="connector-card" data-testid={`connector-card-${c.name}`}>
            <h3>{c.name} <span className="dim">{c.type}</span></h3>
            <p>Webhook URL (paste it into the source): <code data-testid={`webhook-url-${c.name}`}>{typeof sample === 'object' ? sample.webhookUrl : `/api/v1/connectors/${c.name}`}</code></p>
            {h ? (
              <p data-testid={`health-${c.name}`}>
                Last request {when(h.lastRequestAt)}, last event {when(h.lastEventAt)} · accepted {h.accepted} · duplicates {h.duplicates} ·
                ignored {h.ignored} · rejected {h.rejected} · refused {h.refused}
              </p>
            ) : null}
            {h?.lastError ? <p className="banner banner-warn" data-testid={`last-error-${c.name}`}>Last error ({when(h.lastErrorAt)}): {h.lastError}</p> : null}
            {h && h.refusals.length ? (
              <details data-testid={`refusals-${c.name}`}>
                <summary>Refused requests ({h.refusals.length} latest)</summary>
                <ul>{h.refusals.map((r, i) => <li key={i}>{clockTime(r.at)}: {r.reason}</li>)}</ul>
              </details>
            ) : null}
            {typeof sample === 'object' ? (
              <details><summary>Sample payload it accepts ({sample.contentType})</summary><pre data-testid={`sample-${c.name}`}>{sample.body}</pre></details>
            ) : null}
            {canTest ? <button type="button" className="secondary" onClick={() => void runTest(c.name)} data-testid={`test-${c.name}`}>Send a test event</button> : null}
            {typeof test === 'string' ? <p className="banner banner-error" data-testid={`test-result-${c.name}`}>{test}</p> : null}
            {typeof test === 'object' ? (
              <div data-testid={`test-result-${c.name}`}>
                <p>
                  Test (a dry run, nothing applied): {test.events.length} event{test.events.length === 1 ? '' : 's'}, {test.ignored.length} ignored,{' '}
                  {test.rejected.length} rejected{test.rejected.length ? `: ${test.rejected.map((r) => r.error).join('; ')}` : ''}.
                </p>
                <pre>{JSON.stringify(test.events, null, 2)}</pre>
              </div>
            ) : null}
          </article>
        );
      })}
    </div>
  );
}
