import { LEVEL_MARKS, type Level } from '../model/levels';

/** A level as shape and word (never colour alone): `▲ BREACH`, `● WARN`, `✓ OK`, `— NO DATA`. */
export function StateBadge({ level, testId }: { level: Level; testId?: string }) {
  const mark = LEVEL_MARKS[level];
  return (
    <span className={`badge badge-${level}`} data-testid={testId} data-level={level}>
      <span className="badge-symbol" aria-hidden="true">{mark.symbol}</span> {mark.word}
    </span>
  );
}
