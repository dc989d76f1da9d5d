import { ensureRendererBuilt } from './e2e/harness.js';

/**
 * Builds the terminal UI once, before any test file starts. Test files run in parallel;
 * if two of them found the build stale and ran vite at once, one would empty
 * out/renderer while the other's hub was serving it (a lazy chunk then 404s).
 */
export default function setup(): void {
  ensureRendererBuilt();
}
