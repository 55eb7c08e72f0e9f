import type { Cardinality } from '@shared/cardinality';
import { OTHER_NAME } from '@shared/cardinality';
import { NameFoldsTable } from '../NameFoldsTable';

/** The name limits (read-only: they are server settings) and how full each registry is. */
export function NamesSection({ cardinality, timeZone }: { cardinality: Cardinality | null; timeZone?: string }) {
  return (
    <section className="panel settings-section" id="names" data-testid="names-section" aria-labelledby="names-h">
      <h2 id="names-h" className="panel-h">Queue and reason names</h2>
      <p className="section-help">
        Each channel keeps at most <code>PEAKWATCH_MAX_QUEUES</code> queues and all channels together <code>PEAKWATCH_MAX_REASONS</code> reasons
        used in the last 8 days; a contact with a new name beyond them is counted under <b>{OTHER_NAME}</b> (channel totals stay exact).
        Many folds usually mean an integration sends ids as names.
      </p>
      {cardinality ? <NameFoldsTable cardinality={cardinality} timeZone={timeZone} /> : <p className="dim">Not available just now.</p>}
    </section>
  );
}
