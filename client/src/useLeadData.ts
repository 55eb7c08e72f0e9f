import { useCallback, useEffect, useRef, useState } from 'react';
import type { Rule } from '@shared/alerts';
import { ApiError, type HealthReply, type HistoryEntry, fetchAlerts, fetchHealth, fetchRules } from './leadsApi';

/** What the token may do: lead (ack, silence, receivers' health), viewer (read only); unknown until asked. */
export type Role = 'lead' | 'viewer' | 'unknown' | 'refused';

export interface LeadData {
  role: Role;
  health: HealthReply | null;
  healthError: string | null;
  /** The alert log, newest first. */
  history: HistoryEntry[];
  historyLoaded: boolean;
  historyError: string | null;
  rules: Rule[] | null;
  /** Asks for everything again soon; calls close together make one round. */
  refresh: () => void;
}

/** Entries of the alert log the view reads (the API's default). */
export const HISTORY_LIMIT = 100;
/** Refetched this often without any event (receivers fail without the views hearing of it). */
export const LEAD_REFRESH_MS = 20_000;
const COALESCE_MS = 300;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The leads' data that the socket does not push: the alert log, the receivers' health (which also tells the
 * token's role: a viewer token gets 403) and the rules. Fetched at once, on `refresh()` (an alert event, a
 * reconnect, one's own ack) and every 20 s. A failed fetch keeps what is shown and says so.
 */
export function useLeadData(token: string | null): LeadData {
  const [role, setRole] = useState<Role>('unknown');
  const [health, setHealth] = useState<HealthReply | null>(null);
  const [healthError, setHealthError] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [historyLoaded, setHistoryLoaded] = useState(false);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [rules, setRules] = useState<Rule[] | null>(null);
  const schedule = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!token) return;
    let controller: AbortController | null = null;
    let soon: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      controller?.abort();
      const ctl = new AbortController();
      controller = ctl;
      const [alerts, healthReply, rulesReply] = await Promise.allSettled([
        fetchAlerts(token, HISTORY_LIMIT, ctl.signal), fetchHealth(token, ctl.signal), fetchRules(token, ctl.signal),
      ]);
      if (ctl.signal.aborted) return;
      if (alerts.status === 'fulfilled') {
        setHistory(alerts.value.history);
        setHistoryLoaded(true);
        setHistoryError(null);
      } else {
        setHistoryError(message(alerts.reason));
      }
      if (healthReply.status === 'fulfilled') {
        setRole('lead');
        setHealth(healthReply.value);
        setHealthError(null);
      } else {
        const err = healthReply.reason;
        if (err instanceof ApiError && err.status === 403) setRole('viewer');
        else if (err instanceof ApiError && err.status === 401) setRole('refused');
        else setHealthError(message(err));
      }
      if (rulesReply.status === 'fulfilled') setRules(rulesReply.value);
    };
    schedule.current = () => {
      clearTimeout(soon);
      soon = setTimeout(() => void load(), COALESCE_MS);
    };
    void load();
    const timer = setInterval(() => void load(), LEAD_REFRESH_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(soon);
      controller?.abort();
      schedule.current = () => undefined;
    };
  }, [token]);

  const refresh = useCallback(() => schedule.current(), []);
  return { role, health, healthError, history, historyLoaded, historyError, rules, refresh };
}
