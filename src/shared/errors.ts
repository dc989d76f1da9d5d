/**
 * An error in protocol.md's shape: an HTTP status (0 when no answer came) and the body
 * `{"error":{"code","message","details"?}}`. Central throws it from its routes; the
 * renderer raises it for what the hub answered. One class, so both read the same fields.
 */
export class ProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The wire body of this error. */
  toBody(): { error: { code: string; message: string; details?: unknown } } {
    const error: { code: string; message: string; details?: unknown } = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}
