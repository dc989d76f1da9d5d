/**
 * `npm run gateway:sim`: the gateway simulator as a process (protocol.md, v1 additions).
 * Env: KAHERA_GATEWAY_SIM_PORT (8092), KAHERA_GATEWAY_WEBHOOK_URL (central's
 * /api/v1/gateway/webhooks/paymongo), KAHERA_GATEWAY_WEBHOOK_SECRET; optional
 * KAHERA_GATEWAY_SECRET_KEY to accept only that test key.
 */
import { startGatewaySim } from './server.js';

const webhookSecret = process.env.KAHERA_GATEWAY_WEBHOOK_SECRET;
if (!webhookSecret) {
  console.error('KAHERA_GATEWAY_WEBHOOK_SECRET is required: the secret central verifies webhooks with (any test value, e.g. whsk_test_demo)');
  process.exit(2);
}
const webhookUrl = process.env.KAHERA_GATEWAY_WEBHOOK_URL;
const sim = await startGatewaySim({
  port: Number(process.env.KAHERA_GATEWAY_SIM_PORT ?? 8092),
  host: process.env.KAHERA_GATEWAY_SIM_HOST ?? '127.0.0.1',
  webhookUrl,
  webhookSecret,
  secretKey: process.env.KAHERA_GATEWAY_SECRET_KEY || undefined,
});
console.log(`gateway simulator on ${sim.url}; webhooks to ${webhookUrl ?? '(none: set KAHERA_GATEWAY_WEBHOOK_URL)'}`);
console.log(`pay: curl -X POST ${sim.url}/sim/payment-intents/<gatewayIntentId>/pay`);
const stop = () => void sim.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
