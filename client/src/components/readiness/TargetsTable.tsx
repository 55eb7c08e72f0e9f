import type { TargetRow } from '../../api/readinessApi';
import { targetRowView } from '../../model/readiness';
import { LevelTag } from '../page/LevelTag';

/** The day's targets against today's figures: ok, warning, breach or no data, by colour and word. */
export function TargetsTable({ rows }: { rows: readonly TargetRow[] }) {
  const views = rows.map(targetRowView);
  return (
    <section className="panel" aria-labelledby="targets-title">
      <h2 id="targets-title" className="panel-title">Targets today</h2>
      <table className="targets" data-testid="targets-table">
        <thead>
          <tr><th>Target</th><th>Channel</th><th className="n">Goal</th><th className="n">Today</th><th>State</th></tr>
        </thead>
        <tbody>
          {views.map((v) => (
            <tr key={v.key} className={`row-${v.level}`} data-testid={`target-${v.key}`} data-state={v.state}>
              <td>{v.what}</td>
              <td className="cap"><span className="cut" title={v.channel}>{v.channel}</span></td>
              <td className="n">{v.target}</td>
              <td className="n num">{v.actual}</td>
              <td><LevelTag level={v.level} word={v.word} filled={v.level === 'breach'} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
