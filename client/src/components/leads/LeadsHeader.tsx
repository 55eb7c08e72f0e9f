import { clockTime } from '../../model/format';
import type { Role } from '../../useLeadData';

export interface LeadsHeaderProps {
  now: number;
  timeZone: string | undefined;
  live: boolean;
  role: Role;
  counts: { alerts: number; receiversTroubled: number };
}

const ROLE_WORDS: Record<Role, string> = { lead: 'lead', viewer: 'read only', unknown: '…', refused: 'refused' };

/** Brand, connection and clock, and the sections to jump to (a phone scrolls; a laptop sees them side by side). */
export function LeadsHeader({ now, timeZone, live, role, counts }: LeadsHeaderProps) {
  return (
    <header className="lh">
      <div className="lh-top">
        <div className="lh-brand">
          <span className="lh-name">Peakwatch</span>
          <span className="lh-view">Leads</span>
        </div>
        <div className={`lh-conn ${live ? 'lh-live' : 'lh-down'}`} data-testid="connection">{live ? '● LIVE' : '○ RECONNECTING'}</div>
        <div className={`lh-role lh-role-${role}`} data-testid="role">{ROLE_WORDS[role]}</div>
        <div className="lh-clock num" data-testid="clock">{clockTime(now, timeZone)}</div>
      </div>
      <nav className="lh-nav" aria-label="Sections">
        <a href="#alerts">Alerts <span className={`lh-count${counts.alerts ? ' lh-count-hot' : ''}`}>{counts.alerts}</span></a>
        <a href="#receivers">Receivers{counts.receiversTroubled ? <span className="lh-count lh-count-hot">{counts.receiversTroubled}</span> : null}</a>
        <a href="#history">History</a>
      </nav>
    </header>
  );
}
