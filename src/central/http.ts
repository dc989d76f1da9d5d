import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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

/** The request target as a URL; a target that is not one is a 400, not a crash. */
export function requestUrl(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://central.invalid');
  } catch {
    throw new HttpError(400, 'bad_request', 'the request URL is not valid');
  }
}

/**
 * Errors of Node's HTTP parser, before there is a request (headers over the limit, bytes
 * that are not HTTP, a client too slow): answered with the error object instead of Node's
 * bodyless status line, then the connection is ended, not destroyed, so the client reads
 * the answer rather than a reset while the rest of its oversized request is still unread.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'the request line and headers are too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'the request took too long to arrive']
        : [400, 'bad_request', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.resume();
  setTimeout(() => socket.destroy(), 2000).unref();
}
