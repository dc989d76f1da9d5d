/**
 * One flush, one corked write per terminal for a burst of packets.
 *
 * engine.io's websocket transport writes the first packet of a burst at once and keeps
 * the rest in its `writeBuffer` until that write's callback drains the transport, so
 * two packets to a socket cost two `writev` syscalls and two event-loop passes. Here the
 * transport of every socket the burst may reach is marked not writable while the burst is
 * emitted (Socket.IO's emits then only fill `writeBuffer`, in emit order), and then each
 * socket is flushed once with its TCP socket corked: all of its frames leave in one
 * `writev`.
 *
 * Every part of engine.io 6 and ws 8 touched here is private (`writeBuffer`, `flush`,
 * `upgrading`, the transport's `writable`, ws's `_socket`), so each is checked on every
 * use: a socket of any other shape — still on polling, mid-upgrade, closing, another
 * version — is left alone and gets the same packets through engine.io as before.
 * What must stay true: a held transport is writable again before `run` returns, whatever
 * the burst threw, and nothing asynchronous happens while one is held.
 */

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** The engine.io `Socket` fields used, as engine.io 6.6 has them. */
interface EngineSocket {
  readyState: string;
  upgrading: boolean;
  writeBuffer: unknown[];
  flush(): void;
  transport: WsTransport;
}

interface WsTransport {
  name: string;
  writable: boolean;
  /** ws's `WebSocket`; its `_socket` is the net/tls socket it writes to. */
  socket: { readyState: number; _socket: Corkable };
}

interface Held {
  conn: EngineSocket;
  transport: WsTransport;
  raw: Corkable;
}

/** Counts for tests and benches: sockets whose burst went out batched, and those left to engine.io. */
export interface WriteBatchStats {
  batched: number;
  plain: number;
}

const WS_OPEN = 1;
const isFn = (x: unknown): boolean => typeof x === 'function';

/** The socket, typed, if it is an open engine.io socket on an idle websocket transport; else null. */
function batchable(conn: unknown): Held | null {
  const c = conn as Partial<EngineSocket> | null | undefined;
  if (!c || c.readyState !== 'open' || c.upgrading !== false || !Array.isArray(c.writeBuffer) || c.writeBuffer.length > 0 || !isFn(c.flush)) return null;
  const t = c.transport as Partial<WsTransport> | undefined;
  // A transport busy with a write already queues the burst and sends it in one flush.
  if (!t || t.name !== 'websocket' || t.writable !== true) return null;
  const ws = t.socket as Partial<WsTransport['socket']> | undefined;
  const raw = ws?._socket as Partial<Corkable> | undefined;
  if (!ws || ws.readyState !== WS_OPEN || !raw || !isFn(raw.cork) || !isFn(raw.uncork)) return null;
  return { conn: c as EngineSocket, transport: t as WsTransport, raw: raw as Corkable };
}

function release({ conn, transport, raw }: Held): void {
  transport.writable = true;
  if (conn.transport !== transport || conn.writeBuffer.length === 0) return;
  raw.cork();
  try {
    conn.flush();
  } finally {
    raw.uncork();
  }
}

export class WriteBatcher {
  readonly stats: WriteBatchStats = { batched: 0, plain: 0 };

  /**
   * Runs `emit` synchronously with the transports of `conns` (engine.io sockets, e.g.
   * `socket.conn`) held, then flushes each that received packets once, corked. A conn
   * listed that `emit` does not reach costs nothing; one not listed is written as usual.
   */
  run(conns: Iterable<unknown>, emit: () => void): void {
    const held: Held[] = [];
    try {
      for (const conn of conns) {
        const h = batchable(conn);
        if (!h) {
          this.stats.plain += 1;
          continue;
        }
        h.transport.writable = false;
        held.push(h);
      }
      emit();
    } finally {
      for (const h of held) release(h);
    }
    this.stats.batched += held.length;
  }
}
