import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { DomainError } from '../../core/errors.js';
import { isDomainError } from '../../core/errors.js';
import type { TenderMethod } from '../../shared/common.js';
import { Id } from '../../shared/common.js';
import type { GatewayEvent, GatewayEventAck, GatewayMethod } from '../../shared/gateway.js';
import {
  CreatePaymentIntentRequest,
  DEFAULT_GATEWAY_SETTINGS,
  GatewaySettings,
  type PaymentIntent,
} from '../../shared/payment-intents.js';
import { IdempotencyKey, type SettlementRequest } from '../../shared/settlements.js';
import { paymentIntentQueries, type IntentStatus, type PaymentIntentRow, type PaymentIntentQueries } from '../db/payment-intents.queries.js';
import { GatewayUnavailableError, type CentralGatewayClient } from '../gateway/central-client.js';
import { newId } from './ids.js';
import { requireRole, type Actor } from './access.js';
import type { Store } from './store.js';
import { parseInput } from './validate.js';

/** The store event every change of an intent appends (its seq is what terminals see). */
export const INTENT_EVENT = 'payment_intent.updated';
export interface IntentEventPayload {
  paymentIntent: PaymentIntent;
  /** Who made the intent: the cashier whose screen waits for it. */
  actorId: string;
  /** The OR of its settlement, once it succeeded. */
  orNumber: string | null;
}

/**
 * How a gateway tender is written on the settlement. The ledger's tender methods predate
 * QR Ph; a QR Ph payment is an InstaPay transfer from whichever bank or e-wallet the
 * customer used, so it is recorded as a bank transfer whose reference says "QR Ph".
 */
const SETTLED_AS: Readonly<Record<GatewayMethod, TenderMethod>> = { qrph: 'bank_transfer', gcash: 'gcash', maya: 'maya', card: 'card' };
const REFERENCE_LABEL: Readonly<Record<GatewayMethod, string>> = { qrph: 'QR Ph', gcash: 'GCash', maya: 'Maya', card: 'Card' };

const SETTINGS_KEY = 'gateway.verifyAfterSeconds';

/** A verdict on an intent, from a `gateway:event` or from a verify. */
interface Verdict {
  /** Gateway event id, or `verify:<intent>:<status>` for a verify's answer. */
  eventId: string;
  intentId: string;
  status: 'succeeded' | 'failed' | 'expired' | 'awaiting_payment';
  amount: number;
  occurredAt: string;
  reason: string | null;
}

export interface PaymentIntentServiceOptions {
  /** Null when the hub is not configured for central: every gateway call answers offline. */
  client: CentralGatewayClient | null;
  log: Logger;
  /** Asks the gateway for intents that expire this long after creation (default: the gateway's own). */
  intentTtlSeconds?: number;
}

/**
 * Payment intents: a settlement the customer pays through the gateway. Created by asking
 * central; settled exactly once, in one SQLite transaction keyed by the intent id, when
 * the gateway's verdict arrives (an event over /hubs, or a verify).
 */
export class PaymentIntentService {
  readonly q: PaymentIntentQueries;
  private readonly client: CentralGatewayClient | null;
  private readonly log: Logger;
  private readonly verifying = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly opts: PaymentIntentServiceOptions,
  ) {
    this.q = paymentIntentQueries(store.db);
    this.client = opts.client;
    this.log = opts.log;
  }

  settings(): GatewaySettings {
    const raw = Number(this.store.q.settings.get(SETTINGS_KEY));
    const parsed = GatewaySettings.safeParse({ gatewayVerifyAfterSeconds: raw });
    return parsed.success ? parsed.data : DEFAULT_GATEWAY_SETTINGS;
  }

  saveSettings(input: unknown, actor: Actor): GatewaySettings {
    requireRole(actor, ['admin'], 'change store settings');
    const s = parseInput(GatewaySettings, input, 'gateway settings');
    this.store.write(() => this.store.q.settings.set(SETTINGS_KEY, String(s.gatewayVerifyAfterSeconds)));
    return s;
  }

  /** `POST /payment-intents`: validates like a settlement, asks central, records the intent. */
  async create(input: unknown, actor: Actor, idempotencyKey: unknown): Promise<{ paymentIntent: PaymentIntent; replayed: boolean }> {
    const req = parseInput(CreatePaymentIntentRequest, input, 'payment intent');
    requireRole(actor, ['cashier', 'admin'], 'take payments');
    const key = parseInput(IdempotencyKey, idempotencyKey, 'Idempotency-Key header');
    const hash = createHash('sha256').update(JSON.stringify(req)).digest('base64url');
    const prior = this.replay(actor, key, hash);
    if (prior) return { paymentIntent: prior, replayed: true };
    if (actor.role === 'cashier' && this.store.shifts.isRequired && !this.store.q.shifts.openOfCashier(actor.id)) {
      throw new DomainError('no_open_shift', 'Open a shift (counter and cash float) before taking payments.');
    }
    // The same allocation the settlement will make, refused now (overpayment, a paid-off
    // transaction) rather than after the customer has paid.
    this.store.settlements.preview(this.settlementBody(req), actor);
    if (!this.client) throw new GatewayUnavailableError('This hub is not connected to central, so gateway payments are off. Take GCash/Maya by reference instead.');
    const id = newId('pi');
    const ttl = this.opts.intentTtlSeconds;
    const answer = await this.client.createIntent({
      id,
      amount: req.amount,
      currency: 'PHP',
      method: req.tender.method,
      description: `${this.store.storeId} payment ${id}`,
      ...(ttl ? { expiresAt: new Date(Date.parse(this.store.now()) + ttl * 1000).toISOString() } : {}),
    });
    if (answer.amount !== req.amount) {
      this.log.error({ id, asked: req.amount, answered: answer.amount }, 'gateway intent created with a different amount: not used');
      throw new GatewayUnavailableError('The gateway answered with a different amount; the intent was not used.');
    }
    return this.store.write(() => {
      // Two tills retrying the same key at once: the first insert wins, the second replays it.
      const raced = this.replay(actor, key, hash);
      if (raced) return { paymentIntent: raced, replayed: true };
      const at = this.store.now();
      this.q.insert({
        id,
        customer_id: req.customerId,
        amount: req.amount,
        method: req.tender.method,
        allocation: JSON.stringify(req.allocation),
        keep_excess: req.keepExcessAsCredit ? 1 : 0,
        use_credit: req.useCredit ? 1 : 0,
        qr_payload: answer.qr?.payload ?? null,
        gateway_intent_id: answer.gatewayIntentId,
        expires_at: new Date(answer.expiresAt).toISOString(),
        created_at: at,
        updated_at: at,
        created_by: actor.id,
        idempotency_key: key,
        request_hash: hash,
        verify_at: this.afterSeconds(this.settings().gatewayVerifyAfterSeconds),
      });
      return { paymentIntent: this.emitChange(id), replayed: false };
    });
  }

  /** `GET /payment-intents/:id`: the cashier who made it, or an admin. */
  get(idInput: unknown, actor: Actor): PaymentIntent {
    return this.view(this.visible(idInput, actor));
  }

  /** Asks the gateway (through central) and applies what it says. */
  async verify(idInput: unknown, actor: Actor): Promise<PaymentIntent> {
    const row = this.visible(idInput, actor);
    if (row.status !== 'awaiting_payment') return this.view(row);
    await this.verifyWithGateway(row.id);
    return this.view(this.q.get(row.id)!);
  }

  /** Stops waiting for an intent; refused (409) once it succeeded. */
  cancel(idInput: unknown, actor: Actor): PaymentIntent {
    const row = this.visible(idInput, actor);
    return this.store.write(() => {
      const now = this.q.get(row.id)!;
      if (now.status === 'succeeded') throw new DomainError('conflict', 'This payment already went through; void its receipt instead.');
      if (now.status !== 'awaiting_payment') return this.view(now);
      this.q.finish(now.id, 'cancelled', this.store.now(), null, 'Cancelled at the counter.');
      return this.emitChange(now.id);
    });
  }

  /** A `gateway:event` from central. Returns the ack, after the write committed. */
  applyEvent(event: GatewayEvent): GatewayEventAck {
    return this.apply({
      eventId: event.id,
      intentId: event.paymentIntentId,
      status: event.status,
      amount: event.amount,
      occurredAt: new Date(event.occurredAt).toISOString(),
      reason: event.status === 'succeeded' ? null : `The gateway reported the payment ${event.status}.`,
    });
  }

  /**
   * One pass of the background work: intents pending past the store's verify time are
   * verified; intents past expiry get a last verify (a payment made in time still settles)
   * and are otherwise marked expired. Bounded per pass.
   */
  async sweep(): Promise<void> {
    const now = this.store.now();
    const jobs: Promise<unknown>[] = [];
    for (const row of this.q.pastExpiry(now, 20)) jobs.push(this.expire(row.id));
    for (const row of this.q.dueForVerify(now, 20)) {
      if (Date.parse(row.expires_at) <= Date.parse(now)) continue;
      jobs.push(this.verifyWithGateway(row.id).catch(() => undefined));
    }
    await Promise.all(jobs);
  }

  private async expire(id: string): Promise<void> {
    try {
      if (this.client) await this.verifyWithGateway(id);
    } catch {
      // Offline at expiry: marked expired below; a success made in time still arrives as
      // an event later and settles (its occurredAt is before the expiry).
    }
    if (!this.store.db.open) return;
    this.store.write(() => {
      const row = this.q.get(id);
      if (!row || row.status !== 'awaiting_payment') return;
      this.q.finish(id, 'expired', this.store.now(), null, 'The payment was not made before the code expired.');
      this.emitChange(id);
    });
  }

  private async verifyWithGateway(id: string): Promise<void> {
    if (this.verifying.has(id)) return;
    if (!this.client) throw new GatewayUnavailableError('This hub is not connected to central; the gateway cannot be asked.');
    this.verifying.add(id);
    try {
      let answer;
      try {
        answer = await this.client.verifyIntent(id);
      } catch (e) {
        // Try again later; never let a failed check change what the screen shows.
        this.postponeVerify(id, 15);
        throw e;
      }
      const occurredAt = answer.paidAt ? new Date(answer.paidAt).toISOString() : this.store.now();
      const status = answer.status === 'cancelled' ? 'awaiting_payment' : answer.status;
      this.apply({ eventId: `verify:${id}:${status}`, intentId: id, status, amount: answer.amount, occurredAt, reason: answer.failureReason });
    } finally {
      this.verifying.delete(id);
    }
  }

  private postponeVerify(id: string, atMostSeconds: number): void {
    if (!this.store.db.open) return;
    const seconds = Math.min(atMostSeconds, this.settings().gatewayVerifyAfterSeconds);
    this.store.write(() => {
      if (this.q.get(id)?.status === 'awaiting_payment') this.q.setVerifyAt(id, this.afterSeconds(seconds));
    });
  }

  /** Applies a verdict in one SQLite transaction; the answer is what central's ack says. */
  private apply(v: Verdict): GatewayEventAck {
    if (!this.store.db.open) return { ok: false, error: { code: 'unavailable', message: 'The hub is shutting down.' } };
    return this.store.write((): GatewayEventAck => {
      const seen = this.q.event(v.eventId);
      if (seen && seen.outcome !== 'refused') return { ok: true };
      const row = this.q.get(v.intentId);
      const at = this.store.now();
      const record = (outcome: 'applied' | 'duplicate' | 'refused', reason: string | null = null) =>
        this.q.recordEvent({
          id: v.eventId,
          payment_intent_id: v.intentId,
          status: v.status,
          amount: v.amount,
          occurred_at: v.occurredAt,
          received_at: at,
          outcome,
          reason,
        });
      const refuse = (code: string, message: string): GatewayEventAck => {
        // Central keeps a refused event and sends it again: warn once, not on every retry.
        const line = { eventId: v.eventId, intentId: v.intentId, code, amount: v.amount, status: v.status };
        if (seen) this.log.debug(line, `gateway event refused again: ${message}`);
        else {
          this.log.warn(line, `gateway event refused: ${message}`);
          record('refused', `${code}: ${message}`);
        }
        return { ok: false, error: { code, message } };
      };
      if (!row) return refuse('not_found', 'No such payment intent on this hub.');
      if (v.status === 'awaiting_payment') {
        // Still pending at the gateway: check again after the store's interval.
        this.q.setVerifyAt(row.id, this.afterSeconds(this.settings().gatewayVerifyAfterSeconds));
        return { ok: true };
      }
      if (v.status !== 'succeeded') {
        if (row.status !== 'awaiting_payment') {
          if (!v.eventId.startsWith('verify:')) record('duplicate');
          return { ok: true };
        }
        this.q.finish(row.id, v.status, at, null, v.reason);
        if (!v.eventId.startsWith('verify:')) record('applied');
        this.emitChange(row.id);
        return { ok: true };
      }
      if (row.status === 'succeeded') {
        if (!v.eventId.startsWith('verify:')) record('duplicate');
        return { ok: true };
      }
      if (v.amount !== row.amount) {
        return refuse('amount_mismatch', `The gateway reported ${v.amount} centavos paid for an intent of ${row.amount}.`);
      }
      if (Date.parse(v.occurredAt) > Date.parse(row.expires_at)) {
        return refuse('intent_expired', 'The gateway reported a payment after the intent had expired.');
      }
      if (row.status === 'cancelled' || row.status === 'failed' || row.status === 'expired') {
        // The gateway's word is newer than ours: the money moved, so the customer gets an OR.
        this.log.warn({ intentId: row.id, was: row.status }, 'gateway reports a payment for an intent the hub had closed; settling it');
      }
      try {
        // A savepoint: if the settlement is refused (e.g. the transactions were paid in cash
        // meanwhile), only it is undone and the refusal below is still recorded.
        const settlementId = this.store.write(() => this.settle(row));
        this.q.finish(row.id, 'succeeded', at, settlementId, null);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        this.q.finish(row.id, row.status, at, null, `Paid at the gateway but not settled (${e.message}). Settle or refund it by hand.`);
        this.emitChange(row.id);
        return refuse(e.code, e.message);
      }
      record('applied');
      this.emitChange(row.id);
      return { ok: true };
    });
  }

  /** The settlement of a succeeded intent; must run inside a store write. */
  private settle(row: PaymentIntentRow): string {
    const creator = this.store.q.users.get(row.created_by);
    const hasShift = this.store.q.shifts.openOfCashier(row.created_by) !== undefined;
    // The settlement is the intent's creator's, in their shift when it is still open. If
    // the shift was closed while the customer paid, the money has already moved: the OR
    // is issued all the same (outside any shift) rather than refused by the shift guard.
    const actor: Actor = { id: row.created_by, role: creator?.role === 'cashier' && hasShift ? 'cashier' : 'admin' };
    const allocation = JSON.parse(row.allocation) as SettlementRequest['allocation'];
    const body = {
      customerId: row.customer_id,
      amount: row.amount,
      allocation,
      ...(row.keep_excess ? { keepExcessAsCredit: true } : {}),
      ...(row.use_credit ? { useCredit: true } : {}),
    };
    const reference = `${REFERENCE_LABEL[row.method]} ${row.gateway_intent_id}`.slice(0, 120);
    const input = { ...body, tender: { method: SETTLED_AS[row.method], reference } };
    const opts = { idempotencyKey: row.id };
    const prepared = this.store.settlements.prepare(input, actor, opts);
    return this.store.settlements.settleInTransaction(prepared, actor, opts).settlement.id;
  }

  private settlementBody(req: CreatePaymentIntentRequest): unknown {
    const { tender, ...rest } = req;
    return { ...rest, tender: { method: SETTLED_AS[tender.method] } };
  }

  private replay(actor: Actor, key: string, hash: string): PaymentIntent | null {
    const prior = this.q.byKey(actor.id, key);
    if (!prior) return null;
    if (prior.request_hash !== hash) {
      throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used for a different payment.');
    }
    return this.view(prior);
  }

  private visible(idInput: unknown, actor: Actor): PaymentIntentRow {
    requireRole(actor, ['cashier', 'admin'], 'see gateway payments');
    const id = parseInput(Id, idInput, 'payment intent id');
    const row = this.q.get(id);
    if (!row) throw new DomainError('not_found', 'No such payment intent.');
    if (actor.role !== 'admin' && row.created_by !== actor.id) throw new DomainError('forbidden', 'That payment was started by someone else.');
    return row;
  }

  /** Appends the intent's change to the event log (inside the caller's write). */
  private emitChange(id: string): PaymentIntent {
    const row = this.q.get(id)!;
    const paymentIntent = this.view(row);
    this.store.append(INTENT_EVENT, { paymentIntent, actorId: row.created_by, orNumber: this.orNumberOf(row) } satisfies IntentEventPayload);
    return paymentIntent;
  }

  /** The OR of a succeeded intent's settlement, else null. */
  orNumberOf(row: PaymentIntentRow): string | null {
    return row.settlement_id ? (this.store.q.settlements.get(row.settlement_id)?.or_number ?? null) : null;
  }

  /** `get` with the OR of its settlement (the socket's subscribe answer). */
  getWithOr(idInput: unknown, actor: Actor): { paymentIntent: PaymentIntent; orNumber: string | null } {
    const row = this.visible(idInput, actor);
    return { paymentIntent: this.view(row), orNumber: this.orNumberOf(row) };
  }

  private afterSeconds(seconds: number): string {
    return new Date(Date.parse(this.store.now()) + seconds * 1000).toISOString();
  }

  /** Row → protocol.md's `paymentIntent`. Past its expiry a waiting intent shows expired, even before the sweep marks it. */
  view(row: PaymentIntentRow): PaymentIntent {
    const lapsed = row.status === 'awaiting_payment' && Date.parse(row.expires_at) <= Date.parse(this.store.now());
    const status: IntentStatus = lapsed ? 'expired' : row.status;
    return {
      id: row.id,
      status,
      customerId: row.customer_id,
      amount: row.amount,
      method: row.method,
      allocation: JSON.parse(row.allocation) as PaymentIntent['allocation'],
      qr: row.qr_payload === null ? null : { payload: row.qr_payload },
      gatewayIntentId: row.gateway_intent_id,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      settlementId: row.settlement_id,
      failureReason: lapsed ? 'The payment was not made before the code expired.' : row.failure_reason,
    };
  }
}
