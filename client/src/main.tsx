import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { loadFonts } from './fonts/load';
import './styles.css';

// Each view is its own chunk: a phone on the leads' view does not load the wall's charts, nor a TV the forms.
const Wall = lazy(() => import('./views/Wall').then((m) => ({ default: m.Wall })));
const Leads = lazy(() => import('./views/Leads').then((m) => ({ default: m.Leads })));
const Readiness = lazy(() => import('./views/Readiness').then((m) => ({ default: m.Readiness })));
const Settings = lazy(() => import('./views/Settings').then((m) => ({ default: m.Settings })));

type ViewName = 'wall' | 'leads' | 'readiness' | 'settings';

/** The views by path; the wall is the default page. */
const VIEWS: Record<string, ViewName> = { '/': 'wall', '/wall': 'wall', '/leads': 'leads', '/readiness': 'readiness', '/settings': 'settings' };

function App({ view }: { view: ViewName | undefined }) {
  if (view === 'wall') return <Wall />;
  if (view === 'leads') return <Leads />;
  if (view === 'readiness') return <Readiness />;
  if (view === 'settings') return <Settings />;
  return (
    <main className="fullscreen fullscreen-info">
      <h1>Not here yet</h1>
      <div className="fullscreen-body"><p>This view is not built yet. The wall display is at <a href="/wall">/wall</a>, the leads' view at <a href="/leads">/leads</a>.</p></div>
    </main>
  );
}

const path = window.location.pathname.replace(/\/+$/, '') || '/';
const view = VIEWS[path];
// The stylesheet sizes the page per view: the wall fills a TV without scrolling, the leads' view scrolls.
document.documentElement.dataset.view = view ?? 'other';

void loadFonts().then(() => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={null}>
      <App view={view} />
    </Suspense>
  </StrictMode>,
));
