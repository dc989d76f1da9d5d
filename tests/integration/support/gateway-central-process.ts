/**
 * Central in its own process, for gateway tests that SIGKILL it. Env: DATABASE_URL,
 * REDIS_URL, KAHERA_REDIS_PREFIX, KAHERA_GATEWAY_URL, KAHERA_GATEWAY_SECRET_KEY,
 * KAHERA_GATEWAY_WEBHOOK_SECRET, KAHERA_CENTRAL_ADMIN_TOKEN; KAHERA_TEST_KILL_AFTER_STORE=1
 * kills the process once a webhook batch's COMMIT is sent and before its XADD;
 * KAHERA_CPU_PROFILE=<file> writes a V8 CPU profile on SIGTERM.
 * Prints `READY <url>`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startCentral } from '../../../src/central/server.js';

// KAHERA_CPU_PROFILE=<file>: a V8 CPU profile of this process, written on SIGTERM (the bench's profiling runs).
const profileTo = process.env.KAHERA_CPU_PROFILE;
const profiler = profileTo ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

const central = await startCentral({
  databaseUrl: process.env.DATABASE_URL!,
  port: 0,
  adminToken: process.env.KAHERA_CENTRAL_ADMIN_TOKEN,
  poolSize: 3,
  gateway: {
    hubs: { ackTimeoutMs: 800, retryMs: 300, presenceTtlMs: 3000, blockMs: 1000 },
    sweepEveryMs: 500,
    afterStore: process.env.KAHERA_TEST_KILL_AFTER_STORE === '1' ? () => process.kill(process.pid, 'SIGKILL') : undefined,
  },
});
console.log(`READY ${central.url}`);
process.once('SIGTERM', () => {
  void (async () => {
    if (profiler && profileTo) writeFileSync(profileTo, JSON.stringify((await profiler.post('Profiler.stop')).profile));
    await central.close();
    process.exit(0);
  })();
});
