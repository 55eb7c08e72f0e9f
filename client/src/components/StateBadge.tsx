import { LEVEL_MARKS, type Level, SILENT_MARK } from '../model/levels';

/**
 * A level as shape and word (never colour alone): `▲ BREACH`, `● WARN`, `✓ OK`, `— NO DATA`; `silent`: a feed
 * that sends no events, `○ NO EVENTS`.
 */
export function StateBadge({ level, testId }: { level: Level | 'silent'; testId?: string }) {
  const mark = level === 'silent' ? SILENT_MARK : LEVEL_MARKS[level];
  return (
    <span className={`badge badge-${level}`} data-testid={testId} data-level={level}>
      <span className="badge-symbol" aria-hidden="true">{mark.symbol}</span> {mark.word}
    </span>
  );
}
