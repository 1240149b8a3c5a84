import { z } from 'zod';

/** Query parameters every list endpoint accepts. `sort` is a field name, `-field` for descending. */
export const pageQuery = {
  page: z.coerce.number().int().min(1, 'must be 1 or more').default(1),
  limit: z.coerce.number().int().min(1, 'must be 1 or more').max(100, 'must be 100 or less').default(25),
};

export interface Page<T> {
  data: T[];
  page: number;
  limit: number;
  total: number;
}

/** Turns "-name" into { name: -1 }, accepting only the listed fields. */
export function sortSpec(
  sort: string | undefined,
  allowed: readonly string[],
  fallback: string,
): Record<string, 1 | -1> {
  const value = sort && allowed.includes(sort.replace(/^-/, '')) ? sort : fallback;
  return value.startsWith('-') ? { [value.slice(1)]: -1, _id: -1 } : { [value]: 1, _id: 1 };
}

export function sortField(allowed: readonly [string, ...string[]]) {
  const values = allowed.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.enum(values, { message: `must be one of ${values.join(', ')}` }).optional();
}
