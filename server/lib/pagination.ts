import type { Model } from 'mongoose';
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

/**
 * Turns "-name" into { name: -1 }, accepting only the listed fields. `columns` maps a
 * sort field to the stored path it sorts by (name → nameKey).
 */
export function sortSpec(
  sort: string | undefined,
  allowed: readonly string[],
  fallback: string,
  columns: Readonly<Record<string, string>> = {},
): Record<string, 1 | -1> {
  const value = sort && allowed.includes(sort.replace(/^-/, '')) ? sort : fallback;
  const field = value.replace(/^-/, '');
  const order = value.startsWith('-') ? -1 : 1;
  return { [columns[field] ?? field]: order, _id: order };
}

export function sortField(allowed: readonly [string, ...string[]]) {
  const values = allowed.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.enum(values, { message: `must be one of ${values.join(', ')}` }).optional();
}

/** One page of a model's documents (lean) and the total that match, mapped to what leaves the module. */
export async function findPage<D, T>(
  // biome-ignore lint/suspicious/noExplicitAny: any model; its documents are read lean as D
  model: Model<any>,
  filter: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  at: { page: number; limit: number },
  map: (doc: D) => T,
): Promise<Page<T>> {
  const [docs, total] = await Promise.all([
    model
      .find(filter)
      .sort(sort)
      .skip((at.page - 1) * at.limit)
      .limit(at.limit)
      .lean<D[]>(),
    model.countDocuments(filter),
  ]);
  return { data: docs.map(map), page: at.page, limit: at.limit, total };
}
