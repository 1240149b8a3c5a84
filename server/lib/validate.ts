import { z } from 'zod';
import { type FieldProblem, ValidationError } from './errors.js';

const typeNames: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

/**
 * zod's own messages ("Invalid option: expected one of \"food\"|…", "Too big: expected string
 * to have <=80 characters") in the API's plain words, which the dashboard translates
 * (dashboard/i18n/problems.ts). Messages a schema gives itself are kept.
 */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${typeNames[issue.expected] ?? issue.expected}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `must have ${issue.maximum} items or fewer`;
      return `must be ${issue.maximum} or less`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'is required' : `must be at least ${issue.minimum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return Number(issue.minimum) <= 1
          ? 'must have at least one item'
          : `must have at least ${issue.minimum} items`;
      return `must be ${issue.minimum} or more`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'must be an email address';
      if (issue.format === 'url') return 'must be a web address starting with http:// or https://';
      return 'is malformed';
    case 'invalid_union':
      return 'is invalid';
    default:
      return undefined;
  }
}

z.config({ customError: plainMessage });

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
