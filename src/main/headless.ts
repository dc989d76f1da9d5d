// `npm run hub`: the store hub in plain Node, no window. Reads the environment, starts
// the same hub the desktop app starts in-process, and shuts down gracefully on
// SIGTERM/SIGINT (in-flight settlements finish and answer, sockets close, store closes).
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import pino from 'pino';
import { startHub } from './hub/server.js';

const env = process.env;
const log = pino({ level: env.KAHERA_LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', '*.password', '*.token'] });

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 8090;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`KAHERA_PORT must be a port number, got "${value}"`);
  return n;
}

/** <scheme>://<address>:<port> for each non-internal IPv4 address, when the hub listens on all of them. */
function lanUrls(host: string, port: number, scheme: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [];
  return Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => `${scheme}://${a.address}:${port}/`);
}

async function main(): Promise<void> {
  const hub = await startHub({
    dataDir: resolve(env.KAHERA_DATA_DIR ?? './.data'),
    port: portFrom(env.KAHERA_PORT),
    host: env.KAHERA_HOST ?? '0.0.0.0',
    logger: log,
    env,
  });
  // One machine-readable line for launchers (tests, service managers), then the human one.
  const ready: Record<string, unknown> = { kahera: 'hub-ready', url: hub.url, port: hub.port, pid: process.pid };
  if (hub.tls) ready.fingerprint256 = hub.tls.fingerprint256;
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.stdout.write(`Kahera hub for store ${hub.store.storeId} at ${hub.url}\n`);
  if (hub.tls) {
    // What a person at each terminal compares once, before trusting the certificate.
    process.stdout.write(`HTTPS with the store certificate ${hub.tls.certFile}\n  SHA-256 fingerprint ${hub.tls.fingerprint256}\n`);
  }
  // Bound to every interface: the LAN addresses are what other counters' browsers open.
  const lan = lanUrls(env.KAHERA_HOST ?? '0.0.0.0', hub.port, hub.tls ? 'https' : 'http');
  if (lan.length > 0) process.stdout.write(`Terminals on the store LAN: open ${lan.join('  or  ')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A hung close must not keep the process alive forever.
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000).unref();
    hub.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'hub failed to start');
  process.exit(1);
});
