import type { Socket } from 'socket.io';
import { SubscribePaymentIntent, type PaymentIntentUpdated } from '../../shared/payment-intents.js';
import { INTENT_EVENT, type IntentEventPayload } from '../services/payment-intents.service.js';
import type { SocketData } from './broadcaster.js';
import type { HubContext } from './context.js';
import { ackError } from './errors.js';

type Ack = (answer: unknown) => void;

/** The room of one intent's watchers (`subscribe:payment_intent`). */
const intentRoom = (id: string) => `pi:${id}`;

/**
 * `subscribe:payment_intent` `{paymentIntentId}` → ack `{ok, paymentIntent}` (the current
 * state) and `payment_intent_updated` for it from then on. Only its cashier or an admin.
 */
export function registerPaymentIntentHandlers(socket: Socket, ctx: HubContext): void {
  const data = socket.data as SocketData;
  socket.on('subscribe:payment_intent', (...args: unknown[]) => {
    const ack: Ack | undefined = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    let answer: unknown;
    try {
      const { paymentIntentId } = ctx.parse(SubscribePaymentIntent, args[0], 'subscribe:payment_intent');
      // Read and join in one synchronous step: no update can fall between the two.
      const { paymentIntent, orNumber } = ctx.gateway.service.getWithOr(paymentIntentId, data.principal);
      void socket.join(intentRoom(paymentIntentId));
      answer = { ok: true, paymentIntent, orNumber, seq: ctx.store.lastSeq() };
    } catch (e) {
      answer = ackError(e, ctx.log);
    }
    try {
      ack?.(answer);
    } catch (err) {
      ctx.log.warn({ err }, 'socket ack failed');
    }
  });
}

/**
 * Sends `payment_intent_updated` `{paymentIntent, seq}` for every committed intent change
 * to its cashier, the admins and whoever subscribed to it (one emit: a socket in several
 * of these rooms gets it once), and lets /events show the change to the same people.
 * Attached before the broadcaster, so the cashier's screen hears "paid" first and the
 * settlement's payment_status_updated / transaction_updated follow.
 */
export function attachPaymentIntentBroadcast(ctx: HubContext): () => void {
  ctx.scopes.register(INTENT_EVENT, (event, p) => ((event.payload as IntentEventPayload).actorId === p.id ? event : null));
  return ctx.store.onEvents((events) => {
    for (const event of events) {
      if (event.type !== INTENT_EVENT) continue;
      const { paymentIntent, actorId, orNumber } = event.payload as IntentEventPayload;
      const update: PaymentIntentUpdated = { paymentIntent, seq: event.seq, orNumber };
      ctx.io.to([`user:${actorId}`, 'role:admin', intentRoom(paymentIntent.id)]).emit('payment_intent_updated', update);
    }
  });
}
