import { SyncPushResponse } from '../../shared/central.js';

/** What one push came to. */
export type PushOutcome =
  | { kind: 'acked'; ackedThrough: number }
  | { kind: 'too_large' }
  /** Central's trouble or the network's (5xx, 429, cut, timeout): retried with backoff. */
  | { kind: 'retry'; error: string; timedOut: boolean }
  /** This hub is refused (bad key, wrong store, malformed event): retried slowly. */
  | { kind: 'refused'; error: string };

/**
 * POSTs one batch to `/api/v1/sync/push` over the process's keep-alive connection
 * pool, aborting after `timeoutMs` or on `signal`. Never throws.
 */
export async function pushBatch(url: string, storeKey: string, body: Blob | string, timeoutMs: number, signal: AbortSignal): Promise<PushOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${storeKey}` },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const text = await res.text();
    if (res.status === 200) {
      const parsed = SyncPushResponse.safeParse(safeJson(text));
      if (!parsed.success) return { kind: 'retry', error: 'central answered without ackedThrough', timedOut: false };
      return { kind: 'acked', ackedThrough: parsed.data.ackedThrough };
    }
    if (res.status === 413) return { kind: 'too_large' };
    const error = `central answered ${res.status}: ${errorMessage(text)}`;
    if (res.status >= 500 || res.status === 429) return { kind: 'retry', error, timedOut: false };
    return { kind: 'refused', error };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    return { kind: 'retry', error: timedOut ? `no answer within ${timeoutMs} ms` : `central unreachable: ${describe(err)}`, timedOut };
  }
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
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
