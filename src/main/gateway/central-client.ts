import type { z } from 'zod';
import {
  CreateGatewayIntentResponse,
  VerifyGatewayIntentResponse,
  type CreateGatewayIntentRequest,
} from '../../shared/gateway.js';
import { httpCall } from '../../net/http-call.js';

export interface GatewayConfig {
  centralUrl: string;
  storeId: string;
  storeKey: string;
  /** Longest wait for central (and, behind it, the gateway) on one call. Default 5 s. */
  timeoutMs?: number;
}

/**
 * Central or the gateway cannot be reached (no network, timeout, central down, the
 * gateway down behind it). The hub answers 503 `offline`: the cashier can still take a
 * manual GCash/Maya payment with a reference.
 */
export class GatewayUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'GatewayUnavailableError';
  }
}

/** Central answered, but refused (a 4xx that is not about reachability). */
export class GatewayRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayRefusedError';
  }
}

/** The hub's two HTTP calls to central for gateway payments (protocol.md, central's table). */
export class CentralGatewayClient {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly config: GatewayConfig) {
    this.base = config.centralUrl.replace(/\/+$/, '');
    this.timeoutMs = config.timeoutMs ?? 5000;
  }

  createIntent(body: CreateGatewayIntentRequest): Promise<CreateGatewayIntentResponse> {
    return this.call(`/payment-intents`, body, CreateGatewayIntentResponse);
  }

  /** What the gateway says now about the hub's intent `id`. */
  verifyIntent(id: string): Promise<VerifyGatewayIntentResponse> {
    return this.call(`/payment-intents/${encodeURIComponent(id)}/verify`, undefined, VerifyGatewayIntentResponse);
  }

  private async call<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    const url = `${this.base}/api/v1/stores/${encodeURIComponent(this.config.storeId)}${path}`;
    // node:http with a timer of its own (src/net/http-call.ts), not fetch: it always settles.
    const res = await httpCall({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${this.config.storeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
      timeoutMs: this.timeoutMs,
    });
    if (res.kind === 'failed') {
      throw new GatewayUnavailableError(
        res.timedOut ? `Central did not answer within ${Math.round(this.timeoutMs / 1000)} s.` : 'Central cannot be reached (no internet?).',
        new Error(res.error),
      );
    }
    const text = res.text;
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    // 5xx (central down, or the gateway unreachable behind it: 502/503/504) and 429 are
    // about reachability: worth retrying later, and the cashier should hear "offline".
    if (res.status >= 500 || res.status === 429) {
      throw new GatewayUnavailableError(
        res.status === 502 || res.status === 503 || res.status === 504
          ? 'The payment gateway cannot be reached right now.'
          : `Central could not take the request (HTTP ${res.status}).`,
      );
    }
    if (res.status < 200 || res.status > 299) {
      const err = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      throw new GatewayRefusedError(
        res.status,
        typeof err?.code === 'string' ? err.code : 'gateway_refused',
        typeof err?.message === 'string' ? err.message : `Central refused the request (HTTP ${res.status}).`,
      );
    }
    const parsed = schema.safeParse(json);
    // An answer we cannot read is treated as central being unusable, never as a payment state.
    if (!parsed.success) throw new GatewayUnavailableError('Central answered in an unexpected shape.');
    return parsed.data;
  }
}

/** From the same env the uploader uses; null when the hub is not configured for central. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv, storeId: string): GatewayConfig | null {
  const centralUrl = env.KAHERA_CENTRAL_URL?.trim();
  const storeKey = env.KAHERA_STORE_KEY?.trim();
  if (!centralUrl || !storeKey) return null;
  const timeout = Number(env.KAHERA_GATEWAY_TIMEOUT_MS);
  return { centralUrl, storeKey, storeId, ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}) };
}
