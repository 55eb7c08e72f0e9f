import { type ChangeEvent, useState } from 'react';
import { type FieldProblem, asRequestError } from '../../api/request';
import { type DayForecast, getForecast, putForecast } from '../../api/settingsApi';
import { clockTime } from '../../model/format';
import { FORECAST_EXAMPLE, FORECAST_MAX_BYTES, forecastContentType, storedSummary } from '../../model/forecastUpload';
import { type SaveState, SectionStatus } from './SectionStatus';

const SOURCE: Record<string, string> = { uploaded: 'uploaded', 'last-week': 'same day last week (no upload)', none: 'no forecast' };

/** Upload an arrivals forecast (CSV or JSON); a bad row comes back as `row 7, column arrivals: …`. */
export function ForecastSection({ token, forecast: initial, canSave }: { token: string; forecast: DayForecast | null; canSave: boolean }) {
  const [forecast, setForecast] = useState(initial);
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    setFile(e.target.files?.[0] ?? null);
    setProblems([]);
    setState({ kind: 'idle' });
  };

  const upload = async () => {
    if (!file) return;
    if (file.size > FORECAST_MAX_BYTES) {
      setState({ kind: 'error', message: `${file.name} is larger than 2 MiB; split it by day.` });
      return;
    }
    setState({ kind: 'saving' });
    setProblems([]);
    try {
      const text = await file.text();
      const reply = await putForecast(token, text, forecastContentType(file.name, text));
      setState({ kind: 'saved', message: `${storedSummary(reply)} (${clockTime(Date.now())})` });
      setForecast(await getForecast(token).catch(() => forecast));
    } catch (err) {
      const re = asRequestError(err);
      setProblems(re.fields);
      setState({ kind: 'error', message: `Not stored: ${re.message}` });
    }
  };

  return (
    <section className="panel settings-section" id="forecast" aria-labelledby="forecast-h">
      <h2 id="forecast-h" className="panel-title">Arrivals forecast</h2>
      <p className="section-help">
        CSV with the header <code>channel,interval_start,arrivals</code> (15-minute intervals; <code>HH:MM</code> for today or an ISO time), or a JSON
        array of <code>{'{channel, intervalStart, arrivals}'}</code>. An upload replaces the forecast of the days and channels it names.
      </p>
      {forecast ? (
        <p className="forecast-now" data-testid="forecast-sources">
          Today ({forecast.day}):{' '}
          {Object.entries(forecast.channels).map(([ch, c], i) => (
            <span key={ch}>{i ? ' · ' : ''}<b className="cap">{ch}</b> {SOURCE[c.source] ?? c.source}{c.uploadedAt ? ` at ${clockTime(c.uploadedAt, forecast.timeZone)}` : ''}</span>
          ))}
        </p>
      ) : null}
      <div className="actions">
        <input type="file" accept=".csv,.json,text/csv,application/json" onChange={pick} aria-label="Forecast file" data-testid="forecast-file" />
        <button type="button" onClick={() => void upload()} disabled={!canSave || !file || state.kind === 'saving'} data-testid="upload-forecast">Upload forecast</button>
        <SectionStatus state={state} testId="forecast-status" />
      </div>
      {problems.length ? (
        <table className="problems" data-testid="forecast-problems">
          <thead><tr><th>Row</th><th>Column</th><th>Problem</th></tr></thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}><td className="num">{p.row === 0 ? 'file' : p.row}</td><td>{p.column ?? '—'}</td><td>{p.message}</td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <details className="example">
        <summary>Example CSV</summary>
        <pre>{FORECAST_EXAMPLE}</pre>
      </details>
    </section>
  );
}
