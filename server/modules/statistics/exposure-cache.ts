import { createHash } from 'node:crypto';
import type { Schema } from 'mongoose';
import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import { writeGeneration } from '../../lib/write-generation.js';
import type { Exposure } from './exposure.types.js';

/**
 * Exposure figures kept in Redis, shared by every web process, under a generation number
 * that every publication write bumps (the hooks below): a write makes all cached figures
 * unreachable at once, so none is ever older than the data it was built from. The TTL is
 * only a floor for writes made outside Mongoose (a driver call, a script).
 */
const TTL_SECONDS = 120;

const exposureWrites = writeGeneration('exposure');

/** Makes every cached exposure figure stale (after publications or snapshots were written). */
export const bumpExposureGeneration = (): Promise<void> => exposureWrites.bump();

/** The current generation ('0' before any write; undefined when Redis does not answer). */
export const exposureGeneration = (): Promise<string | undefined> => exposureWrites.current();

function keyOf(generation: string, parts: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32);
  return `${config().REDIS_PREFIX}:exposure:${generation}:${hash}`;
}

/**
 * The figures under `parts` (the filter, asOf when given, the locale and the hub day) in this
 * generation, or `make()` stored for next time. A Redis failure only costs the cache.
 */
export async function cachedExposure(
  generation: string | undefined,
  parts: unknown,
  make: () => Promise<Exposure>,
): Promise<Exposure> {
  if (generation === undefined) return make();
  const key = keyOf(generation, parts);
  try {
    const held = await redis().get(key);
    if (held) return JSON.parse(held) as Exposure;
  } catch (err) {
    logger.warn({ err }, 'exposure cache unavailable');
  }
  const made = await make();
  await redis()
    .set(key, JSON.stringify(made), 'EX', TTL_SECONDS)
    .catch(() => undefined);
  return made;
}

/**
 * Bumps the generation after every kind of write to the schema's collection (save, insertMany,
 * updates, deletes, bulkWrite), so cached figures never outlive a change.
 */
export const exposureCacheHooks = (schema: Schema): void => exposureWrites.hooks(schema);
