import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../src/shared/common.js';
import { TransactionResponse } from '../../src/shared/transactions.js';
import { cash, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { rawGet, rawRequest } from './support/raw-http.js';

// The hub's edges: what a browser on the LAN, a probe or a confused client meets before
// any route runs — framework errors, the static server, origins, security headers — and
// user text that must not be able to steer screens or printers.

let h: TestHub;
let sales: Staff, cashier: Staff;
let customerId: string;
const OTHER_ORIGIN = 'http://192.168.1.77:5173';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kahera-edge-'));
  // A renderer folder, so the static server and its SPA fallback are live.
  const rendererDir = join(dataDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kahera</title><div id="root"></div>');
  writeFileSync(join(rendererDir, 'assets', 'app-1.js'), 'console.log(1)');
  writeFileSync(join(dataDir, 'secret.txt'), 'not for the web');
  h = await startTestHub({
    dataDir,
    rendererDir,
    env: { KAHERA_ADMIN_USER: 'admin', KAHERA_ADMIN_PASSWORD: 'admin-pass-1', KAHERA_ALLOWED_ORIGINS: `${OTHER_ORIGIN}, https://till.example:8443` },
  });
  sales = await h.staff('sales', 'sales-1');
  cashier = await h.staff('cashier', 'cashier-1');
  customerId = await h.customer(sales.token, 'Maria');
});

afterAll(async () => {
  await h?.close();
});

function errorObject(text: string): Json {
  const parsed = ErrorBody.strict().safeParse(JSON.parse(text));
  expect(parsed.success, `not protocol.md's error object: ${text}`).toBe(true);
  return parsed.data!.error;
}

describe('every error leaves as the error object, including the framework\'s own', () => {
  it('bad percent-encoding in the URL', async () => {
    const r = await rawGet(h.url, '/api/v1/%c0');
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(errorObject(r.body).code).toBe('bad_request');
    for (const target of ['/api/v1/transactions/%00', '/api/v1/transactions/%', '/api/v1/%E0%A4%A']) {
      const t = await rawGet(h.url, target);
      expect(t.status, target).toBeGreaterThanOrEqual(400);
      expect(t.status, target).toBeLessThan(500);
      errorObject(t.body);
    }
    expect((await h.api('GET', '/api/v1/health')).status).toBe(200);
  });

  it('a 20 KB URL is a JSON 431, read in full before the connection closes cleanly', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await rawGet(h.url, `/api/v1/transactions?q=${'x'.repeat(20_000)}`);
      expect(r.status).toBe(431);
      expect(errorObject(r.body).code).toBe('headers_too_large');
      expect(r.ended).toBe('end');
    }
    // and through fetch, as a browser or script sees it
    const res = await fetch(`${h.url}/api/v1/health?q=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(errorObject(await res.text()).code).toBe('headers_too_large');
  });

  it('bytes that are not HTTP get a JSON 400', async () => {
    const r = await rawRequest(h.url, 'HELLO THERE\r\n\r\n');
    expect(r.status).toBe(400);
    expect(errorObject(r.body).code).toBe('bad_request');
  });

  it('unknown routes, any method, are JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nothing'],
      ['POST', '/api/v1/nothing'],
      ['DELETE', '/api/v1/customers'],
      ['POST', '/cashier'],
    ] as const) {
      const r = await h.api(method, path, { token: h.admin.token, ...(method === 'POST' ? { body: {} } : {}) });
      expect([method, path, r.status, r.body?.error?.code]).toEqual([method, path, 404, 'not_found']);
    }
  });

  it('415, 413 and bad JSON', async () => {
    const form = await h.api('POST', '/api/v1/customers', { token: sales.token, rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([form.status, form.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const big = await h.api('POST', '/api/v1/customers', { token: sales.token, body: { name: 'x'.repeat(300 * 1024) } });
    expect([big.status, big.body.error.code]).toEqual([413, 'payload_too_large']);
    const bad = await h.api('POST', '/api/v1/customers', { token: sales.token, rawBody: '{"name":' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    for (const r of [form, big, bad]) errorObject(JSON.stringify(r.body));
  });
});

describe('the static server', () => {
  it('serves the renderer and falls back to it for client-side routes', async () => {
    expect((await rawGet(h.url, '/')).body).toContain('id="root"');
    expect((await rawGet(h.url, '/cashier')).body).toContain('id="root"');
    expect((await rawGet(h.url, '/assets/app-1.js')).body).toBe('console.log(1)');
  });

  it('path traversal, however encoded, is a JSON 404 (not 403, not the app shell, not the file)', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/%252e%252e/secret.txt',
      '/..%5csecret.txt',
      '/assets/..',
    ]) {
      const r = await rawGet(h.url, path);
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.body).not.toContain('not for the web');
      expect(errorObject(r.body).code).toBe('not_found');
    }
  });
});

describe('origins (CORS and Socket.IO)', () => {
  const preflight = (origin: string) =>
    fetch(`${h.url}/api/v1/customers`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it('a foreign origin gets no CORS headers, on answers or preflights', async () => {
    const res = await fetch(`${h.url}/api/v1/health`, { headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await preflight('http://evil.example');
    expect(pre.status).toBe(404);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('the hub\'s own origin and the listed ones are allowed; no Origin keeps working', async () => {
    for (const origin of [new URL(h.url).origin, OTHER_ORIGIN, 'https://till.example:8443']) {
      const pre = await preflight(origin);
      expect([origin, pre.status, pre.headers.get('access-control-allow-origin')]).toEqual([origin, 204, origin]);
    }
    // a page on another hub's address or port is another origin
    const port = new URL(h.url).port;
    expect((await preflight(`http://127.0.0.1:${Number(port) + 1}`)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(`https://127.0.0.1:${port}`)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await h.api('GET', '/api/v1/health')).status).toBe(200);
  });

  const connectWith = (headers: Record<string, string>, transports: ('polling' | 'websocket')[]) =>
    new Promise<string>((resolve) => {
      const s = io(h.url, { auth: { token: cashier.token }, transports, extraHeaders: headers, reconnection: false, timeout: 5000 });
      s.on('connect', () => {
        s.close();
        resolve('connected');
      });
      s.on('connect_error', (e) => {
        s.close();
        resolve(`refused: ${e.message}`);
      });
    });

  it('Socket.IO refuses a foreign origin, over polling and websocket', async () => {
    for (const transports of [['polling'], ['websocket']] as ('polling' | 'websocket')[][]) {
      expect(await connectWith({ origin: 'http://evil.example' }, transports)).toMatch(/^refused/);
      expect(await connectWith({ origin: new URL(h.url).origin }, transports)).toBe('connected');
      expect(await connectWith({ origin: OTHER_ORIGIN }, transports)).toBe('connected');
      expect(await connectWith({}, transports)).toBe('connected');
    }
  });
});

describe('security headers', () => {
  it('on / and on the API: CSP with frame-ancestors none, nosniff, referrer policy', async () => {
    for (const path of ['/', '/api/v1/health', '/api/v1/nothing']) {
      const res = await fetch(h.url + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toMatch(/connect-src 'self' ws: wss:/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });
});

describe('user text refuses control characters, bidi overrides and lone surrogates', () => {
  const bad = {
    'an escape (ESC @, printer reset)': 'Maria \u001b@',
    'a carriage return': 'Maria\rJuan',
    'a NUL': 'Maria\u0000',
    'a C1 control': 'Maria\u0085Cruz',
    'DEL': 'Maria\u007f',
    'a right-to-left override': 'Maria \u202e00.0001',
    'a bidi isolate': 'Maria \u2066x\u2069',
    'a lone surrogate': 'Maria \ud800',
  };

  it('400 naming the field, nothing stored, on every kind of user text', async () => {
    const txId = (await h.transaction(sales.token, customerId, 100_00)).id as string;
    const seq = h.hub.store.lastSeq();
    for (const [what, text] of Object.entries(bad)) {
      const probes: [string, string, string, unknown, string][] = [
        [sales.token, 'POST', '/api/v1/customers', { name: text }, 'name'],
        [sales.token, 'POST', '/api/v1/customers', { name: 'Ok', phone: text }, 'phone'],
        [sales.token, 'POST', '/api/v1/transactions', { customerId, lines: [{ description: text, quantity: 1, unitPrice: 100 }] }, 'lines.0.description'],
        [sales.token, 'POST', '/api/v1/transactions', { customerId, lines: [{ description: 'ok', quantity: 1, unitPrice: 100 }], notes: text }, 'notes'],
        [
          sales.token,
          'POST',
          '/api/v1/transactions',
          { customerId, lines: [{ description: 'ok', quantity: 1, unitPrice: 100 }], discount: { kind: 'senior', holderName: text, idNumber: 'SC-1' } },
          'discount.holderName',
        ],
        [h.admin.token, 'POST', '/api/v1/staff', { username: 'nobody', password: 'long-enough-1', role: 'sales', displayName: text }, 'displayName'],
        [h.admin.token, 'POST', `/api/v1/transactions/${txId}/void`, { reason: text }, 'reason'],
      ];
      for (const [token, method, path, body, field] of probes) {
        const r = await h.api(method, path, { token, body });
        expect([what, path, field, r.status, r.body?.error?.code]).toEqual([what, path, field, 400, 'validation_failed']);
        expect(r.body.error.details.map((d: Json) => d.path)).toContain(field);
        expect(r.body.error.message).toContain(field);
      }
      const settle = await h.settle(cashier.token, {
        customerId,
        amount: 100,
        tender: { method: 'card', reference: text },
        allocation: { strategy: 'oldest_first' },
      });
      expect([what, settle.status, settle.body.error.details[0].path]).toEqual([what, 400, 'tender.reference']);
    }
    expect(h.hub.store.lastSeq()).toBe(seq);
  });

  it('ordinary text still passes: accents, emoji, Filipino and CJK names, a notes paragraph', async () => {
    for (const name of ['José Peña-Ñiño', 'Ma. Luisa “Malou” dela Cruz', 'Tindahan ni Aling Nena 🛒', '陈美玲', 'عمر']) {
      const r = await h.api('POST', '/api/v1/customers', { token: sales.token, body: { name } });
      expect([name, r.status, r.body.customer?.name]).toEqual([name, 201, name]);
    }
    const r = await h.api('POST', '/api/v1/transactions', {
      token: sales.token,
      body: { customerId, lines: [{ description: 'Tarpaulin 3×6 ft', quantity: 1, unitPrice: 100 }], notes: 'Line one\nLine two\twith a tab\r\nthree' },
    });
    expect(r.status).toBe(201);
  });
});

describe('text stored before these rules', () => {
  it('still reads on the terminals (answers parse) and never reaches a receipt raw', async () => {
    const custId = await h.customer(sales.token, 'Old Customer');
    const tx = await h.transaction(sales.token, custId, 300_00);
    // As an older hub (or a direct edit) could have stored them.
    h.hub.store.db.prepare('UPDATE customers SET name = ? WHERE id = ?').run('Old\u001b@\u001dV\u0001 \u202eCustomer', custId);
    h.hub.store.db.prepare('UPDATE transaction_lines SET description = ? WHERE transaction_id = ?').run('Job\r\u001bE order', tx.id);
    const got = await h.api('GET', `/api/v1/transactions/${tx.id}`, { token: sales.token });
    expect(got.status).toBe(200);
    expect(TransactionResponse.safeParse(got.body).success).toBe(true);

    const paid = await h.settle(cashier.token, cash(custId, 300_00, { tender: { method: 'cash', tendered: 300_00 } }));
    expect(paid.status).toBe(201);
    for (const format of ['text', 'html']) {
      const r = await h.api('GET', `/api/v1/receipts/${paid.body.settlement.id}?format=${format}`, { token: cashier.token });
      expect([format, r.status]).toEqual([format, 200]);
      const doc = String(r.body);
      expect(doc).toContain('Old@V Customer');
      // eslint-disable-next-line no-control-regex -- control characters are what must not be there
      expect(doc).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
  });
});
