import type { Actor } from '../services/access.js';

/** The signed-in user behind a request or socket. */
export interface Principal extends Actor {
  username: string;
  displayName: string;
  /** When the token it signed in with stops working (epoch ms). */
  expiresAt: number;
  /** The session its token names; signing out ends it. */
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `ctx.requireAuth(...)`; null on routes that do not require it. */
    principal: Principal | null;
  }
}
