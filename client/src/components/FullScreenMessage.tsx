import type { ReactNode } from 'react';

/** A message that owns the whole screen (no token, token refused), readable from across the room. */
export function FullScreenMessage({ title, tone, children, testId }: {
  title: string;
  tone: 'info' | 'error';
  children: ReactNode;
  testId: string;
}) {
  return (
    <main className={`fullscreen fullscreen-${tone}`} data-testid={testId} role="alert">
      <h1>{title}</h1>
      <div className="fullscreen-body">{children}</div>
    </main>
  );
}
