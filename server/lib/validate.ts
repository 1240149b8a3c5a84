import type { z } from 'zod';
import { type FieldProblem, ValidationError } from './errors.js';

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(body)';
    if (issue.code === 'unrecognized_keys') {
      return {
        field: issue.keys
          .map((k) => [field === '(body)' ? '' : field, k].filter(Boolean).join('.'))
          .join(', '),
        message: 'unknown field',
      };
    }
    return { field, message: issue.message };
  });
}

/** Parses input with a schema or throws a ValidationError naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'Request'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = zodProblems(result.error);
  throw new ValidationError(
    `${what} is invalid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    problems,
  );
}
