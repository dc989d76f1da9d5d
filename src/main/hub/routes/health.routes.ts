import type { HealthResponse } from '../../../shared/hub.js';
import type { GatewayLinkStatus } from '../../../shared/payment-intents.js';
import type { RouteModule } from '../context.js';

/** `GET /api/v1/health` — anyone: is the hub up, which store, the current seq, sync state. */
export const healthRoutes: RouteModule = {
  name: 'health',
  register(app, ctx) {
    // `gateway` (the /hubs link to central) is additive beside `sync`.
    app.get('/api/v1/health', async (): Promise<HealthResponse & { gateway: GatewayLinkStatus }> => ({
      status: 'ok',
      storeId: ctx.store.storeId,
      version: ctx.config.version,
      seq: ctx.store.lastSeq(),
      sync: ctx.sync.status(),
      gateway: ctx.gateway.status(),
    }));
  },
};
