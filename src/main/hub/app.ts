import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { RECEIPT_CSS } from '../receipts/format.js';
import { mapError } from './errors.js';
import type { OriginPolicy } from './origins.js';

const EXPOSED = 'ETag, Idempotent-Replayed, X-Kahera-Seq, Retry-After';

export interface AppOptions {
  bodyLimit: number;
  origins: OriginPolicy;
  /** Serve HTTPS with this key and certificate (PEM); plain HTTP without. */
  tls?: { key: string; cert: string } | undefined;
}

/**
 * The Content-Security-Policy of everything the hub serves. The built renderer has no
 * inline script or style (checked in tests/e2e/csp.test.ts); the one inline `<style>` is
 * the print CSS of receipts and readings, which the renderer prints from a srcdoc frame
 * that inherits this policy, so it is allowed by its hash and nothing else inline is.
 * connect-src: the API and Socket.IO on this origin (ws:/wss: for browsers that do not
 * count a same-host websocket as 'self').
 */
export function contentSecurityPolicy(): Record<string, string[]> {
  const printCss = `'sha256-${createHash('sha256').update(RECEIPT_CSS).digest('base64')}'`;
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", printCss],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", 'ws:', 'wss:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** A framework error the client caused, as protocol.md's error object. */
function rawErrorResponse(status: number, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Cache-Control: no-store\r\nConnection: close\r\n\r\n' +
    body
  );
}

const answered = new WeakSet<Socket>();

/**
 * Errors Node's HTTP parser raises before there is a request (headers over
 * `maxHeaderSize`, not HTTP at all, too slow): answered with the error object, then the
 * connection is ended rather than destroyed. Destroying it with the rest of an oversized
 * request still unread makes the kernel send a reset, which can reach the client before
 * it has read the answer; ending it lets the client read the 431 and close cleanly.
 */
function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (answered.has(socket)) return;
  answered.add(socket);
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request line and headers are too large (at most 16 KiB).']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive.']
        : [400, 'bad_request', 'The request is not valid HTTP.'];
  this.log.debug({ code: err.code, status }, 'client error');
  if (socket.writable) socket.end(rawErrorResponse(status, code, message));
  // Whatever the client still sends is read and dropped; a client that never stops is cut off.
  socket.resume();
  setTimeout(() => socket.destroy(), 2000).unref();
}

/**
 * The Fastify instance with the hub's cross-cutting behaviour: body limit, security
 * headers, CORS for the hub's own origin and the configured ones, `no-store` on API
 * answers unless a route says otherwise, framework errors in protocol.md's shape, and one
 * log line per request.
 */
export function createApp(log: Logger, opts: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // One line per request from the onResponse hook below instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit,
    // Long enough for a burst of settlements to drain; new requests get 503 while closing.
    return503OnClosing: true,
    // Bad percent-encoding in the path (`/api/v1/%c0`) and over-long path parameters:
    // answered like every other error, never in Fastify's own shape.
    frameworkErrors: (err, _request, reply) => {
      const { status, body } = mapError(err);
      void (reply as FastifyReply).code(status).header('Cache-Control', 'no-store').send(body);
    },
    clientErrorHandler,
    // The https option changes only the server Fastify creates; the instance is used the
    // same way, so it is typed as the plain one (Socket.IO attaches to either).
    ...(opts.tls ? { https: { key: opts.tls.key, cert: opts.tls.cert } } : {}),
  }) as unknown as FastifyInstance;

  app.decorateRequest('principal', null);

  void app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy() },
    // No HSTS: with a self-signed store certificate, HSTS would turn a certificate
    // problem (a new certificate, a terminal not yet trusting it) into an error the
    // browser refuses to let anyone click through, and on plain HTTP it means nothing.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return undefined;
    void reply.header('Vary', 'Origin');
    // Not the hub's own origin nor a listed one: no CORS headers, so the browser keeps the
    // answer from the page; a preflight falls through to the router's JSON 404.
    if (!opts.origins.allows(origin, request.headers.host)) return undefined;
    void reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Expose-Headers', EXPOSED);
    if (request.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
        .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, If-None-Match')
        .header('Access-Control-Max-Age', '600')
        .send();
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
