import type { CentralHandle } from '../../../src/central/server.js';
import type { GatewayConfig } from '../../../src/main/gateway/index.js';
import { startGatewaySim, type GatewaySimHandle } from '../../../src/gateway-sim/server.js';
import { dropPrefix, fastGateway, registerStore, SECRET_KEY, startTestCentral, testPrefix, WEBHOOK_PATH, WEBHOOK_SECRET } from './gateway-harness.js';
import { createTestDatabase, type TestDatabase } from './sync-pg.js';

// The real thing behind a hub: the gateway simulator, central in-process on a Postgres
// database of its own and a Redis key prefix of its own, and one registered store.
// Everything on loopback; nothing here needs a real gateway key.

export interface GatewayStack {
  sim: GatewaySimHandle;
  central: CentralHandle;
  storeId: string;
  storeKey: string;
  /** What a hub of this store passes as `gateway.config`. */
  hubConfig(timeoutMs?: number): GatewayConfig;
  /** The same as the environment a child-process hub reads. */
  hubEnv(): Record<string, string>;
  /**
   * Registers another store and gives its child-process environment: a hub that must not
   * share its store's /hubs connection with another hub of the test (the newest
   * connection of a store takes delivery over, and a hub that does not know an intent
   * refuses its event).
   */
  otherStoreEnv(storeId: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function startGatewayStack(storeId = 'GW01'): Promise<GatewayStack> {
  const db: TestDatabase = await createTestDatabase('kahera_hubgw');
  const prefix = testPrefix();
  const sim = await startGatewaySim({ port: 0, webhookSecret: WEBHOOK_SECRET, secretKey: SECRET_KEY, qrImages: false, webhook: { retryBaseMs: 50, maxAttempts: 5 } });
  const central = await startTestCentral(db.url, fastGateway(prefix, sim.url));
  sim.webhooks.setUrl(new URL(WEBHOOK_PATH, central.url).toString());
  const storeKey = await registerStore(central.url, storeId);
  const stack: GatewayStack = {
    sim,
    central,
    storeId,
    storeKey,
    hubConfig: (timeoutMs = 3000) => ({ centralUrl: central.url, storeId, storeKey, timeoutMs }),
    hubEnv: () => ({ KAHERA_STORE_ID: storeId, KAHERA_CENTRAL_URL: central.url, KAHERA_STORE_KEY: storeKey }),
    otherStoreEnv: async (other) => ({ KAHERA_STORE_ID: other, KAHERA_CENTRAL_URL: central.url, KAHERA_STORE_KEY: await registerStore(central.url, other) }),
    async close() {
      await central.close();
      await sim.close();
      await dropPrefix(prefix);
      await db.drop();
    },
  };
  return stack;
}
