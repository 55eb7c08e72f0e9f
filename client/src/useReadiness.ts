import { useCallback, useEffect, useRef, useState } from 'react';
import { type Readiness, fetchReadiness } from './api/readinessApi';
import { type RequestError, asRequestError } from './api/request';
import { READINESS_REFRESH_MS, refetchDelay } from './model/refresh';

export interface ReadinessFeed {
  data: Readiness | null;
  /** The last fetch's failure (the data shown, if any, is older); null after a success. */
  error: RequestError | null;
  /** Screen clock of the last successful fetch. */
  fetchedAt: number | null;
}

/**
 * `GET /api/v1/readiness` every 30 s, and again whenever `changes` moves (a push changed the figures), at most
 * once per 5 s: a burst of pushes costs one fetch, not one each. A failed fetch keeps the data shown.
 */
export function useReadiness(token: string | null, changes: number): ReadinessFeed {
  const [feed, setFeed] = useState<ReadinessFeed>({ data: null, error: null, fetchedAt: null });
  const lastStart = useRef<number | null>(null);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    if (!token) return;
    controller.current?.abort();
    const ctl = new AbortController();
    controller.current = ctl;
    lastStart.current = Date.now();
    try {
      const data = await fetchReadiness(token, ctl.signal);
      if (!ctl.signal.aborted) setFeed({ data, error: null, fetchedAt: Date.now() });
    } catch (err) {
      if (ctl.signal.aborted) return;
      const error = asRequestError(err);
      setFeed((f) => ({ ...f, error }));
    }
  }, [token]);

  useEffect(() => {
    if (!token) return;
    const timer = setInterval(() => void load(), READINESS_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.current?.abort();
    };
  }, [token, load]);

  // The first fetch (changes = 0) and each push that changed the figures, throttled.
  useEffect(() => {
    if (!token) return;
    const timer = setTimeout(() => void load(), refetchDelay(lastStart.current, Date.now()));
    return () => clearTimeout(timer);
  }, [token, load, changes]);

  return feed;
}
