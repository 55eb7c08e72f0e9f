import type { ReactNode } from 'react';
import { PAGES } from '@shared/pages';

const LINKS = [
  { path: PAGES.wall.path, label: 'Wall' },
  { path: PAGES.readiness.path, label: 'Readiness' },
  { path: PAGES.review.path, label: 'Review' },
  { path: PAGES.settings.path, label: 'Settings' },
] as const;

/** The managers' pages' top bar: brand, the page's title, links to the other pages, and a status on the right. */
export function PageHeader({ title, current, children }: { title: string; current: string; children?: ReactNode }) {
  return (
    <header className="page-head">
      <div className="page-brand">Peakwatch</div>
      <h1 className="page-title">{title}</h1>
      <nav className="page-nav" aria-label="Pages">
        {LINKS.map((l) => (
          <a key={l.path} href={l.path} aria-current={l.path === current ? 'page' : undefined}>{l.label}</a>
        ))}
      </nav>
      <div className="page-status">{children}</div>
    </header>
  );
}

/** A page-wide message (no token, token refused) in the page's own layout, not the wall's TV size. */
export function PageMessage({ title, tone, testId, children }: { title: string; tone: 'info' | 'error'; testId: string; children: ReactNode }) {
  return (
    <main className="page">
      <section className={`page-message page-message-${tone}`} data-testid={testId} role="alert">
        <h2>{title}</h2>
        {children}
      </section>
    </main>
  );
}
