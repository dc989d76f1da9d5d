import { createPrivateKey, X509Certificate } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { generate } from 'selfsigned';

/** The store certificate the hub serves HTTPS and WSS with (`KAHERA_TLS=on`). */
export interface StoreCertificate {
  /** PEM. */
  key: string;
  /** PEM: what a terminal imports to trust the hub. */
  cert: string;
  /** SHA-256 of the certificate (DER), `AB:CD:…`: what a person compares to trust it once. */
  fingerprint256: string;
  /** Made on this start (else read from the data dir). */
  created: boolean;
  certFile: string;
}

export const TLS_KEY_FILE = 'hub-tls.key';
export const TLS_CERT_FILE = 'hub-tls.crt';

/** A store certificate lives long: every terminal that trusts it would have to trust the next one. */
const VALID_DAYS = 825;

/** The names and addresses terminals on the LAN reach this machine by. */
export function lanNames(): { dns: string[]; ips: string[] } {
  const host = hostname().toLowerCase();
  const dns = [...new Set([host, 'localhost', ...(host.includes('.') ? [] : [`${host}.local`])])].filter((n) => /^[a-z0-9.-]+$/.test(n));
  const ips = new Set(['127.0.0.1', '::1']);
  for (const a of Object.values(networkInterfaces()).flat()) {
    if (a && !a.internal) ips.add(a.address.replace(/%.*$/, ''));
  }
  return { dns, ips: [...ips] };
}

/**
 * Writes a file with exactly `mode` (0600 for a key): chmod'ed after open, since the
 * mode given to open is masked by the umask and a leftover temp file keeps its own;
 * written in full, flushed, then renamed into place so a crash never leaves half a key.
 */
export function writeFileWithMode(path: string, data: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    fchmodSync(fd, mode);
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function fingerprintOf(cert: string): string {
  return new X509Certificate(cert).fingerprint256;
}

/** Why the stored pair cannot be used, or null when it can. */
function unusable(key: string, cert: string, now: Date): string | null {
  try {
    const x = new X509Certificate(cert);
    if (!x.checkPrivateKey(createPrivateKey(key))) return 'the key does not match the certificate';
    if (Date.parse(x.validTo) <= now.getTime() + 24 * 3600_000) return `the certificate expires ${x.validTo}`;
    return null;
  } catch {
    return 'the key or certificate cannot be read';
  }
}

/** The LAN names and addresses of this machine the certificate does not cover (it may be older than a DHCP change). */
export function uncoveredNames(cert: string): string[] {
  const x = new X509Certificate(cert);
  const { dns, ips } = lanNames();
  return [...dns.filter((n) => x.checkHost(n) === undefined), ...ips.filter((ip) => x.checkIP(ip) === undefined)];
}

/**
 * The hub's certificate: read from the data dir when a usable one is there, else made
 * (self-signed, for this machine's host name, `localhost`, and every address it has) and
 * stored — the key 0600. Reusing it on every start keeps the fingerprint terminals
 * trusted; it is replaced only when it cannot be used (unreadable, not matching its key,
 * about to expire), and the log says so, since every terminal must then trust it again.
 */
export async function loadOrCreateCertificate(dataDir: string, log: Logger, now: () => Date = () => new Date()): Promise<StoreCertificate> {
  const keyFile = join(dataDir, TLS_KEY_FILE);
  const certFile = join(dataDir, TLS_CERT_FILE);
  if (existsSync(keyFile) && existsSync(certFile)) {
    const key = readFileSync(keyFile, 'utf8');
    const cert = readFileSync(certFile, 'utf8');
    const problem = unusable(key, cert, now());
    if (!problem) {
      const missing = uncoveredNames(cert);
      if (missing.length > 0) {
        log.warn({ missing, certFile }, 'the store certificate does not cover some of this machine\'s names or addresses; terminals using them will see a name mismatch (delete the certificate and key to make a new one)');
      }
      return { key, cert, fingerprint256: fingerprintOf(cert), created: false, certFile };
    }
    log.warn({ problem, certFile }, 'making a new store certificate; every terminal must trust the new one');
  }
  const { dns, ips } = lanNames();
  const notBeforeDate = new Date(now().getTime() - 3600_000); // a terminal whose clock is a little behind
  const pems = await generate([{ name: 'commonName', value: dns[0] ?? 'localhost' }, { name: 'organizationName', value: 'Kahera store hub' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALID_DAYS * 24 * 3600_000),
    extensions: [
      // An end-entity certificate: Firefox refuses a CA certificate as a server's own.
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...dns.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  writeFileWithMode(keyFile, pems.private, 0o600);
  // The certificate is public: it is what terminals import.
  writeFileWithMode(certFile, pems.cert, 0o644);
  const fingerprint256 = fingerprintOf(pems.cert);
  log.info({ certFile, fingerprint256, names: [...dns, ...ips] }, 'store certificate created');
  return { key: pems.private, cert: pems.cert, fingerprint256, created: true, certFile };
}
