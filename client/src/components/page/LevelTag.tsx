import { LEVEL_MARKS, type Level } from '../../model/levels';

/** A state as shape, word and colour (`▲ SHORT BY 4`, `● WARNING`), never colour alone. */
export function LevelTag({ level, word, testId, filled = false }: { level: Level; word?: string; testId?: string; filled?: boolean }) {
  const mark = LEVEL_MARKS[level];
  return (
    <span className={`tag tag-${level}${filled ? ' tag-filled' : ''}`} data-testid={testId} data-level={level}>
      <span aria-hidden="true">{mark.symbol}</span> {word ?? mark.word}
    </span>
  );
}
