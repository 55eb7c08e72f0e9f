import type { Cardinality } from '@shared/cardinality';
import { nameFoldRows } from '../model/nameFolds';

/** Names per registry against the limit, and the contacts counted under "(other)" beyond it. */
export function NameFoldsTable({ cardinality, timeZone }: { cardinality: Cardinality; timeZone?: string }) {
  return (
    <table className="name-folds" data-testid="name-folds">
      <thead><tr><th>Names</th><th>In use</th><th>Counted under (other)</th><th /></tr></thead>
      <tbody>
        {nameFoldRows(cardinality, timeZone).map((r) => (
          <tr key={r.what} className={`name-fold-${r.level}`} data-testid="name-fold">
            <th scope="row">{r.what}</th><td className="num">{r.used}</td><td className="num">{r.folded}</td><td className="dim">{r.last}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
