import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer, type Socket } from 'socket.io';
import {
  CreateGatewayIntentRequest,
  GatewayEventAck,
  HubsAuth,
  type CreateGatewayIntentResponse,
  type GatewayEvent,
  type VerifyGatewayIntentResponse,
} from '../../../src/shared/gateway.js';

// A small stand-in for central + gateway that follows src/shared/gateway.ts: the hub's
// create/verify calls, the /hubs namespace with its store-key handshake, and delivery of
// gateway events until acked (redelivered on every reconnect, oldest first). Loopback only.
// It lets the hub side be tested on its own, and can lose an ack on purpose.

export const STUB_STORE = 'GW01';
export const STUB_KEY = 'test-store-key-not-a-secret';

interface StubIntent {
  hubId: string;
  gatewayIntentId: string;
  amount: number;
  method: string;
  status: 'awaiting_payment' | 'succeeded' | 'failed' | 'expired';
  expiresAt: string;
  paidAt: string | null;
}

export interface StubCentral {
  url: string;
  port: number;
  intents: Map<string, StubIntent>;
  /** Events not yet acked ok, oldest first. */
  pending: GatewayEvent[];
  /** Every ack received, in order. */
  acks: { eventId: string; answer: unknown }[];
  deliveries: number;
  hubsConnected(): number;
  /** The customer pays (or fails); `deliver:false` drops the webhook (nothing reaches the hub). */
  pay(hubId: string, opts?: { deliver?: boolean; amount?: number; times?: number }): GatewayEvent | null;
  fail(hubId: string): GatewayEvent;
  /** Sends a raw payload as a gateway:event and resolves with the hub's ack. */
  sendRaw(payload: unknown): Promise<unknown>;
  /** The next ack(s) are received but ignored, as if lost on the way. */
  loseAcks(n: number): void;
  /** While down, HTTP answers 503 (the gateway unreachable behind central). */
  setGatewayDown(down: boolean): void;
  /** Expiry the stub gives new intents (default 15 min). */
  ttlMs: number;
  close(): Promise<void>;
}

export async function startStubCentral(opts: { port?: number } = {}): Promise<StubCentral> {
  const intents = new Map<string, StubIntent>();
  let gatewayDown = false;
  let lose = 0;
  let seq = 0;
  const http = createServer((req, res) => void route(req, res));
  const io = new SocketServer(http, { serveClient: false });
  const hubs = io.of('/hubs');
  const stub: StubCentral = {
    url: '',
    port: 0,
    intents,
    pending: [],
    acks: [],
    deliveries: 0,
    ttlMs: 15 * 60_000,
    hubsConnected: () => hubs.sockets.size,
    pay(hubId, o = {}) {
      const i = intents.get(hubId);
      if (!i) throw new Error(`stub: no intent ${hubId}`);
      i.status = 'succeeded';
      i.paidAt = new Date().toISOString();
      if (o.deliver === false) return null;
      const event = makeEvent(i, 'payment.paid', 'succeeded', o.amount ?? i.amount);
      for (let n = 0; n < (o.times ?? 1); n++) enqueue(event);
      return event;
    },
    fail(hubId) {
      const i = intents.get(hubId)!;
      i.status = 'failed';
      const event = makeEvent(i, 'payment.failed', 'failed', i.amount);
      enqueue(event);
      return event;
    },
    sendRaw(payload) {
      const [socket] = hubs.sockets.values();
      if (!socket) return Promise.reject(new Error('stub: no hub connected'));
      return socket.timeout(5000).emitWithAck('gateway:event', payload as GatewayEvent);
    },
    loseAcks(n) {
      lose = n;
    },
    setGatewayDown(down) {
      gatewayDown = down;
    },
    close: async () => {
      io.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };

  function makeEvent(i: StubIntent, type: string, status: GatewayEvent['status'], amount: number): GatewayEvent {
    seq += 1;
    return { id: `evt_stub_${seq}`, type, paymentIntentId: i.hubId, status, amount, occurredAt: new Date().toISOString() };
  }

  /** A gateway event is kept until acked ok, and pushed to every connected hub. */
  function enqueue(event: GatewayEvent): void {
    stub.pending.push(event);
    for (const s of hubs.sockets.values()) deliver(s, event);
  }

  function deliver(socket: Socket, event: GatewayEvent): void {
    stub.deliveries += 1;
    socket.timeout(10_000).emit('gateway:event', event, (err: unknown, answer: unknown) => {
      if (err) return; // no ack in time: still pending, sent again on reconnect
      stub.acks.push({ eventId: event.id, answer });
      if (lose > 0) {
        lose -= 1;
        return;
      }
      const ack = GatewayEventAck.safeParse(answer);
      if (ack.success && ack.data.ok) {
        const at = stub.pending.indexOf(event);
        if (at >= 0) stub.pending.splice(at, 1);
      }
    });
  }

  hubs.use((socket, next) => {
    const auth = HubsAuth.safeParse(socket.handshake.auth);
    if (!auth.success || auth.data.storeId !== STUB_STORE || auth.data.key !== STUB_KEY) next(new Error('unauthorized'));
    else next();
  });
  hubs.on('connection', (socket) => {
    for (const e of [...stub.pending]) deliver(socket, e);
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${STUB_KEY}`) return send(401, { error: { code: 'unauthorized', message: 'bad key' } });
    const url = req.url ?? '';
    if (url === '/api/v1/sync/push') {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { events?: { seq: number }[] };
      return send(200, { ackedThrough: Math.max(0, ...(body.events ?? []).map((e) => e.seq)) });
    }
    if (url.startsWith('/api/v1/stores/') && url.endsWith('/cursor')) return send(200, { ackedThrough: 0 });
    if (gatewayDown) return send(503, { error: { code: 'gateway_unavailable', message: 'gateway down' } });
    const create = /^\/api\/v1\/stores\/([^/]+)\/payment-intents$/.exec(url);
    if (create && req.method === 'POST') {
      const parsed = CreateGatewayIntentRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString() || 'null'));
      if (!parsed.success) return send(400, { error: { code: 'validation_failed', message: parsed.error.message } });
      const b = parsed.data;
      const existing = intents.get(b.id);
      const i: StubIntent = existing ?? {
        hubId: b.id,
        gatewayIntentId: `pi_gw_${b.id.slice(-10)}`,
        amount: b.amount,
        method: b.method,
        status: 'awaiting_payment',
        expiresAt: b.expiresAt ?? new Date(Date.now() + stub.ttlMs).toISOString(),
        paidAt: null,
      };
      intents.set(b.id, i);
      const answer: CreateGatewayIntentResponse = {
        gatewayIntentId: i.gatewayIntentId,
        status: i.status,
        qr: b.method === 'card' ? null : { payload: `00020101021228${i.gatewayIntentId}5303608540${b.amount}6304ABCD` },
        expiresAt: i.expiresAt,
        amount: i.amount,
      };
      return send(201, answer);
    }
    const verify = /^\/api\/v1\/stores\/([^/]+)\/payment-intents\/([^/]+)\/verify$/.exec(url);
    if (verify && req.method === 'POST') {
      const i = intents.get(decodeURIComponent(verify[2]!));
      if (!i) return send(404, { error: { code: 'not_found', message: 'no such intent' } });
      if (i.status === 'awaiting_payment' && Date.parse(i.expiresAt) <= Date.now()) i.status = 'expired';
      const answer: VerifyGatewayIntentResponse = {
        gatewayIntentId: i.gatewayIntentId,
        status: i.status,
        amount: i.amount,
        paidAt: i.paidAt,
        failureReason: i.status === 'failed' ? 'card declined' : null,
      };
      return send(200, answer);
    }
    send(404, { error: { code: 'not_found', message: 'no route' } });
  }

  await new Promise<void>((r) => http.listen(opts.port ?? 0, '127.0.0.1', () => r()));
  stub.port = (http.address() as AddressInfo).port;
  stub.url = `http://127.0.0.1:${stub.port}`;
  return stub;
}
