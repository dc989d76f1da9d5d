import type { UpdateStaffResponse, User } from '../../../shared/auth.js';
import { IdParam } from '../../../shared/hub.js';
import type { RouteModule } from '../context.js';

/**
 * Staff accounts (admin): create, change (role, name, password), deactivate, reactivate.
 * Deactivating, reactivating, a new role or a new password ends the user's sessions
 * (StaffService); the socket server closes their terminals when told.
 */
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
      ctx.log.info({ userId: user.id, by: ctx.principal(request).id }, 'staff account deactivated');
      return { user };
    });

    app.post('/api/v1/staff/:id/activate', admin, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { user: ctx.staff.setActive(id, true, ctx.principal(request)) };
    });

    app.patch('/api/v1/staff/:id', admin, async (request): Promise<UpdateStaffResponse> => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const actor = ctx.principal(request);
      const user = await ctx.staff.update(id, request.body, actor, actor.sessionId);
      ctx.log.info({ userId: user.id, role: user.role, by: actor.id }, 'staff account changed');
      return { user };
    });
  },
};
