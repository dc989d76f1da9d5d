import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SyncConflictDetails, SyncOutOfWindowDetails, SyncPushResponse } from '../../shared/central.js';
import { ErrorBody } from '../../shared/common.js';

/** What one push came to. */
export type PushOutcome =
  | { kind: 'acked'; ackedThrough: number }
  | { kind: 'too_large' }
  /** Central's trouble or the network's (5xx, 429, cut, timeout): retried with backoff. */
  | { kind: 'retry'; error: string; timedOut: boolean }
  /** This hub is refused (bad key, wrong store, malformed event): retried slowly. */
  | { kind: 'refused'; error: string }
  /** Central holds a different event at `seq`: this hub's log is not the one central has. */
  | { kind: 'conflict'; seq: number; error: string }
  /** The batch starts too far past central's cursor; central holds through `ackedThrough`. */
  | { kind: 'out_of_window'; ackedThrough: number; error: string };

// One keep-alive pool per protocol for the uploader's pushes. Idle sockets are dropped
// well before central's keep-alive timeout (65 s), so a push rarely meets a socket the
// server is closing; one that does fails at once and is retried like any cut.
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: 30_000, maxSockets: 8 }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: 30_000, maxSockets: 8 }),
};

/**
 * POSTs one batch to `/api/v1/sync/push`, aborting after `timeoutMs` or on `signal`.
 * Never throws, and always settles: the uploader awaits every push it sends, so a push
 * that could hang would stop sync for good.
 *
 * Why node:http and a timer of our own rather than `fetch` with
 * `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: on Node 20, fetch can leave a
 * POST pending forever when the connection is reset as the request is written (a proxy
 * or a central going down at that moment), and the timeout signal inside
 * `AbortSignal.any` is held only weakly, so after a garbage collection it never fires.
 * Here every way a request can end (answer, socket error, reset, timeout, stop)
 * settles the one promise, and the timer is held until it does.
 */
export function pushBatch(url: string, storeKey: string, body: Blob | string, timeoutMs: number, signal: AbortSignal): Promise<PushOutcome> {
  return new Promise<PushOutcome>((resolve) => {
    let settled = false;
    let req: ReturnType<typeof httpRequest> | null = null;
    const finish = (outcome: PushOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      req?.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'retry', error: `no answer within ${timeoutMs} ms`, timedOut: true }), timeoutMs);
    const onAbort = () => finish({ kind: 'retry', error: 'push cancelled: the uploader is stopping', timedOut: false });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });

    void bytesOf(body).then(
      (payload) => {
        if (settled) return;
        const target = new URL(url);
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
        req = send(target, {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length, authorization: `Bearer ${storeKey}` },
        });
        req.on('error', (err) => finish({ kind: 'retry', error: `central unreachable: ${describe(err)}`, timedOut: false }));
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => finish({ kind: 'retry', error: `answer cut: ${describe(err)}`, timedOut: false }));
          res.on('aborted', () => finish({ kind: 'retry', error: 'answer cut: the connection closed', timedOut: false }));
          res.on('end', () => finish(outcomeOf(res, Buffer.concat(chunks).toString('utf8'))));
          res.on('close', () => {
            if (!res.complete) finish({ kind: 'retry', error: 'answer cut: the connection closed', timedOut: false });
          });
        });
        req.end(payload);
      },
      (err: unknown) => finish({ kind: 'retry', error: `batch could not be read: ${describe(err)}`, timedOut: false }),
    );
  });
}

async function bytesOf(body: Blob | string): Promise<Buffer> {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(await body.arrayBuffer());
}

function outcomeOf(res: IncomingMessage, text: string): PushOutcome {
  const status = res.statusCode ?? 0;
  if (status === 200) {
    const parsed = SyncPushResponse.safeParse(safeJson(text));
    if (!parsed.success) return { kind: 'retry', error: 'central answered without ackedThrough', timedOut: false };
    return { kind: 'acked', ackedThrough: parsed.data.ackedThrough };
  }
  if (status === 413) return { kind: 'too_large' };
  const error = `central answered ${status}: ${errorMessage(text)}`;
  if (status === 409) {
    const parsed = ErrorBody.safeParse(safeJson(text));
    if (parsed.success && parsed.data.error.code === 'seq_conflict') {
      const details = SyncConflictDetails.safeParse(parsed.data.error.details);
      if (details.success) return { kind: 'conflict', seq: details.data.seq, error };
    }
    if (parsed.success && parsed.data.error.code === 'seq_out_of_window') {
      const details = SyncOutOfWindowDetails.safeParse(parsed.data.error.details);
      if (details.success) return { kind: 'out_of_window', ackedThrough: details.data.ackedThrough, error };
    }
  }
  if (status >= 500 || status === 429) return { kind: 'retry', error, timedOut: false };
  return { kind: 'refused', error };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorMessage(text: string): string {
  const body = safeJson(text) as { error?: { message?: unknown } } | undefined;
  return typeof body?.error?.message === 'string' ? body.error.message : text.slice(0, 200);
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
