import type { FastifyInstance } from 'fastify';
import type { HubContext, RouteModule } from '../context.js';
import { authRoutes } from './auth.routes.js';
import { backofficeRoutes } from './backoffice.routes.js';
import { backofficeTerminalRoutes } from './backoffice-terminal.routes.js';
import { customerRoutes } from './customers.routes.js';
import { eventRoutes } from './events.routes.js';
import { healthRoutes } from './health.routes.js';
import { journalRoutes } from './journal.routes.js';
import { ledgerRoutes } from './ledger.routes.js';
import { paidOutRequestRoutes } from './paid-out-requests.routes.js';
import { registersRoutes } from './registers.routes.js';
import { readingRoutes } from './readings.routes.js';
import { receiptRoutes } from './receipts.routes.js';
import { refundRoutes } from './refunds.routes.js';
import { paymentIntentRoutes } from './payment-intents.routes.js';
import { settlementRoutes } from './settlements.routes.js';
import { shiftRoutes } from './shifts.routes.js';
import { staffRoutes } from './staff.routes.js';
import { transactionRoutes } from './transactions.routes.js';
import { voidRequestRoutes } from './void-requests.routes.js';

/**
 * Every route module of the hub. To add routes, write `routes/<name>.routes.ts`
 * exporting a `RouteModule` (`{name, register(app, ctx)}`, see context.ts for ctx)
 * and list it here. Paths are absolute (`/api/v1/...`).
 */
export const routeModules: readonly RouteModule[] = [
  healthRoutes,
  authRoutes,
  staffRoutes,
  customerRoutes,
  transactionRoutes,
  settlementRoutes,
  ledgerRoutes,
  eventRoutes,
  registersRoutes,
  shiftRoutes,
  paidOutRequestRoutes,
  readingRoutes,
  journalRoutes,
  receiptRoutes,
  refundRoutes,
  backofficeTerminalRoutes,
  backofficeRoutes,
  voidRequestRoutes,
  paymentIntentRoutes,
];

export async function registerRoutes(app: FastifyInstance, ctx: HubContext, extra: readonly RouteModule[] = []): Promise<void> {
  for (const m of [...routeModules, ...extra]) await m.register(app, ctx);
}
