import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { z } from 'zod';
import { Settlement, SettlementResponse, Transaction, type SettlementRequest } from '../../shared/index';
import {
  GatewayLinkStatus,
  PaymentIntentResponse,
  PaymentIntentUpdated,
  type GatewayMethod,
  type PaymentIntent,
} from '../../shared/payment-intents';
import { get, newIdempotencyKey, post } from '../lib/api';
import { keys } from '../lib/query';
import { useSignedIn } from '../lib/session';

const Health = z.object({ gateway: GatewayLinkStatus.optional() });

export interface GatewayAvailability {
  available: boolean;
  /** Why the gateway tenders cannot be used right now (shown on them), or null. */
  reason: string | null;
}

/**
 * Whether gateway payments can be offered: the hub's /hubs link to central is up. Read
 * from /health every few seconds; the hub itself refuses (503 offline) if it is not.
 */
export function useGatewayAvailability(): GatewayAvailability {
  const health = useQuery({ queryKey: ['health', 'gateway'], queryFn: () => get('/api/v1/health', Health), refetchInterval: 5_000, staleTime: 2_000 });
  const g = health.data?.gateway;
  if (health.isError) return { available: false, reason: 'The hub cannot be reached.' };
  if (!g) return { available: false, reason: 'Checking the connection to the payment gateway…' };
  if (!g.configured) return { available: false, reason: 'Gateway payments are off: this hub is not connected to central. Take GCash/Maya by reference.' };
  if (!g.online) return { available: false, reason: 'No internet connection to central: gateway payments are unavailable. Take GCash/Maya by reference.' };
  return { available: true, reason: null };
}

export type IntentBody = Omit<SettlementRequest, 'tender'> & { tender: { method: GatewayMethod } };

/** What the cashier sees of a paid intent: its receipt. */
export interface PaidReceipt {
  settlement: Settlement;
  transactions: Transaction[];
}

/**
 * One gateway payment on screen: creates the intent (one idempotency key for the
 * attempt, so a retried click never starts a second payment), then follows it live on a
 * socket of its own — `subscribe:payment_intent` on every (re)connect answers the
 * current state, so the screen is never older than the hub — and offers verify/cancel.
 */
export function useGatewayPayment() {
  const session = useSignedIn();
  const qc = useQueryClient();
  const [intent, setIntent] = useState<PaymentIntent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'creating' | 'verifying' | 'cancelling' | null>(null);
  const [receipt, setReceipt] = useState<PaidReceipt | null>(null);
  const [orNumber, setOrNumber] = useState<string | null>(null);
  const lastSeq = useRef(-1);
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const accept = useCallback((next: PaymentIntent, seq = -1, or: string | null = null) => {
    if (seq >= 0) {
      if (seq < lastSeq.current) return;
      lastSeq.current = seq;
    }
    setIntent((prev) => (prev && prev.id !== next.id ? prev : next));
    if (or) setOrNumber(or);
  }, []);

  const start = useCallback(async (body: IntentBody) => {
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
    setBusy('creating');
    setError(null);
    try {
      const r = await post('/api/v1/payment-intents', body, PaymentIntentResponse, {
        headers: { 'Idempotency-Key': attempt.current.key },
        timeoutMs: 20_000,
      });
      lastSeq.current = -1;
      setReceipt(null);
      setOrNumber(null);
      setIntent(r.paymentIntent);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }, []);

  const act = useCallback(
    async (what: 'verify' | 'cancel') => {
      if (!intent) return;
      setBusy(what === 'verify' ? 'verifying' : 'cancelling');
      setError(null);
      try {
        const r = await post(`/api/v1/payment-intents/${intent.id}/${what}`, undefined, PaymentIntentResponse, { timeoutMs: 20_000 });
        accept(r.paymentIntent);
      } catch (e) {
        setError(e);
      } finally {
        setBusy(null);
      }
    },
    [intent, accept],
  );

  const id = intent?.id ?? null;
  useEffect(() => {
    if (!id) return;
    const socket = io(session.hubUrl, { path: '/socket.io', auth: { token: session.token }, transports: ['websocket'], timeout: 5_000 });
    socket.on('connect', () => {
      socket.timeout(5_000).emit('subscribe:payment_intent', { paymentIntentId: id }, (err: Error | null, ack: unknown) => {
        if (err) return;
        const r = z.object({ ok: z.literal(true), paymentIntent: PaymentIntentResponse.shape.paymentIntent, orNumber: z.string().nullable().optional() }).safeParse(ack);
        if (r.success) accept(r.data.paymentIntent, -1, r.data.orNumber ?? null);
      });
    });
    socket.on('payment_intent_updated', (raw: unknown) => {
      const r = PaymentIntentUpdated.safeParse(raw);
      if (r.success && r.data.paymentIntent.id === id) accept(r.data.paymentIntent, r.data.seq, r.data.orNumber ?? null);
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [id, session.hubUrl, session.token, accept]);

  // Paid: fetch the receipt (its OR) and refresh what the payment changed.
  const settlementId = intent?.status === 'succeeded' ? intent.settlementId : null;
  useEffect(() => {
    if (!settlementId) return;
    let gone = false;
    void (async () => {
      try {
        const { settlement } = await get(`/api/v1/settlements/${settlementId}`, z.object({ settlement: Settlement }));
        // The OR goes on screen at once; the receipt's transactions follow.
        if (!gone) setOrNumber(settlement.or_number);
        const transactions = await Promise.all(
          settlement.allocations.map((a) => get(`/api/v1/transactions/${a.transactionId}`, z.object({ transaction: Transaction })).then((r) => r.transaction)),
        );
        if (!gone) setReceipt(SettlementResponse.parse({ settlement, transactions }));
      } catch (e) {
        if (!gone) setError(e);
      }
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: keys.settlements });
    })();
    return () => {
      gone = true;
    };
  }, [settlementId, qc]);

  const reset = useCallback(() => {
    attempt.current = null;
    lastSeq.current = -1;
    setIntent(null);
    setReceipt(null);
    setOrNumber(null);
    setError(null);
  }, []);

  return { intent, receipt, orNumber, error, busy, start, verify: () => act('verify'), cancel: () => act('cancel'), reset };
}
