import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

const EXPOSED = 'ETag, Idempotent-Replayed, X-Kahera-Seq, Retry-After';

/**
 * The Fastify instance with the hub's cross-cutting behaviour: body limit, CORS for
 * bearer-token clients (the Electron renderer is another origin), `no-store` on API
 * answers unless a route says otherwise, and one log line per request.
 */
export function createApp(log: Logger, bodyLimit: number): FastifyInstance {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // One line per request from the onResponse hook below instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    // Long enough for a burst of settlements to drain; new requests get 503 while closing.
    return503OnClosing: true,
  });

  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin) {
      // Auth travels in the Authorization header, never in cookies: reflecting the origin
      // gives a foreign page nothing it could not already send itself.
      void reply
        .header('Access-Control-Allow-Origin', origin)
        .header('Vary', 'Origin')
        .header('Access-Control-Expose-Headers', EXPOSED);
      if (request.method === 'OPTIONS') {
        return reply
          .code(204)
          .header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
          .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, If-None-Match')
          .header('Access-Control-Max-Age', '600')
          .send();
      }
    }
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('Cache-Control')) void reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0];
    const line = {
      method: request.method,
      path,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      userId: request.principal?.id,
    };
    if (reply.statusCode >= 500) request.log.error(line, 'request');
    else if (path === '/api/v1/health' || !path?.startsWith('/api/')) request.log.debug(line, 'request');
    else request.log.info(line, 'request');
  });

  return app;
}
