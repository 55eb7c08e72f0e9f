import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The customer widget as one small classic script (client/dist-widget/widget.js), served at /widget.js. */
export default defineConfig({
  build: {
    outDir: here('../dist-widget'),
    emptyOutDir: true,
    target: 'es2019',
    lib: { entry: here('widget.ts'), formats: ['iife'], name: 'PeakwatchWidget', fileName: () => 'widget.js' },
  },
});
