import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';

/** The built customer widget (client/widget, built by `npm run build` into client/dist-widget). */
export const WIDGET_FILE = fileURLToPath(new URL('../../client/dist-widget/widget.js', import.meta.url));

/**
 * `GET /widget.js`: the script a shop's chat page includes from Peakwatch's origin. Other origins may load it
 * (Cross-Origin-Resource-Policy: cross-origin); it is cached briefly, so a new version reaches pages soon.
 */
export function serveWidget(app: Express): void {
  app.get('/widget.js', (_req, res) => {
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
    if (!existsSync(WIDGET_FILE)) {
      res.status(503).type('text/plain').send('The widget is not built: run `npm run build`.\n');
      return;
    }
    res.sendFile(WIDGET_FILE, { headers: { 'cache-control': 'public, max-age=300', 'content-type': 'text/javascript; charset=utf-8' } });
  });
}
