import type { User } from '../../../shared/auth.js';
import { IdParam } from '../../../shared/hub.js';
import type { RouteModule } from '../context.js';
import { disconnectUser } from '../socket.js';

/** Staff accounts (admin): create, change role / name / password, deactivate (signs the user out everywhere), reactivate. */
export const staffRoutes: RouteModule = {
  name: 'staff',
  register(app, ctx) {
    const admin = { preHandler: ctx.requireAuth(['admin']) };

    app.post('/api/v1/staff', admin, async (request, reply) => {
      const user = await ctx.staff.create(request.body, ctx.principal(request));
      ctx.log.info({ userId: user.id, role: user.role, by: ctx.principal(request).id }, 'staff account created');
      return reply.code(201).send({ user } satisfies { user: User });
    });

    app.post('/api/v1/staff/:id/deactivate', admin, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const user = ctx.staff.setActive(id, false, ctx.principal(request));
      disconnectUser(ctx.io, user.id);
      ctx.log.info({ userId: user.id, by: ctx.principal(request).id }, 'staff account deactivated');
      return { user };
    });

    app.patch('/api/v1/staff/:id', admin, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const before = ctx.store.q.users.get(id);
      const user = await ctx.staff.update(id, request.body, ctx.principal(request));
      // A new role or password: the terminals signed in as this user start over.
      const body = request.body as { role?: unknown; password?: unknown };
      if ((before && before.role !== user.role) || body.password !== undefined) disconnectUser(ctx.io, user.id);
      ctx.log.info({ userId: user.id, role: user.role, by: ctx.principal(request).id }, 'staff account changed');
      return { user } satisfies { user: User };
    });

    app.post('/api/v1/staff/:id/activate', admin, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { user: ctx.staff.setActive(id, true, ctx.principal(request)) };
    });
  },
};
