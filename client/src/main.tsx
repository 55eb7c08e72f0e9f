import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { loadFonts } from './fonts/load';
import { PAGES, PAGE_NAMES, type PageName, pageAt } from '@shared/pages';
import './styles.css';

// Each view is its own chunk: a phone on the leads' view does not load the wall's charts, nor a TV the forms.
const VIEWS: Record<PageName, ReturnType<typeof lazy>> = {
  wall: lazy(() => import('./views/Wall').then((m) => ({ default: m.Wall }))),
  leads: lazy(() => import('./views/Leads').then((m) => ({ default: m.Leads }))),
  readiness: lazy(() => import('./views/Readiness').then((m) => ({ default: m.Readiness }))),
  review: lazy(() => import('./views/Review').then((m) => ({ default: m.Review }))),
  settings: lazy(() => import('./views/Settings').then((m) => ({ default: m.Settings }))),
};

function App({ view }: { view: PageName | undefined }) {
  if (view) {
    const View = VIEWS[view];
    return <View />;
  }
  return (
    <main className="fullscreen fullscreen-info">
      <h1>No page here</h1>
      <div className="fullscreen-body">
        <p>There is no page at this address. The pages are {PAGE_NAMES.map((p, i) => (
          <span key={p}>{i > 0 ? ', ' : ''}<a href={PAGES[p].path}>{PAGES[p].path}</a></span>
        ))}.</p>
      </div>
    </main>
  );
}

const view = pageAt(window.location.pathname);
// The stylesheet sizes the page per view: the wall fills a TV without scrolling, the leads' view scrolls.
document.documentElement.dataset.view = view ?? 'other';

void loadFonts().then(() => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={null}>
      <App view={view} />
    </Suspense>
  </StrictMode>,
));
