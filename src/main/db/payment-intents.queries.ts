import type { Db } from './connection.js';

export type IntentStatus = 'awaiting_payment' | 'succeeded' | 'failed' | 'expired' | 'cancelled';

export interface PaymentIntentRow {
  id: string;
  status: IntentStatus;
  customer_id: string;
  amount: number;
  method: 'qrph' | 'gcash' | 'maya' | 'card';
  allocation: string;
  keep_excess: number;
  use_credit: number;
  qr_payload: string | null;
  gateway_intent_id: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  idempotency_key: string;
  request_hash: string;
  settlement_id: string | null;
  failure_reason: string | null;
  verify_at: string | null;
}

export type NewPaymentIntent = Omit<PaymentIntentRow, 'settlement_id' | 'failure_reason' | 'status'>;

export interface GatewayEventRow {
  id: string;
  payment_intent_id: string;
  status: string;
  amount: number;
  occurred_at: string;
  received_at: string;
  outcome: 'applied' | 'duplicate' | 'refused';
  reason: string | null;
}

/** Payment intents and the gateway events the hub has seen. */
export function paymentIntentQueries(db: Db) {
  const insert = db.prepare<[NewPaymentIntent]>(
    `INSERT INTO payment_intents (id, status, customer_id, amount, method, allocation, keep_excess, use_credit,
       qr_payload, gateway_intent_id, expires_at, created_at, updated_at, created_by, idempotency_key, request_hash, verify_at)
     VALUES (@id, 'awaiting_payment', @customer_id, @amount, @method, @allocation, @keep_excess, @use_credit,
       @qr_payload, @gateway_intent_id, @expires_at, @created_at, @updated_at, @created_by, @idempotency_key, @request_hash, @verify_at)`,
  );
  const byId = db.prepare<[string], PaymentIntentRow>('SELECT * FROM payment_intents WHERE id = ?');
  const byKey = db.prepare<[string, string], PaymentIntentRow>('SELECT * FROM payment_intents WHERE created_by = ? AND idempotency_key = ?');
  const finish = db.prepare<[{ id: string; status: IntentStatus; settlement_id: string | null; failure_reason: string | null; at: string }]>(
    `UPDATE payment_intents SET status = @status, settlement_id = @settlement_id, failure_reason = @failure_reason,
       updated_at = @at, verify_at = NULL WHERE id = @id`,
  );
  const setVerifyAt = db.prepare<[string | null, string]>('UPDATE payment_intents SET verify_at = ? WHERE id = ?');
  const dueForVerify = db.prepare<[string, number], PaymentIntentRow>(
    `SELECT * FROM payment_intents WHERE status = 'awaiting_payment' AND verify_at IS NOT NULL AND verify_at <= ?
     ORDER BY verify_at LIMIT ?`,
  );
  const pastExpiry = db.prepare<[string, number], PaymentIntentRow>(
    `SELECT * FROM payment_intents WHERE status = 'awaiting_payment' AND expires_at <= ? ORDER BY expires_at LIMIT ?`,
  );
  const insertEvent = db.prepare<[GatewayEventRow]>(
    `INSERT INTO gateway_events (id, payment_intent_id, status, amount, occurred_at, received_at, outcome, reason)
     VALUES (@id, @payment_intent_id, @status, @amount, @occurred_at, @received_at, @outcome, @reason)
     ON CONFLICT(id) DO NOTHING`,
  );
  const eventById = db.prepare<[string], GatewayEventRow>('SELECT * FROM gateway_events WHERE id = ?');
  return {
    insert: (r: NewPaymentIntent) => insert.run(r),
    get: (id: string) => byId.get(id),
    byKey: (actorId: string, key: string) => byKey.get(actorId, key),
    /** Moves an intent to a final (or succeeded) state; clears any verification due. */
    finish: (id: string, status: IntentStatus, at: string, settlementId: string | null = null, failureReason: string | null = null) =>
      finish.run({ id, status, settlement_id: settlementId, failure_reason: failureReason, at }),
    setVerifyAt: (id: string, at: string | null) => setVerifyAt.run(at, id),
    dueForVerify: (now: string, limit: number) => dueForVerify.all(now, limit),
    pastExpiry: (now: string, limit: number) => pastExpiry.all(now, limit),
    /** Records an event once per gateway event id; false when that id was already there. */
    recordEvent: (e: GatewayEventRow): boolean => insertEvent.run(e).changes === 1,
    event: (id: string) => eventById.get(id),
  };
}
export type PaymentIntentQueries = ReturnType<typeof paymentIntentQueries>;
