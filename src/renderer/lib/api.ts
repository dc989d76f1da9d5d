import type { z } from 'zod';
import { ApiError, NETWORK } from './errors';

/**
 * The one HTTP client of the renderer. Base URL and token come from the session;
 * every failure becomes an `ApiError` with the hub's code (or `network`).
 */
interface ApiConfig {
  hubUrl: string;
  token: string | null;
  onUnauthorized: () => void;
}

const config: ApiConfig = { hubUrl: '', token: null, onUnauthorized: () => {} };

export function configureApi(next: Partial<ApiConfig>): void {
  Object.assign(config, next);
}

export function hubUrl(): string {
  return config.hubUrl;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Milliseconds before the request is given up as a network failure. */
  timeoutMs?: number;
}

async function request<T>(method: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(config.hubUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ApiError(0, NETWORK, 'Cannot reach the hub.');
  }
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const code = err?.code ?? (res.status === 401 ? 'unauthorized' : `http_${res.status}`);
    if (res.status === 401 && config.token && !path.endsWith('/auth/login')) config.onUnauthorized();
    throw new ApiError(res.status, code, err?.message ?? res.statusText, err?.details);
  }
  return json as T;
}

/** GET, optionally validating the answer against a shared schema. */
export async function get<T>(path: string, schema?: z.ZodType<T>, opts?: RequestOptions): Promise<T> {
  const data = await request<unknown>('GET', path, undefined, opts);
  return parseAnswer(schema, data);
}

export async function post<T>(path: string, body: unknown, schema?: z.ZodType<T>, opts?: RequestOptions): Promise<T> {
  const data = await request<unknown>('POST', path, body, opts);
  return parseAnswer(schema, data);
}

export async function put<T>(path: string, body: unknown, schema?: z.ZodType<T>, opts?: RequestOptions): Promise<T> {
  const data = await request<unknown>('PUT', path, body, opts);
  return parseAnswer(schema, data);
}

export async function patch<T>(path: string, body: unknown, schema?: z.ZodType<T>, opts?: RequestOptions): Promise<T> {
  const data = await request<unknown>('PATCH', path, body, opts);
  return parseAnswer(schema, data);
}

function parseAnswer<T>(schema: z.ZodType<T> | undefined, data: unknown): T {
  if (!schema) return data as T;
  const r = schema.safeParse(data);
  if (!r.success) throw new ApiError(502, 'bad_answer', 'The hub sent an answer this terminal does not understand.');
  return r.data;
}

/** `?a=1&b=x` from defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** A fresh idempotency key for one payment attempt (kept across its retries). */
export function newIdempotencyKey(): string {
  return `pay-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('')}`;
}

/** GET (or POST, for a counted reprint) a text answer (an HTML document to print, say) with the session's token. */
export async function getText(path: string, method: 'GET' | 'POST' = 'GET'): Promise<string> {
  const headers: Record<string, string> = { Accept: 'text/html, text/plain' };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  let res: Response;
  try {
    res = await fetch(config.hubUrl + path, { method, headers, cache: 'no-store', signal: AbortSignal.timeout(15_000) });
  } catch {
    throw new ApiError(0, NETWORK, 'Cannot reach the hub.');
  }
  const text = await res.text();
  if (!res.ok) {
    let err: { code?: string; message?: string } | undefined;
    try {
      err = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    } catch {
      err = undefined;
    }
    if (res.status === 401 && config.token) config.onUnauthorized();
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText);
  }
  return text;
}

/** Downloads a file answer (e.g. CSV) with the session's token and saves it in the browser. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = {};
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  let res: Response;
  try {
    res = await fetch(config.hubUrl + path, { headers, cache: 'no-store' });
  } catch {
    throw new ApiError(0, NETWORK, 'Cannot reach the hub.');
  }
  if (!res.ok) {
    const err = ((await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } }).error;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
