import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { DomainError } from '../../core/errors.js';
import type { Role } from '../../shared/common.js';
import type { LoginResponse } from '../../shared/auth.js';
import type { TokenSigner } from '../services/auth.js';
import { toUser, type StaffService } from '../services/staff.service.js';
import type { Principal } from './principal.js';
import { RateLimiter, type LoginLimits } from './rate-limit.js';

/** Bearer tokens → principals, the role gate for routes, and rate-limited login. */
export class HubAuth {
  private readonly byAddress: RateLimiter;
  private readonly byUsername: RateLimiter;

  constructor(
    private readonly staff: StaffService,
    private readonly tokens: TokenSigner,
    limits: LoginLimits,
    clock: () => number,
  ) {
    this.byAddress = new RateLimiter(limits.perAddress, limits.windowMs, clock);
    this.byUsername = new RateLimiter(limits.perUsername, limits.windowMs, clock);
  }

  /**
   * The active user a token was signed for, or null: bad signature, expired, user
   * deactivated, or its role changed since (the token's role must still be the user's).
   */
  authenticate(token: unknown): Principal | null {
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const row = this.staff.activeUser(claims.sub);
    if (!row || row.role !== claims.role) return null;
    return { id: row.id, role: row.role, username: row.username, displayName: row.display_name, expiresAt: claims.exp };
  }

  requireAuth(roles?: readonly Role[]): preHandlerAsyncHookHandler {
    return async (request) => {
      const header = request.headers.authorization;
      const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
      const principal = token ? this.authenticate(token) : null;
      if (!principal) throw new DomainError('unauthorized', 'Sign in first (missing, expired or invalid token).');
      if (roles && !roles.includes(principal.role)) {
        throw new DomainError('forbidden', `Your role (${principal.role}) may not do this.`);
      }
      request.principal = principal;
    };
  }

  principal(request: FastifyRequest): Principal {
    if (!request.principal) throw new DomainError('unauthorized', 'Sign in first.');
    return request.principal;
  }

  /**
   * Checks a password, limited per client address (every attempt) and per username
   * (failed attempts): guessing is slow whichever one an attacker varies.
   */
  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const userKey = username.toLowerCase();
    const wait = Math.max(this.byAddress.blockedFor(address), this.byUsername.blockedFor(userKey));
    if (wait > 0) {
      throw new DomainError('rate_limited', 'Too many sign-in attempts; try again later.', { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    this.byAddress.hit(address);
    const row = await this.staff.authenticate(username, password);
    if (!row) {
      this.byUsername.hit(userKey);
      throw new DomainError('unauthorized', 'Wrong username or password.');
    }
    this.byUsername.reset(userKey);
    const { token } = this.tokens.sign(row.id, row.role);
    return { token, user: toUser(row) };
  }
}
