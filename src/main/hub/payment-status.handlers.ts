import { DomainError } from '../../core/errors.js';
import { SubscribeTransaction } from '../../shared/events.js';
import { SubscribePaymentStatus, type SubscribeAck } from '../../shared/hub.js';
import type { HubSocket } from './live-types.js';
import type { HubContext } from './context.js';
import { ackError } from './errors.js';
import { roomsOf } from './scope.js';

type Ack = (answer: unknown) => void;

/**
 * Wraps a handler as Socket.IO's example does (validate, act, ack), tolerating any
 * argument shape: a missing ack, a payload that is not an object, a throw. A bad
 * payload gets `{ok:false, error}` and the socket stays connected.
 */
function handler(ctx: HubContext, name: string, fn: (payload: unknown) => unknown) {
  return (...args: unknown[]): void => {
    const ack: Ack | undefined = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    let answer: unknown;
    try {
      answer = fn(args[0]);
    } catch (e) {
      answer = ackError(e, ctx.log);
      ctx.log.debug({ event: name, code: (answer as { error: { code: string } }).error.code }, 'socket request refused');
    }
    try {
      ack?.(answer);
    } catch (err) {
      ctx.log.warn({ err, event: name }, 'socket ack failed');
    }
  };
}

/** `subscribe:payment_status`, `subscribe:transaction` (protocol.md) and their unsubscribes. */
export function registerPaymentStatusHandlers(socket: HubSocket, ctx: HubContext): void {
  const data = socket.data;

  socket.on(
    'subscribe:payment_status',
    handler(ctx, 'subscribe:payment_status', (payload): SubscribeAck => {
      const req = ctx.parse(SubscribePaymentStatus, payload ?? undefined, 'subscribe:payment_status');
      if (data.paymentStatus) return { ok: true, seq: ctx.store.lastSeq() };
      // Replay and join in one synchronous step: nothing committed in between can be
      // missed (it would be in the replay) or doubled (it is not broadcast yet).
      const replay = req?.after !== undefined ? ctx.broadcaster.replay(socket, data.principal, req.after) : null;
      void socket.join(roomsOf(data.principal));
      data.paymentStatus = true;
      if (!replay) return { ok: true, seq: ctx.store.lastSeq() };
      return { ok: true, seq: replay.seq, replayed: replay.replayed, ...(replay.reload ? { reload: true } : {}) };
    }),
  );

  socket.on(
    'unsubscribe:payment_status',
    handler(ctx, 'unsubscribe:payment_status', () => {
      for (const room of roomsOf(data.principal)) void socket.leave(room);
      data.paymentStatus = false;
      return { ok: true };
    }),
  );

  socket.on(
    'subscribe:transaction',
    handler(ctx, 'subscribe:transaction', (payload) => {
      const { transactionId } = ctx.parse(SubscribeTransaction, payload, 'subscribe:transaction');
      const transaction = ctx.store.transactions.load(transactionId);
      if (!ctx.scopes.canSee(transaction, data.principal)) {
        throw new DomainError('forbidden', 'That transaction is outside what your role may see.');
      }
      void socket.join(`txn:${transactionId}`);
      return { ok: true, seq: ctx.store.lastSeq(), transaction };
    }),
  );

  socket.on(
    'unsubscribe:transaction',
    handler(ctx, 'unsubscribe:transaction', (payload) => {
      const { transactionId } = ctx.parse(SubscribeTransaction, payload, 'unsubscribe:transaction');
      void socket.leave(`txn:${transactionId}`);
      return { ok: true };
    }),
  );
}
