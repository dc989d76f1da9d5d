import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRendererBuilt } from './e2e/harness.js';

/**
 * Builds the terminal UI once, before any test file starts. Test files run in parallel;
 * if two of them found the build stale and ran vite at once, one would empty
 * out/renderer while the other's hub was serving it (a lazy chunk then 404s).
 *
 * Every store any test opens — in a test worker or in a hub process it spawns — runs
 * ledger:audit's checks as it closes (services/store.ts, KAHERA_AUDIT_ON_CLOSE). A
 * broken ledger leaves a file in this folder; the teardown fails the run on any.
 */
export default function setup(): () => void {
  ensureRendererBuilt();
  const auditDir = mkdtempSync(join(tmpdir(), 'kahera-audit-'));
  process.env.KAHERA_AUDIT_ON_CLOSE = auditDir;
  return () => {
    const broken = readdirSync(auditDir).map((f) => readFileSync(join(auditDir, f), 'utf8'));
    rmSync(auditDir, { recursive: true, force: true });
    if (broken.length > 0) throw new Error(`ledger:audit failed on ${broken.length} store(s) closed by the tests:\n${broken.join('\n')}`);
  };
}
