import type { Logger } from 'pino';
import type { GatewayLinkStatus } from '../../shared/payment-intents.js';
import { PaymentIntentService } from '../services/payment-intents.service.js';
import type { Store } from '../services/store.js';
import { CentralGatewayClient, gatewayConfigFromEnv, type GatewayConfig } from './central-client.js';
import { startHubsLink, type HubsLink } from './hubs-link.js';

export { GatewayRefusedError, GatewayUnavailableError, type GatewayConfig } from './central-client.js';

export interface HubGatewayOptions {
  /** Central and the store key; default from KAHERA_CENTRAL_URL / KAHERA_STORE_KEY; null: not configured. */
  config?: GatewayConfig | null;
  /** How often pending intents are checked for a due verify or expiry. Default 1 s. */
  sweepIntervalMs?: number;
  /** Ask the gateway for intents expiring this long after creation (KAHERA_GATEWAY_INTENT_TTL_SECONDS). */
  intentTtlSeconds?: number;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
}

/** Gateway payments as the hub wires them: the intents service, the /hubs link, the sweep. */
export interface HubGateway {
  readonly service: PaymentIntentService;
  status(): GatewayLinkStatus;
  stop(): void;
}

const OFF: GatewayLinkStatus = { configured: false, online: false, lastError: null, lastEventAt: null };

export function startHubGateway(opts: {
  store: Store;
  env: NodeJS.ProcessEnv;
  log: Logger;
  onStatus?: (status: GatewayLinkStatus) => void;
  options?: HubGatewayOptions;
}): HubGateway {
  const { store, env } = opts;
  const log = opts.log.child({ component: 'gateway' });
  const o = opts.options ?? {};
  const config = o.config !== undefined ? o.config : gatewayConfigFromEnv(env, store.storeId);
  const ttlEnv = Number(env.KAHERA_GATEWAY_INTENT_TTL_SECONDS);
  const intentTtlSeconds = o.intentTtlSeconds ?? (Number.isFinite(ttlEnv) && ttlEnv > 0 ? ttlEnv : undefined);
  const service = new PaymentIntentService(store, {
    client: config ? new CentralGatewayClient(config) : null,
    log,
    ...(intentTtlSeconds ? { intentTtlSeconds } : {}),
  });
  let link: HubsLink | null = null;
  if (config) {
    link = startHubsLink({
      config,
      log,
      onEvent: (event) => service.applyEvent(event),
      ...(opts.onStatus ? { onStatus: opts.onStatus } : {}),
      ...(o.reconnectDelayMs !== undefined ? { reconnectDelayMs: o.reconnectDelayMs } : {}),
      ...(o.reconnectDelayMaxMs !== undefined ? { reconnectDelayMaxMs: o.reconnectDelayMaxMs } : {}),
    });
  } else {
    log.info('no KAHERA_CENTRAL_URL / KAHERA_STORE_KEY: gateway payments are off (manual GCash/Maya entry still works)');
  }
  // One sweep at a time: a slow central must not pile up overlapping passes.
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    service
      .sweep()
      .catch((err: unknown) => log.warn({ err }, 'gateway sweep failed'))
      .finally(() => {
        running = false;
      });
  }, o.sweepIntervalMs ?? 1000);
  timer.unref();
  return {
    service,
    status: () => link?.status() ?? OFF,
    stop: () => {
      stopped = true;
      clearInterval(timer);
      link?.stop();
    },
  };
}
