import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Wall } from './views/Wall';
import './styles.css';

/** The wall is the default page; the other views (leads, readiness, settings) are not built yet. */
const WALL_PATHS = new Set(['/', '/wall']);

function App() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  if (WALL_PATHS.has(path)) return <Wall />;
  return (
    <main className="fullscreen fullscreen-info">
      <h1>Not here yet</h1>
      <div className="fullscreen-body"><p>This view is not built yet. The wall display is at <a href="/wall">/wall</a>.</p></div>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
