import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralHandle } from '../../src/central/server.js';
import { ErrorBody } from '../../src/shared/common.js';
import { rawGet, rawRequest } from './support/raw-http.js';
import { createTestDatabase, type TestDatabase } from './support/sync-pg.js';

// Central's edges: what reaches it before a route runs is answered with protocol.md's
// error object, and no request can take the process down.

let db: TestDatabase;
let central: CentralHandle;

beforeAll(async () => {
  db = await createTestDatabase();
  central = await startCentral({ databaseUrl: db.url, port: 0, adminToken: 'edge-admin-token' });
});

afterAll(async () => {
  await central?.close();
  await db?.drop();
});

function errorCode(text: string): string {
  const parsed = ErrorBody.strict().safeParse(JSON.parse(text));
  expect(parsed.success, `not protocol.md's error object: ${text}`).toBe(true);
  return parsed.data!.error.code;
}

describe('central answers every error with the error object', () => {
  it('a request target that is not a URL is a 400, and central keeps serving', async () => {
    for (const target of ['//', '//[', 'http://[']) {
      const r = await rawGet(central.url, target);
      expect([target, r.status, errorCode(r.body)]).toEqual([target, 400, 'bad_request']);
    }
    const health = await rawGet(central.url, '/api/v1/health');
    expect(health.status).toBe(200);
  });

  it('a 20 KB URL is a JSON 431, read in full before a clean close', async () => {
    const r = await rawGet(central.url, `/api/v1/health?q=${'x'.repeat(20_000)}`);
    expect([r.status, errorCode(r.body), r.ended]).toEqual([431, 'headers_too_large', 'end']);
  });

  it('bytes that are not HTTP are a JSON 400; unknown routes a JSON 404', async () => {
    const garbage = await rawRequest(central.url, 'HELLO THERE\r\n\r\n');
    expect([garbage.status, errorCode(garbage.body)]).toEqual([400, 'bad_request']);
    const unknown = await rawGet(central.url, '/api/v1/nothing');
    expect([unknown.status, errorCode(unknown.body)]).toEqual([404, 'not_found']);
  });
});
