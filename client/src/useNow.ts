import { useEffect, useState } from 'react';

/**
 * The screen's clock, ticking on each whole second (so the clock and the ages change together, not at a
 * random phase of the second).
 */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      timer = setTimeout(tick, 1_000 - (t % 1_000) + 5);
    };
    timer = setTimeout(tick, 1_000 - (Date.now() % 1_000) + 5);
    return () => clearTimeout(timer);
  }, []);
  return now;
}
