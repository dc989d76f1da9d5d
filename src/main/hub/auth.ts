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
   * The active user a token was signed for, or null: bad signature, expired, its session
   * ended (signed out, or the account was deactivated, reactivated, or given a new
   * password or role since), user deactivated, or its role changed since. Checked on
   * every request and socket handshake: one primary-key read each.
   */
  authenticate(token: unknown): Principal | null {
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    if (!this.staff.sessionOpen(claims.sid, claims.sub)) return null;
    const row = this.staff.activeUser(claims.sub);
    if (!row || row.role !== claims.role) return null;
    return {
      id: row.id,
      role: row.role,
      username: row.username,
      displayName: row.display_name,
      expiresAt: claims.exp,
      sessionId: claims.sid,
    };
  }

  /** Ends the caller's session: its token stops working at once, its sockets close. */
  logout(p: Principal): void {
    this.staff.endSession(p.sessionId, p.id);
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
   * Checks a password, limited per client address and per username, counting failed
   * attempts only: guessing is slow whichever one an attacker varies, while a counter
   * whose clerks sign in and out all day (one address, many good sign-ins) is never
   * locked out by them. An attempt counts against the address before the (slow)
   * password check and is given back when it succeeds, so a burst of parallel guesses
   * cannot slip past the limit while the checks run.
   */
  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const userKey = username.toLowerCase();
    const wait = Math.max(this.byAddress.blockedFor(address), this.byUsername.blockedFor(userKey));
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new DomainError('rate_limited', `Too many failed sign-in attempts. Try again in ${describeWait(retryAfterSeconds)}.`, {
        retryAfterSeconds,
      });
    }
    this.byAddress.hit(address);
    const row = await this.staff.authenticate(username, password);
    if (!row) {
      this.byUsername.hit(userKey);
      throw new DomainError('unauthorized', 'Wrong username or password.');
    }
    this.byAddress.unhit(address);
    this.byUsername.reset(userKey);
    const { token, claims } = this.tokens.sign(row.id, row.role);
    this.staff.openSession(claims, row);
    return { token, user: toUser(row) };
  }
}

/** "45 seconds", "1 minute", "5 minutes": how long a throttled sign-in waits, for people. */
export function describeWait(seconds: number): string {
  if (seconds < 90) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
