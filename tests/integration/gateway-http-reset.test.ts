import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/central/gateway/client.js';
import { HttpError } from '../../src/central/http.js';
import { CentralGatewayClient, GatewayUnavailableError } from '../../src/main/gateway/central-client.js';

// The hub's client to central and central's client to the gateway, against servers that
// misbehave at the TCP level: one resets every connection as the request arrives, one
// answers half a response and then resets, one accepts and never answers. Every call
// must settle as "unreachable" (on Node 20, fetch could stay pending forever on a reset).

type Mode = 'reset' | 'half' | 'silent';

const RESETS = [
  { mode: 'reset' as const, what: 'resets the connection as the request arrives' },
  { mode: 'half' as const, what: 'sends half an answer, then resets' },
];

const servers: Server[] = [];
const sockets = new Set<Socket>();

async function misbehaving(mode: Mode): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      requests += 1;
      if (mode === 'reset') socket.resetAndDestroy();
      else if (mode === 'half') {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"data":', () => socket.resetAndDestroy());
      }
      // silent: keep the connection open, never answer
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe('hub → central gateway calls (node:http, a timer of their own)', () => {
  it.each(RESETS)('a server that $what: create and verify fail as unreachable, well before the timeout', async ({ mode }) => {
    const server = await misbehaving(mode);
    // A timeout far beyond the test's own (5 s): the call must end because of the reset, not the timer.
    const client = new CentralGatewayClient({ centralUrl: server.url, storeId: 'S1', storeKey: 'k', timeoutMs: 60_000 });
    const create = client.createIntent({ id: 'pi_1', amount: 100, currency: 'PHP', method: 'qrph' });
    await expect(create).rejects.toBeInstanceOf(GatewayUnavailableError);
    await expect(create).rejects.toThrow(/cannot be reached/);
    await expect(client.verifyIntent('pi_1')).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(server.requests()).toBe(2);
  });

  it('a server that never answers: the call ends at its timeout as "did not answer"', async () => {
    const server = await misbehaving('silent');
    const client = new CentralGatewayClient({ centralUrl: server.url, storeId: 'S1', storeKey: 'k', timeoutMs: 200 });
    await expect(client.verifyIntent('pi_1')).rejects.toThrow(/did not answer/);
    expect(server.requests()).toBe(1);
  });
});

describe('central → gateway calls (node:http, a timer of their own)', () => {
  it.each(RESETS)('a gateway that $what: create and retrieve answer 503 offline', async ({ mode }) => {
    const server = await misbehaving(mode);
    const client = new GatewayClient({ url: server.url, secretKey: 'sk_test_x', timeoutMs: 60_000 });
    const create = client.createIntent({ amount: 100, method: 'qrph', metadata: {} });
    await expect(create).rejects.toBeInstanceOf(HttpError);
    await expect(create).rejects.toMatchObject({ status: 503, code: 'offline' });
    await expect(client.retrieveIntent('pi_x', new Date())).rejects.toMatchObject({ status: 503, code: 'offline' });
    expect(server.requests()).toBe(2);
  });

  it('a gateway that never answers: 503 offline at the timeout', async () => {
    const server = await misbehaving('silent');
    const client = new GatewayClient({ url: server.url, secretKey: 'sk_test_x', timeoutMs: 200 });
    await expect(client.retrieveIntent('pi_x', new Date())).rejects.toMatchObject({ status: 503, code: 'offline' });
  });
});
