// One share of bench/fanout's terminals, in a child process of its own: at 1,000 terminals
// every update is ~1,000–2,000 packets to decode, and if one event loop decoded them all
// the bench would measure its own backlog. Each `payment_status_updated` is stamped with
// the machine's monotonic clock (process.hrtime, the same clock in every process) and its
// `seq`; the bench's main process, which knows when it sent each one, pairs them after a round.
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export type ClientCommand =
  | { cmd: 'connect'; side: 'hub' | 'bare'; url: string; auths: ({ token: string } | null)[]; subscribe: boolean }
  | { cmd: 'collect' }
  | { cmd: 'disconnect' };

export interface Collected {
  hub: { seqs: Float64Array; at: Float64Array };
  bare: { seqs: Float64Array; at: Float64Array };
  /** This process's event loop so far (performance.eventLoopUtilization), ms. */
  idle: number;
  active: number;
}

/** Milliseconds on the monotonic clock, comparable across threads and processes. */
export const monoMs = (): number => Number(process.hrtime.bigint()) / 1e6;

const sockets: Socket[] = [];
const arrivals = { hub: { seqs: [] as number[], at: [] as number[] }, bare: { seqs: [] as number[], at: [] as number[] } };

async function connect(side: 'hub' | 'bare', url: string, auths: ({ token: string } | null)[], subscribe: boolean): Promise<void> {
  const sink = arrivals[side];
  for (let i = 0; i < auths.length; i += 25) {
    await Promise.all(
      auths.slice(i, i + 25).map(async (auth) => {
        const s = io(url, { transports: ['websocket'], forceNew: true, auth: auth ?? {}, reconnection: false });
        s.on('payment_status_updated', (p: { seq: number }) => {
          sink.at.push(monoMs());
          sink.seqs.push(p.seq);
        });
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
        if (subscribe) await s.emitWithAck('subscribe:payment_status', undefined);
        sockets.push(s);
      }),
    );
  }
}

// Imported by bench/fanout.ts for its types and clock too: only the forked child listens.
const port = { postMessage: (m: unknown) => process.send!(m) };
if (process.send) process.on('message', (m: ClientCommand) => {
  if (m.cmd === 'connect') {
    connect(m.side, m.url, m.auths, m.subscribe).then(
      () => port.postMessage({ connected: m.auths.length }),
      (err: unknown) => port.postMessage({ error: String(err) }),
    );
  } else if (m.cmd === 'collect') {
    const take = (s: { seqs: number[]; at: number[] }) => {
      const out = { seqs: Float64Array.from(s.seqs), at: Float64Array.from(s.at) };
      s.seqs.length = 0;
      s.at.length = 0;
      return out;
    };
    const { idle, active } = performance.eventLoopUtilization();
    const out: Collected = { hub: take(arrivals.hub), bare: take(arrivals.bare), idle, active };
    port.postMessage(out);
  } else {
    for (const s of sockets.splice(0)) s.disconnect();
    port.postMessage({ disconnected: true });
    setTimeout(() => process.exit(0), 100);
  }
});
