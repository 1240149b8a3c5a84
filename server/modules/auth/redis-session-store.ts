import session from 'express-session';
import type { Redis } from 'ioredis';
import { remainingSeconds, type SessionLifetime } from './session.js';

/**
 * express-session store on the process's ioredis client (one Redis library in the tree).
 * Each write or touch renews the idle expiry, but never past the session's absolute end.
 */
export class RedisSessionStore extends session.Store {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly lifetime: SessionLifetime,
  ) {
    super();
  }

  private ttl(data: session.SessionData): number {
    return remainingSeconds(data, this.lifetime, Date.now());
  }

  private key(sid: string): string {
    return `${this.prefix}sess:${sid}`;
  }

  override get(sid: string, done: (err: unknown, session?: session.SessionData | null) => void): void {
    this.client.get(this.key(sid)).then(
      (value) => done(null, value ? (JSON.parse(value) as session.SessionData) : null),
      (err) => done(err),
    );
  }

  override set(sid: string, data: session.SessionData, done?: (err?: unknown) => void): void {
    this.client.set(this.key(sid), JSON.stringify(data), 'EX', this.ttl(data)).then(
      () => done?.(),
      (err) => done?.(err),
    );
  }

  override destroy(sid: string, done?: (err?: unknown) => void): void {
    this.client.del(this.key(sid)).then(
      () => done?.(),
      (err) => done?.(err),
    );
  }

  override touch(sid: string, data: session.SessionData, done?: () => void): void {
    this.client.expire(this.key(sid), this.ttl(data)).then(
      () => done?.(),
      () => done?.(),
    );
  }
}
