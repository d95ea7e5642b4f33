import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The classroom visualizer. `npm start` serves it; `vite build --config viz/vite.config.ts` writes a static
 * site to viz/dist/ that opens from any static file server with no network (relative paths, no CDN).
 * The library is imported as a user would (`from 'coprod'`), mapped here to its sources.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [{ find: /^coprod$/, replacement: fileURLToPath(new URL('../src/index.ts', import.meta.url)) }],
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
