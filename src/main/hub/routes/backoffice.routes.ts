import {
  CalendarQuery,
  LedgerQuery,
  SetStaffActiveRequest,
  type AdjustmentResponse,
  type CalendarResponse,
  type DashboardResponse,
  type LedgerPage,
  type StaffMember,
  type StoreSettingsResponse,
} from '../../../shared/backoffice.js';
import { IdParam } from '../../../shared/hub.js';
import type { RouteModule } from '../context.js';
import { disconnectUser } from '../socket.js';

/**
 * The admin back office (not in protocol.md v1): dashboard, store-wide ledger with CSV,
 * calendar, staff list, manual adjustments and store settings. Admin only.
 */
export const backofficeRoutes: RouteModule = {
  name: 'backoffice',
  register(app, ctx) {
    const { reports, adjustments, staff } = ctx.store;
    const admin = { preHandler: ctx.requireAuth(['admin']) };

    app.get('/api/v1/backoffice/dashboard', admin, async (): Promise<DashboardResponse> => reports.dashboard());

    app.get('/api/v1/backoffice/ledger', admin, async (request): Promise<LedgerPage> =>
      reports.ledger(ctx.parse(LedgerQuery, request.query, 'query')),
    );

    app.get('/api/v1/backoffice/ledger.csv', admin, async (request, reply) => {
      const query = ctx.parse(LedgerQuery, request.query, 'query');
      // Built in one synchronous pass: the SQLite connection is never left mid-iteration
      // while other requests run.
      const csv = Array.from(reports.ledgerCsv(query)).join('');
      const name = `kahera-ledger-${query.customerId ?? 'store'}-${reports.today()}.csv`;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .send('\uFEFF' + csv);
    });

    app.get('/api/v1/backoffice/calendar', admin, async (request): Promise<CalendarResponse> => {
      const { from, to } = ctx.parse(CalendarQuery, request.query, 'query');
      return reports.calendar(from, to);
    });

    app.get('/api/v1/backoffice/staff', admin, async (): Promise<{ items: StaffMember[] }> => ({ items: staff.list() }));

    app.put('/api/v1/backoffice/staff/:id/active', admin, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const { active } = ctx.parse(SetStaffActiveRequest, request.body, 'body');
      const user = staff.setActive(id, active, ctx.principal(request));
      if (!active) disconnectUser(ctx.io, user.id);
      return { user };
    });

    app.post('/api/v1/backoffice/adjustments', admin, async (request, reply) => {
      const result: AdjustmentResponse = adjustments.adjust(request.body, ctx.principal(request));
      ctx.log.info({ customerId: result.entry.customerId, amount: result.entry.amount, by: ctx.principal(request).id }, 'balance adjusted');
      return reply.code(201).send(result);
    });

    app.put('/api/v1/backoffice/settings', admin, async (request): Promise<StoreSettingsResponse> => {
      const settings = reports.saveSettings(request.body);
      ctx.log.info({ by: ctx.principal(request).id }, 'store settings changed');
      return { settings, storeId: ctx.store.storeId };
    });
  },
};
