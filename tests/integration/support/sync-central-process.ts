/**
 * Central in its own process, for tests that SIGKILL it. Env: DATABASE_URL,
 * KAHERA_CENTRAL_PORT, KAHERA_CENTRAL_ADMIN_TOKEN. Prints `READY <url>`.
 */
import { startCentral } from '../../../src/central/server.js';

const central = await startCentral({
  databaseUrl: process.env.DATABASE_URL!,
  port: Number(process.env.KAHERA_CENTRAL_PORT ?? 0),
  adminToken: process.env.KAHERA_CENTRAL_ADMIN_TOKEN,
});
console.log(`READY ${central.url}`);
process.once('SIGTERM', () => void central.close().then(() => process.exit(0)));
