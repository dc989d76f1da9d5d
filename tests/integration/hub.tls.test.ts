import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLS_CERT_FILE, TLS_KEY_FILE } from '../../src/main/hub/tls.js';
import { cash, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { launchHub } from './support/hub-process.js';
import { rawGet } from './support/raw-http.js';

// KAHERA_TLS=on: the hub makes (once) and serves its store certificate; the API and
// Socket.IO work over HTTPS/WSS exactly as over HTTP, the fingerprint printed is the
// certificate served, and nothing answers in clear on the port.

let h: TestHub;
let dataDir: string;
let sales: Staff, cashier: Staff;
const oldUmask = process.umask();

/** The certificate the hub actually serves, as a client sees it without trusting it yet. */
function servedCertificate(url: string, servername?: string): Promise<PeerCertificate & { authorized: boolean; error?: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false, servername }, () => {
      const cert = s.getPeerCertificate();
      resolve(Object.assign(cert, { authorized: s.authorized, error: s.authorizationError?.message }));
      s.end();
    });
    s.on('error', reject);
  });
}

/** Does a client that trusts only `ca` accept the hub's certificate for this host name? */
function verifies(url: string, ca: string, servername: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = tlsConnect({ host: u.hostname, port: Number(u.port), ca, servername }, () => {
      resolve(s.authorized);
      s.end();
    });
    s.on('error', () => resolve(false));
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kahera-tls-'));
  // Files must come out 0600 whatever the umask a service manager starts the hub with.
  process.umask(0o000);
  try {
    h = await startTestHub({ dataDir, tls: true });
  } finally {
    process.umask(oldUmask);
  }
  sales = await h.staff('sales', 'sales-1');
  cashier = await h.staff('cashier', 'cashier-1');
});

afterAll(async () => {
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the store certificate', () => {
  it('is made on first start, its key 0600, and is what the hub serves', async () => {
    expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(statSync(join(dataDir, TLS_KEY_FILE)).mode & 0o777).toBe(0o600);
    const cert = readFileSync(join(dataDir, TLS_CERT_FILE), 'utf8');
    expect(h.hub.tls?.cert).toBe(cert);
    const served = await servedCertificate(h.url);
    expect(served.fingerprint256).toBe(h.hub.tls?.fingerprint256);
    expect(new X509Certificate(cert).fingerprint256).toBe(served.fingerprint256);
  });

  it('covers localhost, 127.0.0.1 and the host name, so a terminal that trusts it verifies it', async () => {
    const ca = h.hub.tls!.cert;
    expect(await verifies(h.url, ca, 'localhost')).toBe(true);
    const x = new X509Certificate(ca);
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.subjectAltName).toContain('DNS:localhost');
    expect(x.ca).toBe(false);
    // a name it was not made for does not verify, and an untrusted client is refused
    expect(await verifies(h.url, ca, 'elsewhere.example')).toBe(false);
    expect((await servedCertificate(h.url)).authorized).toBe(false);
  });

  it('nothing answers in clear on the port: a plain-HTTP request gets no HTTP answer', async () => {
    const plain = h.url.replace('https:', 'http:');
    await expect(rawGet(plain, '/api/v1/health')).rejects.toThrow(/no HTTP answer/);
  });

  it('is reused on the next start (same fingerprint), and headless prints its fingerprint in the ready line', async () => {
    const before = h.hub.tls!.fingerprint256;
    const other = mkdtempSync(join(tmpdir(), 'kahera-tls-headless-'));
    try {
      const first = await launchHub(other, { KAHERA_TLS: 'on' });
      const readyLine = first.output.find((l) => l.startsWith('{"kahera":"hub-ready"'))!;
      const ready = JSON.parse(readyLine) as { url: string; fingerprint256: string };
      expect(ready.url).toMatch(/^https:/);
      expect(ready.fingerprint256).toBe((await servedCertificate(ready.url)).fingerprint256);
      first.child.kill('SIGTERM');
      await first.exited;
      const second = await launchHub(other, { KAHERA_TLS: 'on' });
      const again = JSON.parse(second.output.find((l) => l.startsWith('{"kahera":"hub-ready"'))!) as { fingerprint256: string };
      expect(again.fingerprint256).toBe(ready.fingerprint256);
      second.child.kill('SIGTERM');
      await second.exited;
      // and the in-process hub, restarted on its data dir, serves the same certificate
      await h.close();
      h = await startTestHub({ dataDir, tls: true });
      expect(h.hub.tls!.fingerprint256).toBe(before);
      expect((await servedCertificate(h.url)).fingerprint256).toBe(before);
      sales = await h.login('sales-1', 'sales-1-password');
      cashier = await h.login('cashier-1', 'cashier-1-password');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('the API and Socket.IO over TLS', () => {
  it('login, sale, settlement, and the live update over WSS to a terminal that trusts the certificate', async () => {
    const socket: Socket = io(h.url, { auth: { token: cashier.token }, transports: ['websocket'], ca: h.hub.tls!.cert, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack: Json = await socket.timeout(5000).emitWithAck('subscribe:payment_status');
      expect(ack.ok).toBe(true);
      const customerId = await h.customer(sales.token, 'Maria');
      const tx = await h.transaction(sales.token, customerId, 500_00);
      const update = new Promise<Json>((resolve) =>
        socket.on('payment_status_updated', (u: Json) => {
          if (u.transactionId === tx.id && u.payment_status === 'paid') resolve(u);
        }),
      );
      const r = await h.settle(cashier.token, cash(customerId, 500_00, { tender: { method: 'cash', tendered: 500_00 } }));
      expect(r.status).toBe(201);
      const u = await update;
      expect([u.balance_amount, u.or_number]).toEqual([0, r.body.settlement.or_number]);
      const got = await h.api('GET', `/api/v1/transactions/${tx.id}`, { token: cashier.token });
      expect(got.body.transaction.payment_status).toBe('paid');
    } finally {
      socket.close();
    }
  });

  it('a socket that does not trust the certificate cannot connect; one that pins the fingerprint can', async () => {
    const refused = io(h.url, { auth: { token: cashier.token }, transports: ['websocket'], reconnection: false });
    const error = await new Promise<string>((resolve) => {
      refused.once('connect', () => resolve('connected'));
      refused.once('connect_error', (e) => resolve(e.message));
    });
    refused.close();
    expect(error).not.toBe('connected');

    // rejectUnauthorized:false alone would accept anyone's certificate; a terminal doing
    // that must compare the fingerprint first, as the README says.
    const served = await servedCertificate(h.url);
    expect(served.fingerprint256).toBe(h.hub.tls!.fingerprint256);
    const pinned = io(h.url, { auth: { token: cashier.token }, transports: ['websocket'], rejectUnauthorized: false, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        pinned.once('connect', () => resolve());
        pinned.once('connect_error', reject);
      });
    } finally {
      pinned.close();
    }
  });

  it('security headers and framework errors are the same over TLS', async () => {
    const health = await h.api('GET', '/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const bad = await rawGet(h.url, '/api/v1/%c0', {}, { ca: h.hub.tls!.cert });
    expect([bad.status, JSON.parse(bad.body).error.code]).toEqual([400, 'bad_request']);
    const big = await rawGet(h.url, `/api/v1/health?q=${'x'.repeat(20_000)}`, {}, { ca: h.hub.tls!.cert });
    expect([big.status, JSON.parse(big.body).error.code, big.ended]).toEqual([431, 'headers_too_large', 'end']);
  });
});
