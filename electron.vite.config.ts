import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Electron build: main (the in-process hub + window), preload (the typed bridge) and
 * renderer (the same React app the headless hub serves). Native and server deps stay
 * external to main: better-sqlite3 is rebuilt for Electron by electron-builder.
 */
export default defineConfig({
  main: {
    // playwright-core (receipt PDF rendering in the hub) stays external like the dependencies.
    plugins: [externalizeDepsPlugin({ include: ['playwright-core'] })],
    build: {
      outDir: here('./out/main'),
      rollupOptions: {
        // The sync uploader runs on a worker thread (src/main/sync/thread.ts), which loads
        // `uploader.worker.js` from beside the code that starts it: every chunk stays in one folder.
        input: { index: here('./src/main/index.ts'), 'uploader.worker': here('./src/main/sync/uploader.worker.ts') },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
        external: ['better-sqlite3', 'playwright-core'],
      },
    },
  },
  preload: {
    // zod is bundled in: the sandboxed preload cannot require it (src/shared/ipc.ts holds the IPC contract).
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      outDir: here('./out/preload'),
      // Sandboxed preloads cannot `import`: emit one CommonJS file.
      rollupOptions: { input: { index: here('./src/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: here('./src/renderer'),
    plugins: [react()],
    build: {
      outDir: here('./out/renderer'),
      minify: 'esbuild',
      rollupOptions: { input: { index: here('./src/renderer/index.html') } },
    },
  },
});
