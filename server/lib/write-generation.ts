import { randomBytes } from 'node:crypto';
import type { Schema } from 'mongoose';
import { config } from '../config/index.js';
import { logger } from './logger.js';
import { redis } from './redis.js';

/**
 * A tag in Redis that every write to a collection replaces, shared by every process: a cache
 * tagged with the generation read *before* its data was loaded is known stale as soon as
 * anything was written since, wherever. Each write draws a new random tag rather than
 * counting, so a tag never comes back: after Redis is emptied, a count would restart at 1
 * and meet again the tags that copies loaded before were kept under. Writes made outside
 * Mongoose (a driver call, a script) do not bump it, so caches also keep a time limit of
 * their own.
 */
export interface WriteGeneration {
  /** Marks every cache of this collection stale; a Redis failure is logged once, never thrown. */
  bump(): Promise<void>;
  /**
   * The current generation: an opaque tag, '0' when Redis holds none (nothing written since
   * it was emptied); undefined when Redis does not answer.
   */
  current(): Promise<string | undefined>;
  /** Mongoose plugin: bumps after every kind of write (save, insertMany, updates, deletes, bulkWrite). */
  hooks(schema: Schema): void;
}

/** The generation kept under `<REDIS_PREFIX>:<name>:gen`. */
export function writeGeneration(name: string): WriteGeneration {
  const key = () => `${config().REDIS_PREFIX}:${name}:gen`;
  let warned = false;
  const bump = async () => {
    try {
      await redis().set(key(), randomBytes(9).toString('base64url'));
    } catch (err) {
      // Caches then live until their time limit: said once, but the write itself succeeded.
      if (!warned) logger.warn({ err, cache: name }, 'cache generation could not be bumped');
      warned = true;
    }
  };
  return {
    bump,
    async current() {
      try {
        return (await redis().get(key())) ?? '0';
      } catch (err) {
        logger.warn({ err, cache: name }, 'cache generation unavailable');
        return undefined;
      }
    },
    hooks(schema) {
      schema.post('save', bump);
      schema.post('insertMany', bump);
      schema.post(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne'], bump);
      schema.post(['deleteOne', 'deleteMany', 'findOneAndDelete'], bump);
      schema.post('bulkWrite', bump);
    },
  };
}
