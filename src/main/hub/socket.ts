import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { HubIo, SocketData } from './live-types.js';
import type { HubContext } from './context.js';
import type { OriginPolicy } from './origins.js';
import { registerPaymentStatusHandlers } from './payment-status.handlers.js';
import { registerPaymentIntentHandlers } from './payment-intents.handlers.js';

/**
 * Socket.IO on the hub's HTTP server. Connection state recovery is deliberately off:
 * in socket.io 4.8 a recovered session re-sends its missed packets before the auth
 * middleware runs, and the session follows the client's private id, so a terminal that
 * signs in as someone else (or whose token expired, or whose account was deactivated)
 * would get the previous session's rooms and packets. Terminals catch up instead from
 * the event log by seq (`subscribe:payment_status {after}` or `GET /api/v1/events`),
 * which has no such holes and no time limit.
 */
export function createSocketServer(httpServer: HttpServer, origins: OriginPolicy): HubIo {
  return new SocketServer(httpServer, {
    serveClient: false,
    // Every client message is a tiny JSON command; refuse anything big at the transport.
    maxHttpBufferSize: 64 * 1024,
    // The same origins as HTTP (origins.ts). A WebSocket upgrade has no CORS of its own,
    // so the Origin is checked here, for polling and websocket alike; CORS headers for
    // polling are only needed by the listed other origins (same-origin needs none).
    allowRequest: (req, callback) => callback(null, origins.allows(req.headers.origin, req.headers.host)),
    cors: { origin: (origin, callback) => callback(null, origin !== undefined && origins.extra.has(origin.toLowerCase())) },
  });
}

/** Handshake auth, per-socket token expiry, and the protocol's handlers. */
export function wireSockets(io: HubIo, ctx: HubContext, clock: () => number): void {
  // A token checked at the handshake stays trusted only while its session is open: the
  // moment one ends (sign-out, deactivation, new password or role) its sockets close.
  ctx.staff.onRevoke((r) => {
    const target = r.kind === 'session' ? io.in(`sid:${r.sessionId}`) : r.keep ? io.in(`session:${r.userId}`).except(`sid:${r.keep}`) : io.in(`session:${r.userId}`);
    target.emit('session_expired', { reason: r.reason });
    target.disconnectSockets(true);
  });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const principal = ctx.auth.authenticate(auth?.token);
    if (!principal) {
      next(new Error('unauthorized'));
      return;
    }
    socket.data = { principal, paymentStatus: false } satisfies SocketData;
    next();
  });

  io.on('connection', (socket) => {
    const { principal } = socket.data;
    // A personal room for hub-side control (sign-out, deactivation), never for data.
    void socket.join([`session:${principal.id}`, `sid:${principal.sessionId}`]);
    // A session ended between the handshake check and joining those rooms was told to
    // nobody here: check once more now that a revocation would reach this socket.
    if (!ctx.staff.sessionOpen(principal.sessionId, principal.id)) {
      socket.emit('session_expired', { reason: 'revoked' });
      socket.disconnect(true);
      return;
    }
    registerPaymentStatusHandlers(socket, ctx);
    registerPaymentIntentHandlers(socket, ctx);
    // A token stops working at its expiry; so does the socket it opened.
    // (setTimeout holds at most ~24.8 days; tokens live hours.)
    const timer = setTimeout(
      () => {
        socket.emit('session_expired', { reason: 'token_expired' });
        socket.disconnect(true);
      },
      Math.max(0, Math.min(principal.expiresAt - clock(), 2 ** 31 - 1)),
    );
    timer.unref();
    socket.on('disconnect', () => {
      clearTimeout(timer);
    });
    ctx.log.debug({ userId: principal.id, role: principal.role, sid: socket.id }, 'terminal connected');
  });
}

/** Disconnects every terminal of a user (deactivation). */
export function disconnectUser(io: HubIo, userId: string): void {
  io.in(`session:${userId}`).disconnectSockets(true);
}
