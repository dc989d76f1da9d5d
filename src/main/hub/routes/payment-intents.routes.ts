import type { FastifyReply } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { IdParam } from '../../../shared/hub.js';
import type { GatewaySettings, PaymentIntentResponse } from '../../../shared/payment-intents.js';
import { GatewayRefusedError, GatewayUnavailableError } from '../../gateway/index.js';
import type { RouteModule } from '../context.js';

/**
 * Central or the gateway unreachable is 503 `offline` (protocol.md); central refusing is
 * passed on as 502 `gateway_refused` with its message. Everything else goes to the app's
 * error handler (DomainErrors keep their status).
 */
async function gatewayCall<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof GatewayUnavailableError) {
      return reply.code(503).send({ error: { code: 'offline', message: `Gateway payments are unavailable: ${e.message}` } });
    }
    if (e instanceof GatewayRefusedError) {
      return reply.code(502).send({ error: { code: 'gateway_refused', message: e.message } });
    }
    throw e;
  }
}

/** Gateway payments: create (asks central), read, verify (asks the gateway), cancel; the store's verify interval. */
export const paymentIntentRoutes: RouteModule = {
  name: 'payment-intents',
  register(app, ctx) {
    const tellers = { preHandler: ctx.requireAuth(['cashier', 'admin']) };
    const intents = ctx.gateway.service;

    app.post('/api/v1/payment-intents', tellers, async (request, reply) => {
      const header = request.headers['idempotency-key'];
      if (header === undefined) {
        throw new DomainError('validation_failed', 'Send an Idempotency-Key header, so a retry can never start a second payment.');
      }
      return gatewayCall(reply, async () => {
        const { paymentIntent, replayed } = await intents.create(request.body, ctx.principal(request), header);
        return reply
          .code(201)
          .header('Idempotent-Replayed', replayed ? 'true' : 'false')
          .send({ paymentIntent } satisfies PaymentIntentResponse);
      });
    });

    app.get('/api/v1/payment-intents/:id', tellers, async (request): Promise<PaymentIntentResponse> => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { paymentIntent: intents.get(id, ctx.principal(request)) };
    });

    app.post('/api/v1/payment-intents/:id/verify', tellers, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return gatewayCall(reply, async (): Promise<PaymentIntentResponse> => ({ paymentIntent: await intents.verify(id, ctx.principal(request)) }));
    });

    app.post('/api/v1/payment-intents/:id/cancel', tellers, async (request): Promise<PaymentIntentResponse> => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { paymentIntent: intents.cancel(id, ctx.principal(request)) };
    });

    app.get('/api/v1/gateway/settings', tellers, async (): Promise<GatewaySettings> => intents.settings());

    app.put('/api/v1/gateway/settings', { preHandler: ctx.requireAuth(['admin']) }, async (request): Promise<GatewaySettings> =>
      intents.saveSettings(request.body, ctx.principal(request)),
    );
  },
};
