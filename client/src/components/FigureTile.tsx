import type { CSSProperties, ReactNode } from 'react';
import type { Figure } from '../model/figures';
import { StateBadge } from './StateBadge';

export type TileSize = 'hero' | 'big' | 'small';

export interface FigureTileProps {
  label: string;
  figure: Figure;
  size: TileSize;
  /** The target, as it reads next to the state (`≥ 80%`). */
  target?: string | null;
  /** Where the target goes: beside the state (default), or on the label line where the state has no room. */
  targetOn?: 'foot' | 'label';
  /** A second line under the value. */
  children?: ReactNode;
  testId?: string;
}

/** Value lengths the stylesheet steps the font down for (`data-len`), so a long value never overflows. */
const lengthClass = (text: string) => (text.length <= 4 ? 'short' : text.length <= 7 ? String(text.length) : 'long');

/**
 * One figure: label, value and (with a target) its state and target. The tile's frame carries the state
 * too: a breach fills it, a warning outlines it, so the state reads even where the colours are washed out.
 */
export function FigureTile({ label, figure, size, target, targetOn = 'foot', children, testId }: FigureTileProps) {
  const level = figure.level ?? 'plain';
  return (
    <div className={`fig fig-${size} lvl-${level}`} data-testid={testId} data-level={level}>
      <div className="fig-label">
        <span title={label}>{label}</span>
        {target && targetOn === 'label' ? <span className="fig-target">{target}</span> : null}
      </div>
      <div className="fig-value num" data-len={lengthClass(figure.text)} style={{ '--chars': figure.text.length } as CSSProperties} data-testid={testId ? `${testId}-value` : undefined}>
        {figure.text}
      </div>
      {/* Always there, empty or not, so tiles in a row line up across the channels. */}
      <div className="fig-foot">
        {figure.level ? <StateBadge level={figure.level} testId={testId ? `${testId}-state` : undefined} /> : <span />}
        {target && targetOn === 'foot' ? <span className="fig-target">{target}</span> : null}
      </div>
      {children}
    </div>
  );
}
