import type { z } from 'zod';
import { DomainError } from '../../core/errors.js';

/** Field-level problems of a failed parse, as `details` of a validation error. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/**
 * Every inbound payload is parsed against its schema before anything else;
 * failure is a typed `validation_failed` error naming the fields.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issues = describeIssues(r.error);
    const first = issues[0];
    throw new DomainError(
      'validation_failed',
      first ? `Invalid ${what}: ${first.path || 'body'} ${first.message}` : `Invalid ${what}`,
      issues,
    );
  }
  return r.data;
}
