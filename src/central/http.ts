import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ProtocolError } from '../shared/errors.js';

/** An error a route answers with: `{"error":{"code","message","details?"}}` (protocol.md). */
export class HttpError extends ProtocolError {}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, err.toBody());
}

/**
 * Reads a JSON body of at most `limit` bytes. A declared or actual size over the limit
 * is 413 before anything is parsed; the rest of the upload is drained, not buffered,
 * so the client still reads the answer.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) over = true;
    if (!over) chunks.push(chunk);
  }
  if (over) throw tooLarge(limit);
  const text = Buffer.concat(chunks, size).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'body is not valid JSON');
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'payload_too_large', `body is larger than ${limit} bytes; send fewer events per batch`, { limit });
}

/** `safeParse` or 400 with the issues: nothing is done with an input that fails its schema. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new HttpError(400, 'validation_failed', `${what} is not valid`, issues);
  }
  return result.data;
}

export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}
