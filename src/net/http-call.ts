import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** How one HTTP call ended: an answer (any status), or no answer at all. */
export type HttpOutcome =
  | { kind: 'answer'; status: number; text: string }
  | { kind: 'failed'; error: string; timedOut: boolean };

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
  signal?: AbortSignal;
  agent?: HttpAgent | HttpsAgent;
}

// Keep-alive pools for the hub's calls to central and central's calls to the payment
// gateway (src/net is the Node-only code both processes share; see eslint.config.js).
// Idle sockets are dropped well before a peer's keep-alive timeout (central's is 65 s),
// so a call rarely meets a socket being closed; one that does fails at once, and the
// caller treats it as its peer unreachable.
export const defaultAgents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: 30_000, maxSockets: 8 }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: 30_000, maxSockets: 8 }),
};

/**
 * One HTTP request that always settles, and never throws.
 *
 * Why node:http and a timer of our own rather than `fetch` with `AbortSignal.timeout`:
 * on Node 20, fetch can leave a request pending forever when the connection is reset as
 * the request is written (a proxy, or the server going down at that moment), and a
 * timeout signal combined through `AbortSignal.any` is held only weakly, so after a
 * garbage collection it may never fire. Here every way a request can end (answer,
 * socket error, reset, cut answer, timeout, abort) settles the one promise, and the
 * timer is held until it does.
 */
export function httpCall(call: HttpCall): Promise<HttpOutcome> {
  return new Promise<HttpOutcome>((resolve) => {
    let settled = false;
    let req: ReturnType<typeof httpRequest> | null = null;
    const { signal } = call;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req?.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'failed', error: `no answer within ${call.timeoutMs} ms`, timedOut: true }), call.timeoutMs);
    const onAbort = () => finish({ kind: 'failed', error: 'request cancelled', timedOut: false });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    let target: URL;
    try {
      target = new URL(call.url);
    } catch (err) {
      return finish({ kind: 'failed', error: `bad URL: ${describe(err)}`, timedOut: false });
    }
    const https = target.protocol === 'https:';
    const payload = call.body === undefined ? undefined : typeof call.body === 'string' ? Buffer.from(call.body, 'utf8') : call.body;
    const headers: Record<string, string | number> = { ...call.headers };
    if (payload) headers['content-length'] = payload.length;
    try {
      req = (https ? httpsRequest : httpRequest)(target, { method: call.method, agent: call.agent ?? (https ? defaultAgents['https:'] : defaultAgents['http:']), headers });
    } catch (err) {
      return finish({ kind: 'failed', error: describe(err), timedOut: false });
    }
    req.on('error', (err) => finish({ kind: 'failed', error: `unreachable: ${describe(err)}`, timedOut: false }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => finish({ kind: 'failed', error: `answer cut: ${describe(err)}`, timedOut: false }));
      res.on('aborted', () => finish({ kind: 'failed', error: 'answer cut: the connection closed', timedOut: false }));
      res.on('end', () => finish({ kind: 'answer', status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('close', () => {
        if (!res.complete) finish({ kind: 'failed', error: 'answer cut: the connection closed', timedOut: false });
      });
    });
    req.end(payload);
  });
}

export function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const code = (err as Error & { code?: unknown }).code;
    const base = typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
    return cause instanceof Error ? `${base} (${cause.message})` : base;
  }
  return String(err);
}
