import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Faults {
  /** Refuse every connection (the link is down). */
  down: boolean;
  /** Chance, per chunk of central's answer, that the connection is cut instead of it being delivered. */
  cutReplyProbability: number;
  /** Chance, per connection, that it is cut at a random moment within `cutWithinMs`. */
  cutConnectionProbability: number;
  cutWithinMs: number;
  /** Each chunk of central's answer is held back up to this long (order kept). */
  maxReplyDelayMs: number;
}

const CLEAN: Faults = { down: false, cutReplyProbability: 0, cutConnectionProbability: 0, cutWithinMs: 0, maxReplyDelayMs: 0 };

/**
 * A TCP proxy between a hub and central that misbehaves on purpose: cuts connections
 * (often right after central has committed a push and before the hub reads the answer,
 * the case that would double-count a naive sync), delays answers, or refuses everything.
 */
export class FaultProxy {
  private faults: Faults = { ...CLEAN };
  private readonly sockets = new Set<Socket>();
  readonly stats = { connections: 0, replies: 0, cuts: 0, replyCuts: 0, refused: 0 };
  private forcedReplyCuts = 0;
  private connectionWaiters: ((refused: boolean) => void)[] = [];

  private constructor(
    private readonly server: Server,
    private readonly targetPort: number,
    private readonly random: () => number,
  ) {}

  static async start(targetPort: number, random: () => number = Math.random): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, targetPort, random);
    server.on('connection', (client) => proxy.handle(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  set(faults: Partial<Faults>): void {
    this.faults = { ...this.faults, ...faults };
    if (this.faults.down) this.cutAll();
  }

  /** The next `n` answers from central are cut for certain: central has committed, the hub never hears it. */
  cutNextReplies(n: number): void {
    this.forcedReplyCuts = n;
  }

  clear(): void {
    this.faults = { ...CLEAN };
  }

  /**
   * Resolves at the next connection the hub opens (`refused`: the link was down and the
   * proxy reset it at once). Lets a test act on "the hub has just tried" instead of on
   * a guess of how long that takes.
   */
  nextConnection(): Promise<{ refused: boolean }> {
    return new Promise((resolve) => this.connectionWaiters.push((refused) => resolve({ refused })));
  }

  /** Cuts every open connection now. */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private handle(client: Socket): void {
    this.track(client);
    this.stats.connections++;
    const waiters = this.connectionWaiters;
    this.connectionWaiters = [];
    for (const w of waiters) w(this.faults.down);
    if (this.faults.down) {
      this.stats.refused++;
      client.destroy();
      return;
    }
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.track(upstream);
    const cut = () => {
      if (client.destroyed && upstream.destroyed) return;
      this.stats.cuts++;
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.end());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);

    if (this.random() < this.faults.cutConnectionProbability) {
      const timer = setTimeout(cut, this.random() * this.faults.cutWithinMs);
      client.on('close', () => clearTimeout(timer));
    }
    // Answers are delayed chunk by chunk, in order, through a promise chain.
    let chain = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      this.stats.replies++;
      const delay = this.random() * this.faults.maxReplyDelayMs;
      let dropHere = this.random() < this.faults.cutReplyProbability;
      if (this.forcedReplyCuts > 0) {
        this.forcedReplyCuts--;
        dropHere = true;
      }
      chain = chain.then(
        () =>
          new Promise<void>((resolve) => {
            setTimeout(() => {
              if (dropHere) {
                this.stats.replyCuts++;
                cut();
              }
              else if (!client.destroyed) client.write(chunk);
              resolve();
            }, delay);
          }),
      );
    });
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
