/**
 * Hub payment intents (protocol.md, "v1 additions"): the terminal's side of a gateway
 * payment. The hub ↔ central half of the contract is gateway.ts.
 */
import { z } from 'zod';
import { AllocationStrategy, Id, IsoDateTime, PositiveCentavos } from './common.js';
import { GatewayIntentStatus, GatewayMethod } from './gateway.js';
import { AllocationLine, settlementBody } from './settlements.js';

export { GatewayMethod };

/** `POST /api/v1/payment-intents`: a settlement body whose tender goes through the gateway. */
export const CreatePaymentIntentRequest = settlementBody(z.object({ method: GatewayMethod }).strict());
export type CreatePaymentIntentRequest = z.infer<typeof CreatePaymentIntentRequest>;

export const PaymentIntentStatus = GatewayIntentStatus;
export type PaymentIntentStatus = z.infer<typeof PaymentIntentStatus>;

export const PaymentIntentAllocation = z.object({
  strategy: AllocationStrategy,
  lines: z.array(AllocationLine).optional(),
});

/** The `paymentIntent` of protocol.md, exactly. */
export const PaymentIntent = z.object({
  id: Id,
  status: PaymentIntentStatus,
  customerId: Id,
  amount: PositiveCentavos,
  method: GatewayMethod,
  allocation: PaymentIntentAllocation,
  qr: z.object({ payload: z.string() }).nullable(),
  gatewayIntentId: z.string(),
  expiresAt: IsoDateTime,
  createdAt: IsoDateTime,
  settlementId: Id.nullable(),
  failureReason: z.string().nullable(),
});
export type PaymentIntent = z.infer<typeof PaymentIntent>;

export const PaymentIntentResponse = z.object({ paymentIntent: PaymentIntent });
export type PaymentIntentResponse = z.infer<typeof PaymentIntentResponse>;

// ---- Socket.IO ----
export const SubscribePaymentIntent = z.object({ paymentIntentId: Id });
export type SubscribePaymentIntent = z.infer<typeof SubscribePaymentIntent>;

/**
 * Hub → client `payment_intent_updated`: `seq` is the store-wide sequence of the change.
 * `orNumber` (additive) is the receipt's number once it succeeded, so the waiting screen
 * can say "Paid — OR …" without another round trip.
 */
export const PaymentIntentUpdated = z.object({ paymentIntent: PaymentIntent, seq: z.number().int().min(0), orNumber: z.string().nullable().optional() });
export type PaymentIntentUpdated = z.infer<typeof PaymentIntentUpdated>;

// ---- The hub's gateway link, shown beside the uploader's status ----
export const GatewayLinkStatus = z.object({
  /** KAHERA_CENTRAL_URL and a store key are set. */
  configured: z.boolean(),
  /** The `/hubs` socket to central is connected. */
  online: z.boolean(),
  lastError: z.string().nullable(),
  lastEventAt: IsoDateTime.nullable(),
});
export type GatewayLinkStatus = z.infer<typeof GatewayLinkStatus>;

/** Store settings of gateway payments (`GET`/`PUT /api/v1/gateway/settings`). */
export const GatewaySettings = z.object({
  /** An intent still awaiting payment this long after creation is verified with the gateway. */
  gatewayVerifyAfterSeconds: z.number().int().min(1).max(3600),
});
export type GatewaySettings = z.infer<typeof GatewaySettings>;
export const DEFAULT_GATEWAY_SETTINGS: GatewaySettings = { gatewayVerifyAfterSeconds: 60 };
