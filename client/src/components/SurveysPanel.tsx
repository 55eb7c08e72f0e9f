import type { WindowName } from '@shared/channels';
import type { Snapshot } from '@shared/snapshot';
import { SURVEY_KINDS } from '@shared/surveys';
import { WINDOW_LABELS } from '@shared/alert-text';
import { surveyLabel, surveyRows, surveyTargetText } from '../model/surveys';
import { LEVEL_MARKS } from '../model/levels';

/**
 * CSAT, CES and NPS of one window, across channels and per channel, each with its responses; coloured against
 * its target when one is set. `titleClass`: the page's panel heading style.
 */
export function SurveysPanel({ snapshot, window = 'today', titleClass }: { snapshot: Snapshot | null; window?: WindowName; titleClass: string }) {
  const rows = snapshot ? surveyRows(snapshot, window) : [];
  return (
    <section className="panel" aria-labelledby="surveys-title" data-testid="surveys">
      <h2 id="surveys-title" className={titleClass}>Surveys <span className="dim">· {WINDOW_LABELS[window]}</span></h2>
      {!snapshot ? <p className="dim">Connecting…</p> : (
        <table className="surveys">
          <thead>
            <tr>
              <th>Channel</th>
              {SURVEY_KINDS.map((k) => {
                const target = surveyTargetText(k, snapshot.targets);
                return <th key={k} className="n">{surveyLabel(k)}{target ? <span className="dim"> {target}</span> : null}</th>;
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid={`surveys-${r.key}`}>
                <td className="cap">{r.label}</td>
                {SURVEY_KINDS.map((k) => {
                  const c = r.cells[k];
                  return (
                    <td key={k} className={`n sv-${c.level ?? 'plain'}`} data-testid={`surveys-${r.key}-${k}`} data-level={c.level ?? 'plain'}>
                      {/* The state in a mark too, never by colour alone. */}
                      <div className="num">{c.level === 'warn' || c.level === 'breach' ? `${LEVEL_MARKS[c.level].symbol} ` : ''}{c.text}</div>
                      <div className="dim small">{c.mean ? `${c.mean} · ` : ''}{c.responses}</div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
