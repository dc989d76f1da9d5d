import { io, type Socket } from 'socket.io-client';
import type { PaymentStatusUpdated, TransactionUpdated } from '../../../src/shared/events.js';
import { apiClient, type Json } from './hub-harness.js';

/**
 * A terminal as the protocol expects one to behave: it subscribes to payment status,
 * remembers the seq it is complete through, and on every (re)connect resubscribes with
 * `{after: lastSeq}` so the hub replays what it missed; when the hub says `reload`
 * (too much missed) it pages through GET /api/v1/events instead. Updates are applied
 * per transaction by seq, so a duplicate is harmless; all are also recorded raw.
 */
export class Terminal {
  readonly socket: Socket;
  /** Every payment_status_updated received, in arrival order (duplicates included). */
  readonly updates: PaymentStatusUpdated[] = [];
  readonly txUpdates: TransactionUpdated[] = [];
  /** Latest known state per transaction. */
  readonly state = new Map<string, PaymentStatusUpdated>();
  /** Events learnt from GET /events after a `reload` ack. */
  readonly fromFeed: Json[] = [];
  lastSeq = 0;
  subscribed = false;
  acks: Json[] = [];
  connectErrors: string[] = [];

  private constructor(
    readonly url: string,
    public token: string,
    private readonly autoSubscribe: boolean,
  ) {
    // forceNew: each terminal its own connection, as separate machines would have.
    this.socket = io(url, {
      auth: (cb) => cb({ token: this.token }),
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      autoConnect: false,
    });
    this.socket.on('payment_status_updated', (u: PaymentStatusUpdated) => {
      this.updates.push(u);
      const prev = this.state.get(u.transactionId);
      if (!prev || prev.seq <= u.seq) this.state.set(u.transactionId, u);
      this.lastSeq = Math.max(this.lastSeq, u.seq);
    });
    this.socket.on('transaction_updated', (u: TransactionUpdated) => this.txUpdates.push(u));
    this.socket.on('connect_error', (e) => this.connectErrors.push(e.message));
    this.socket.on('connect', () => {
      if (this.autoSubscribe) void this.subscribe().catch(() => undefined);
    });
  }

  static async connect(url: string, token: string, opts: { subscribe?: boolean } = {}): Promise<Terminal> {
    const t = new Terminal(url, token, opts.subscribe ?? true);
    await t.open();
    if (t.autoSubscribe) await t.sync();
    return t;
  }

  /** Connects (or reconnects) and resolves once connected; rejects with the connect_error message. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ok = () => {
        this.socket.off('connect_error', bad);
        resolve();
      };
      const bad = (e: Error) => {
        this.socket.off('connect', ok);
        reject(new Error(e.message));
      };
      this.socket.once('connect', ok);
      this.socket.once('connect_error', bad);
      this.socket.connect();
    });
  }

  async subscribe(): Promise<Json> {
    const payload = this.subscribed ? { after: this.lastSeq } : undefined;
    const ack = await this.socket.timeout(10_000).emitWithAck('subscribe:payment_status', payload);
    if (ack.ok) {
      this.subscribed = true;
      if (ack.reload) await this.catchUpFromFeed();
      this.lastSeq = Math.max(this.lastSeq, ack.seq);
    }
    this.acks.push(ack);
    return ack;
  }

  /**
   * Resolves when everything the hub broadcast before this call has arrived: the ack of
   * a repeated subscribe travels behind them on the same connection.
   */
  async sync(): Promise<void> {
    const ack = await this.socket.timeout(10_000).emitWithAck('subscribe:payment_status', undefined);
    if (!ack.ok) throw new Error(`sync refused: ${JSON.stringify(ack)}`);
    this.lastSeq = Math.max(this.lastSeq, ack.seq);
  }

  /** Drops the connection as a network cut would (the client will not reconnect by itself). */
  drop(): void {
    this.socket.disconnect();
  }

  /** Reconnects and waits until the resubscribe's replay has arrived. */
  async reconnect(): Promise<void> {
    const acked = this.acks.length;
    await this.open();
    while (this.acks.length === acked) await new Promise((r) => setTimeout(r, 10));
    await this.sync();
  }

  /** Distinct (seq, transaction) updates received, sorted. */
  distinct(): PaymentStatusUpdated[] {
    const seen = new Map<string, PaymentStatusUpdated>();
    for (const u of this.updates) seen.set(`${u.seq}:${u.transactionId}`, u);
    return [...seen.values()].sort((a, b) => a.seq - b.seq || a.transactionId.localeCompare(b.transactionId));
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private async catchUpFromFeed(): Promise<void> {
    const api = apiClient(this.url);
    let after = this.lastSeq;
    for (;;) {
      const r = await api('GET', `/api/v1/events?after=${after}&limit=1000`, { token: this.token });
      if (r.status !== 200) throw new Error(`events: ${r.status}`);
      for (const e of r.body.events) {
        this.fromFeed.push(e);
        for (const t of e.payload?.transactions ?? (e.payload?.transaction ? [e.payload.transaction] : [])) {
          const u: PaymentStatusUpdated = {
            transactionId: t.id,
            payment_status: t.payment_status,
            balance_amount: t.balance_amount,
            paid_amount: t.paid_amount,
            customer_id: t.customerId,
            or_number: e.payload.settlement?.or_number ?? null,
            updatedBy: e.payload.actorId,
            timestamp: e.occurredAt,
            seq: e.seq,
          };
          const prev = this.state.get(t.id);
          if (!prev || prev.seq <= u.seq) this.state.set(t.id, u);
        }
      }
      after = r.body.lastSeq;
      this.lastSeq = Math.max(this.lastSeq, after);
      if (!r.body.hasMore) return;
    }
  }
}
