import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { isDomainError } from '../../core/errors.js';
import type { AckError, ErrorBody } from '../../shared/common.js';

export interface MappedError {
  status: number;
  body: ErrorBody;
}

/** Fastify's own 4xx errors (bad JSON, too large, wrong content type) in protocol.md's shape. */
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'validation_failed',
  404: 'not_found',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
};

/** Fastify error codes that are about the URL, not the body, and say so. */
const URL_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'bad_request', message: 'The URL is not valid (bad percent-encoding).' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri_too_long', message: 'A part of the URL is too long.' },
};

/**
 * Any thrown value → protocol.md's error. Domain errors keep their code and status;
 * framework 4xx keep their status with a stable code; anything else is a 500 whose
 * text never reaches the client (it is logged instead).
 */
export function mapError(e: unknown, log?: Logger): MappedError {
  if (isDomainError(e)) {
    const error: ErrorBody['error'] = { code: e.code, message: e.message };
    if (e.details !== undefined) error.details = e.details;
    return { status: e.status, body: { error } };
  }
  const fe = e as Partial<FastifyError> | null;
  const urlError = typeof fe?.code === 'string' ? URL_ERRORS[fe.code] : undefined;
  if (urlError) return { status: urlError.status, body: { error: { code: urlError.code, message: urlError.message } } };
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = FRAMEWORK_CODES[status] ?? 'bad_request';
    const message =
      status === 413
        ? 'The request body is too large.'
        : status === 415
          ? 'Send the body as application/json.'
          : status === 404
            ? 'Not found.'
            : fe?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
              ? 'The request body is empty.'
              : status === 400
                ? 'The request body is not valid JSON.'
                : 'Bad request.';
    return { status, body: { error: { code, message } } };
  }
  log?.error({ err: e }, 'unhandled error');
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on the hub.' } } };
}

/** The socket ack of protocol.md for a thrown value. */
export function ackError(e: unknown, log?: Logger): AckError {
  const { body } = mapError(e, log);
  return { ok: false, error: { code: body.error.code, message: body.error.message } };
}

export function installErrorHandlers(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = mapError(err);
    if (status >= 500) (request.log ?? log).error({ err }, 'request failed');
    const retry = (body.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (status === 429 && typeof retry === 'number') void reply.header('Retry-After', String(retry));
    void reply.code(status).send(body);
  });
}
