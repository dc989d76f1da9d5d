import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { GatewayEvent, type GatewayEventAck, type HubsClientToServer, type HubsServerToClient } from '../../shared/gateway.js';
import type { GatewayLinkStatus } from '../../shared/payment-intents.js';
import type { GatewayConfig } from './central-client.js';

export interface HubsLinkOptions {
  config: GatewayConfig;
  log: Logger;
  /**
   * Applies one event; must return only once what it caused is committed (or throw).
   * The ack central waits for is sent after it returns, never before.
   */
  onEvent(event: GatewayEvent): GatewayEventAck;
  onStatus?(status: GatewayLinkStatus): void;
  /** Reconnect backoff; Socket.IO's own exponential backoff with jitter. */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
}

export interface HubsLink {
  status(): GatewayLinkStatus;
  stop(): void;
}

/**
 * The hub's outbound, authenticated connection to central's `/hubs` namespace: central
 * pushes this store's gateway events over it and redelivers whatever was not acked on
 * every reconnect, so the link only has to keep trying and ack honestly.
 */
export function startHubsLink(opts: HubsLinkOptions): HubsLink {
  const { config, log } = opts;
  const state: GatewayLinkStatus = { configured: true, online: false, lastError: null, lastEventAt: null };
  const notify = () => opts.onStatus?.({ ...state });
  const socket: Socket<HubsServerToClient, HubsClientToServer> = io(`${config.centralUrl.replace(/\/+$/, '')}/hubs`, {
    auth: { storeId: config.storeId, key: config.storeKey },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: opts.reconnectDelayMs ?? 500,
    reconnectionDelayMax: opts.reconnectDelayMaxMs ?? 15_000,
    randomizationFactor: 0.5,
    timeout: config.timeoutMs ?? 5000,
  });

  socket.on('connect', () => {
    state.online = true;
    state.lastError = null;
    log.info({ storeId: config.storeId }, 'gateway link to central connected');
    notify();
  });
  socket.on('disconnect', (reason) => {
    state.online = false;
    state.lastError = `disconnected: ${reason}`;
    log.warn({ reason }, 'gateway link to central lost');
    notify();
    // A server-side disconnect is not retried by Socket.IO on its own.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err) => {
    const changed = state.online || state.lastError !== err.message;
    state.online = false;
    state.lastError = err.message === 'unauthorized' ? 'central refused this store key (unauthorized)' : err.message;
    if (changed) {
      log.warn({ err: err.message }, 'gateway link to central: cannot connect');
      notify();
    }
    // A refused handshake is not retried by Socket.IO: keep trying, slowly, in case the
    // key is fixed at central; the backoff above still applies to network errors.
    if (!socket.active) setTimeout(() => socket.connect(), opts.reconnectDelayMaxMs ?? 15_000).unref();
  });

  socket.on('gateway:event', (payload: unknown, ack?: (answer: GatewayEventAck) => void) => {
    const reply = (answer: GatewayEventAck) => {
      try {
        if (typeof ack === 'function') ack(answer);
      } catch (err) {
        log.warn({ err }, 'gateway:event ack failed');
      }
    };
    const parsed = GatewayEvent.safeParse(payload);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.slice(0, 5) }, 'gateway:event refused: malformed');
      reply({ ok: false, error: { code: 'validation_failed', message: 'Malformed gateway event.' } });
      return;
    }
    state.lastEventAt = new Date().toISOString();
    let answer: GatewayEventAck;
    try {
      answer = opts.onEvent(parsed.data);
    } catch (err) {
      // Not committed: no ok ack, so central keeps it and delivers it again.
      log.error({ err, eventId: parsed.data.id }, 'gateway:event could not be applied');
      answer = { ok: false, error: { code: 'internal', message: 'The hub could not apply this event.' } };
    }
    reply(answer);
  });

  return {
    status: () => ({ ...state }),
    stop: () => {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
