import { LoginRequest, type LoginResponse, type User } from '../../../shared/auth.js';
import type { RouteModule } from '../context.js';

/** `POST /api/v1/auth/login` (anyone, rate-limited), `POST /api/v1/auth/logout` and `GET /api/v1/auth/me`. */
export const authRoutes: RouteModule = {
  name: 'auth',
  register(app, ctx) {
    app.post('/api/v1/auth/login', async (request): Promise<LoginResponse> => {
      const { username, password } = ctx.parse(LoginRequest, request.body, 'login');
      return ctx.auth.login(username, password, request.ip);
    });

    // Ends this token's session only: the same user's other terminals stay signed in.
    app.post('/api/v1/auth/logout', { preHandler: ctx.requireAuth() }, async (request, reply) => {
      const p = ctx.principal(request);
      ctx.auth.logout(p);
      ctx.log.info({ userId: p.id }, 'signed out');
      return reply.code(204).send();
    });

    // Lets a terminal check the token it kept (e.g. after a reload) and who it is.
    app.get('/api/v1/auth/me', { preHandler: ctx.requireAuth() }, async (request): Promise<{ user: User }> => {
      const p = ctx.principal(request);
      return { user: { id: p.id, username: p.username, role: p.role, displayName: p.displayName } };
    });
  },
};
