/**
 * Central in its own process, for gateway tests that SIGKILL it. Env: DATABASE_URL,
 * REDIS_URL, KAHERA_REDIS_PREFIX, KAHERA_GATEWAY_URL, KAHERA_GATEWAY_SECRET_KEY,
 * KAHERA_GATEWAY_WEBHOOK_SECRET, KAHERA_CENTRAL_ADMIN_TOKEN; KAHERA_TEST_KILL_AFTER_STORE=1
 * kills the process right after a webhook's event is stored and before it is XADDed.
 * Prints `READY <url>`.
 */
import { startCentral } from '../../../src/central/server.js';

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
process.once('SIGTERM', () => void central.close().then(() => process.exit(0)));
