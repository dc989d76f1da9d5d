/**
 * Typed domain errors. The core throws these with a stable `code`; only the
 * boundaries (HTTP routes, socket acks) map codes to statuses.
 */
export const ERROR_CODES = {
  validation_failed: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  balance_changed: 409,
  already_void: 409,
  has_allocations: 409,
  credit_consumed: 409,
  idempotency_mismatch: 409,
  no_open_shift: 409,
  overpayment: 422,
  nothing_outstanding: 422,
  tender_insufficient: 422,
  credit_limit_exceeded: 422,
  allocation_mismatch: 422,
  invalid_allocation: 422,
  insufficient_cash: 422,
  approval_required: 422,
  unknown_register: 422,
  // The store's TIN, registered name, address or a register's MIN/serial is not set (an SI or a Z may not be issued).
  setup_incomplete: 422,
  rate_limited: 429,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${String(x)}`);
}
