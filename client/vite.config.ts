import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** Where `npm run dev` of the server listens, for `vite` (dev server) to proxy the API and the socket to. */
const server = process.env.PEAKWATCH_DEV_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  // Mirrors `paths` in the root tsconfig.json.
  resolve: { alias: { '@shared': here('../shared') } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // TV browsers lag years behind desktop ones.
    target: 'es2020',
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
