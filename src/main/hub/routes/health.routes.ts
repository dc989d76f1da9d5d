import type { HealthResponse } from '../../../shared/hub.js';
import type { RouteModule } from '../context.js';

/** `GET /api/v1/health` — anyone: is the hub up, which store, the current seq, sync state. */
export const healthRoutes: RouteModule = {
  name: 'health',
  register(app, ctx) {
    app.get('/api/v1/health', async (): Promise<HealthResponse> => ({
      status: 'ok',
      storeId: ctx.store.storeId,
      version: ctx.config.version,
      seq: ctx.store.lastSeq(),
      sync: ctx.sync.status(),
    }));
  },
};
