/**
 * Webhook delivery as PayMongo does it: a POST of the event JSON with
 * `Paymongo-Signature: t=<unix>,te=<hmac>,li=<hmac>` (HMAC-SHA256 of `t + "." + body`
 * under the webhook secret; `te` is filled in test mode, `li` in live mode), retried on
 * anything but a 2xx with exponential backoff, up to a bounded number of attempts.
 *
 * Faults for tests: drop the next N deliveries (never sent, no retry: a lost webhook),
 * delay each by some ms, send each N times, or hold N and release them in reverse order.
 */
import { createHmac } from 'node:crypto';

export interface Faults {
  /** The next `drop` deliveries are never sent. Counts down. */
  drop: number;
  /** Milliseconds to wait before the first attempt of each delivery. */
  delayMs: number;
  /** Each delivery is sent this many times (1 = normal). */
  duplicate: number;
  /** Hold deliveries until this many are waiting, then send them newest first (0 or 1 = off). */
  reorder: number;
}

export interface DeliveryRecord {
  eventId: string;
  type: string;
  attempts: number;
  lastStatus: number | null;
  state: 'pending' | 'delivered' | 'gave_up' | 'dropped';
}

export interface WebhookOptions {
  url: string | undefined;
  secret: string;
  livemode?: boolean;
  maxAttempts?: number;
  /** First retry after this many ms, doubling each time (PayMongo's backoff, made short for tests). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  timeoutMs?: number;
}

export function signature(secret: string, timestamp: number, rawBody: string, livemode = false): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},te=${livemode ? '' : mac},li=${livemode ? mac : ''}`;
}

export class WebhookSender {
  readonly faults: Faults = { drop: 0, delayMs: 0, duplicate: 1, reorder: 0 };
  readonly records: DeliveryRecord[] = [];
  private held: { body: string; record: DeliveryRecord }[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: WebhookOptions) {}

  /** Where webhooks go from now on (tests start the simulator before central). */
  setUrl(url: string | undefined): void {
    this.options.url = url;
  }

  setFaults(patch: Partial<Faults>): Faults {
    Object.assign(this.faults, patch);
    if (this.faults.reorder <= 1) this.flushHeld();
    return { ...this.faults };
  }

  /** Queues one event envelope for delivery. */
  send(event: { data: { id: string; attributes: { type: string } } }): DeliveryRecord {
    const record: DeliveryRecord = { eventId: event.data.id, type: event.data.attributes.type, attempts: 0, lastStatus: null, state: 'pending' };
    this.records.push(record);
    if (this.records.length > 10_000) this.records.shift();
    const body = JSON.stringify(event);
    if (this.faults.drop > 0) {
      this.faults.drop -= 1;
      record.state = 'dropped';
      return record;
    }
    if (this.faults.reorder > 1) {
      this.held.push({ body, record });
      if (this.held.length >= this.faults.reorder) this.flushHeld();
      return record;
    }
    this.dispatch(body, record);
    return record;
  }

  /** Sends what reorder holds, newest first. */
  flushHeld(): void {
    const held = this.held.reverse();
    this.held = [];
    for (const h of held) this.dispatch(h.body, h.record);
  }

  private dispatch(body: string, record: DeliveryRecord): void {
    const copies = Math.max(1, Math.min(20, this.faults.duplicate));
    for (let i = 0; i < copies; i++) this.later(this.faults.delayMs, () => this.attempt(body, record, 1));
  }

  private later(ms: number, fn: () => Promise<void>): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const p = fn().finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }, ms);
    this.timers.add(timer);
  }

  private async attempt(body: string, record: DeliveryRecord, n: number): Promise<void> {
    if (this.closed) return;
    const { url, secret } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 12;
    record.attempts += 1;
    let status: number | null = null;
    if (url) {
      try {
        const t = Math.floor(Date.now() / 1000);
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'paymongo-signature': signature(secret, t, body, this.options.livemode) },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch {
        status = null;
      }
    }
    record.lastStatus = status;
    if (status !== null && status >= 200 && status < 300) {
      record.state = 'delivered';
      return;
    }
    if (n >= maxAttempts) {
      record.state = 'gave_up';
      return;
    }
    const base = this.options.retryBaseMs ?? 1000;
    const wait = Math.min(this.options.retryMaxMs ?? 3_600_000, base * 2 ** (n - 1));
    this.later(wait, () => this.attempt(body, record, n + 1));
  }

  /** Resolves when nothing is in flight or scheduled (bounded by `timeoutMs`). */
  async idle(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.timers.size === 0 && this.inflight.size === 0) return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
