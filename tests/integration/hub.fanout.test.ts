import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { cash, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';

// Fan-out writes (broadcaster.ts, write-batch.ts): every packet of an update reaches each
// terminal in scope, in order, and a terminal on websocket gets all of them in ONE write
// to its TCP socket (one writev), where engine.io alone writes the first packet, waits
// for its callback, then writes the rest. Terminals still on polling, or mid-upgrade,
// are left to engine.io and get the same packets.

const UPDATE_EVENTS = ['payment_status_updated', 'transaction_updated'] as const;

interface Client {
  socket: Socket;
  /** Update packets received, in arrival order: event name, seq, transaction. */
  heard: string[];
}

async function connect(url: string, token: string, transports: ('polling' | 'websocket')[], beforeOpen?: (s: Socket) => void): Promise<Client> {
  const socket = io(url, { auth: { token }, transports, forceNew: true, reconnection: false, autoConnect: false });
  const heard: string[] = [];
  for (const name of UPDATE_EVENTS) socket.on(name, (u: Json) => heard.push(`${name} ${u.seq} ${u.transactionId ?? u.transaction.id}`));
  beforeOpen?.(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
    socket.connect();
  });
  const ack = await socket.timeout(10_000).emitWithAck('subscribe:payment_status', undefined);
  expect(ack.ok).toBe(true);
  return { socket, heard };
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What one update to one terminal should look like: both packets per transaction, in order. */
const packetsOf = (seq: number, txIds: string[]) => txIds.flatMap((id) => UPDATE_EVENTS.map((name) => `${name} ${seq} ${id}`));

/**
 * Records every write to the TCP socket under a terminal's websocket on the hub (each
 * `_write` / `_writev` of a net.Socket is one write request, one syscall when the kernel
 * takes it all), as latin1 text so packets can be found in it.
 */
function spyWrites(h: TestHub, c: Client): { writes: string[]; restore: () => void } {
  const conn = h.hub.io.of('/').sockets.get(c.socket.id!)?.conn as Json;
  expect(conn?.transport?.name).toBe('websocket');
  const raw = conn.transport.socket._socket;
  const writes: string[] = [];
  const { _write: write, _writev: writev } = raw;
  raw._write = function (chunk: Buffer, encoding: BufferEncoding, cb: () => void) {
    writes.push(Buffer.from(chunk).toString('latin1'));
    return write.call(this, chunk, encoding, cb);
  };
  raw._writev = function (chunks: { chunk: Buffer }[], cb: () => void) {
    writes.push(chunks.map((x) => Buffer.from(x.chunk).toString('latin1')).join(''));
    return writev.call(this, chunks, cb);
  };
  return {
    writes,
    restore: () => {
      raw._write = write;
      raw._writev = writev;
    },
  };
}

/** The update packets in a write, in order: event name and the first transaction id after it. */
const packetsIn = (w: string) => [...w.matchAll(/42\["(payment_status_updated|transaction_updated)",[^]*?"(txn_[A-Za-z0-9]+)"/g)].map((m) => `${m[1]} ${m[2]}`);

const carriesUpdate = (w: string) => UPDATE_EVENTS.some((name) => w.includes(`"${name}"`));

let h: TestHub;
let admin: Staff;
let salesA: Staff;
let salesB: Staff;
let cashier: Staff;
const ws = {} as Record<'admin' | 'admin2' | 'cashier' | 'salesA' | 'salesB', Client>;
let polling: Client;
let upgrading: Client;
let releaseUpgrade: (() => void) | null = null;
let customer: string;
let jobs: string[];

const upgradingConn = () => h.hub.io.of('/').sockets.get(upgrading.socket.id!)?.conn as Json;

beforeAll(async () => {
  h = await startTestHub();
  admin = h.admin;
  salesA = await h.staff('sales', 'fanout-sales-a');
  salesB = await h.staff('sales', 'fanout-sales-b');
  cashier = await h.staff('cashier', 'fanout-cashier');
  // Before any terminal connects, so the only updates they hear are the test's.
  customer = await h.customer(salesA.token, 'Fan-out Printing');
  jobs = [(await h.transaction(salesA.token, customer, 300_00)).id, (await h.transaction(salesA.token, customer, 500_00)).id];
  ws.admin = await connect(h.url, admin.token, ['websocket']);
  ws.admin2 = await connect(h.url, admin.token, ['websocket']);
  ws.cashier = await connect(h.url, cashier.token, ['websocket']);
  ws.salesA = await connect(h.url, salesA.token, ['websocket']);
  ws.salesB = await connect(h.url, salesB.token, ['websocket']);
  polling = await connect(h.url, admin.token, ['polling']);
  // Starts on polling and probes websocket. The client sends nothing while it upgrades,
  // so its probe waits until it has subscribed; then its switch is held (the polling
  // transport's pause, which the client waits for before sending `upgrade`) until the
  // test lets go, so the hub sees it mid-upgrade for as long as needed.
  let startProbe: (() => void) | null = null;
  upgrading = await connect(h.url, admin.token, ['polling', 'websocket'], (s) =>
    s.io.on('open', () => {
      const engine = s.io.engine as Json;
      const probe = engine._probe;
      engine._probe = (name: string) => {
        startProbe = () => probe.call(engine, name);
      };
      engine.once('upgrading', () => {
        const from = engine.transport;
        const pause = from.pause;
        from.pause = (onPause: () => void) => {
          releaseUpgrade = () => pause.call(from, onPause);
        };
      });
    }),
  );
  expect(startProbe).not.toBeNull();
  startProbe!();
  await until('the upgrading terminal to be mid-upgrade', () => releaseUpgrade !== null && upgradingConn()?.upgrading === true);

});

afterAll(async () => {
  for (const c of [...Object.values(ws), polling, upgrading]) c?.socket.disconnect();
  await h?.close();
});

/** Settles `amount` (oldest first) and waits until `expectToHear` has every packet of it; returns its seq. */
async function settle(amount: number, expectToHear: Client[], txIds: string[]): Promise<number> {
  const before = new Map(expectToHear.map((c) => [c, c.heard.length]));
  const r = await h.settle(cashier.token, cash(customer, amount));
  expect(r.status).toBe(201);
  const seq = Number(r.headers.get('x-kahera-seq'));
  await until('every packet at every terminal', () => expectToHear.every((c) => c.heard.length - before.get(c)! >= txIds.length * UPDATE_EVENTS.length));
  return seq;
}

describe('fan-out: both packets of an update, in order, in one write per websocket terminal', () => {
  it('a payment over two job orders: four packets, in order, to each terminal in scope, one write each', async () => {
    const inScope = [ws.admin, ws.admin2, ws.cashier, ws.salesA];
    const spies = inScope.map((c) => spyWrites(h, c));
    const outOfScope = spyWrites(h, ws.salesB);
    const stats0 = { ...h.hub.ctx.broadcaster.writeStats };
    const marks = [...inScope, ws.salesB, polling, upgrading].map((c) => c.heard.length);
    let seq: number;
    try {
      // 300 pays the first job order and 100 goes to the second: both change.
      seq = await settle(400_00, [...inScope, polling, upgrading], jobs);
    } finally {
      for (const s of [...spies, outOfScope]) s.restore();
    }
    const expected = packetsOf(seq, jobs);
    [...inScope, ws.salesB, polling, upgrading].forEach((c, i) => {
      expect(c.heard.slice(marks[i]!)).toEqual(c === ws.salesB ? [] : expected);
    });
    for (const s of spies) {
      const carrying = s.writes.filter(carriesUpdate);
      // One write, holding all four packets in emit order.
      expect(carrying).toHaveLength(1);
      expect(packetsIn(carrying[0]!)).toEqual(jobs.flatMap((id) => UPDATE_EVENTS.map((name) => `${name} ${id}`)));
    }
    expect(outOfScope.writes.filter(carriesUpdate)).toEqual([]);
    const stats = h.hub.ctx.broadcaster.writeStats;
    // The four websocket terminals in scope (and sales B, whose room is not reached: it
    // is held and written nothing); the polling and the upgrading one are left to engine.io.
    expect(stats.batched - stats0.batched).toBeGreaterThanOrEqual(4);
    expect(stats.plain - stats0.plain).toBeGreaterThanOrEqual(2);
  });

  it('a terminal on polling and one mid-upgrade get the same packets through engine.io', async () => {
    expect((h.hub.io.of('/').sockets.get(polling.socket.id!)?.conn as Json).transport.name).toBe('polling');
    expect(upgradingConn().upgrading).toBe(true);
    const marks = [polling, upgrading, ws.admin].map((c) => c.heard.length);
    const seq = await settle(10_00, [polling, upgrading, ws.admin], [jobs[1]!]);
    for (const [i, c] of [polling, upgrading, ws.admin].entries()) expect(c.heard.slice(marks[i]!)).toEqual(packetsOf(seq, [jobs[1]!]));
  });

  it('once its upgrade completes, the same terminal is written in one write too, and misses nothing', async () => {
    releaseUpgrade!();
    await until('the upgrade to complete', () => upgradingConn()?.transport?.name === 'websocket' && upgradingConn()?.upgrading === false);
    const spy = spyWrites(h, upgrading);
    const mark = upgrading.heard.length;
    let seq: number;
    try {
      seq = await settle(10_00, [upgrading, ws.admin], [jobs[1]!]);
    } finally {
      spy.restore();
    }
    expect(upgrading.heard.slice(mark)).toEqual(packetsOf(seq, [jobs[1]!]));
    expect(spy.writes.filter(carriesUpdate)).toHaveLength(1);
    // Every update since it connected, each once and in order, across the switch.
    const seqs = upgrading.heard.filter((x) => x.startsWith('payment_status_updated')).map((x) => Number(x.split(' ')[1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(upgrading.heard).toEqual(ws.admin.heard);
  });
});
