/**
 * `npm run central`: the central API (protocol.md, "Central — HTTP").
 * `npm run central -- register-store <storeId> <name>`: registers a store and prints
 * its key once (the same as POST /api/v1/stores, for a head-office shell).
 */
import { pino } from 'pino';
import { RegisterStoreRequest } from '../shared/central.js';
import { migrateCentral } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { HttpError } from './http.js';
import { registerStore } from './routes/stores.routes.js';
import { startCentral } from './server.js';

const log = pino({ level: process.env.KAHERA_LOG_LEVEL ?? 'info' });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  log.fatal('DATABASE_URL is required (postgres://user@host:5432/db)');
  process.exit(2);
}

const [command, ...args] = process.argv.slice(2);

if (command === 'register-store') {
  const parsed = RegisterStoreRequest.safeParse({ storeId: args[0], name: args.slice(1).join(' ') });
  if (!parsed.success) {
    console.error('usage: npm run central -- register-store <storeId> <name>');
    process.exit(2);
  }
  const pool = createPool(databaseUrl, 2);
  try {
    await migrateCentral(pool);
    const { storeId, key } = await registerStore({ pool }, parsed.data.storeId, parsed.data.name);
    console.log(`store ${storeId} registered. Its key, shown this once:\n${key}`);
  } catch (err) {
    console.error(err instanceof HttpError ? err.message : err);
    process.exitCode = 1;
  } finally {
    await pool.end();
  }
} else if (command !== undefined) {
  console.error(`unknown command ${command}; commands: register-store`);
  process.exit(2);
} else {
  const central = await startCentral({
    databaseUrl,
    port: Number(process.env.KAHERA_CENTRAL_PORT ?? 8091),
    host: process.env.KAHERA_CENTRAL_HOST ?? '0.0.0.0',
    adminToken: process.env.KAHERA_CENTRAL_ADMIN_TOKEN,
    logger: log,
  }).catch((err: unknown) => {
    // Redis or Postgres missing: one readable line, not a stack trace.
    log.fatal(err instanceof Error ? err.message : String(err));
    process.exit(2);
  });
  const shutdown = (signal: string) => {
    log.info({ signal }, 'central stopping');
    central.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
