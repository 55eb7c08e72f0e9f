import { LEVEL_MARKS } from '../../model/levels';
import type { LeadAlertView } from '../../model/leadAlerts';

/** An alert's severity as shape, word and colour: `▲ CRITICAL`, `● WARNING`. */
export function SeverityBadge({ view }: { view: Pick<LeadAlertView, 'level' | 'severity'> }) {
  return (
    <span className={`lb-sev lb-sev-${view.level}`} data-testid="lead-alert-severity">
      <span aria-hidden="true">{LEVEL_MARKS[view.level].symbol}</span> {view.severity}
    </span>
  );
}
