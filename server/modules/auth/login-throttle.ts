import { config } from '../../config/index.js';
import { TooManyRequestsError } from '../../lib/errors.js';
import { redis } from '../../lib/redis.js';

const windowSeconds = 15 * 60;

/** Failed sign-ins allowed per window (15 minutes) before refusing with 429. */
export interface LoginLimits {
  /** One address guessing one account's password. */
  perAccountAndAddress: number;
  /** One account from anywhere: slows guessing spread over many addresses. */
  perAccount: number;
  /** One address over all accounts: a coarse brake on spraying, high enough for a shared NAT. */
  perAddress: number;
}

export function configuredLoginLimits(): LoginLimits {
  return { perAccountAndAddress: 5, perAccount: 20, perAddress: config().LOGIN_FAILURES_PER_ADDRESS };
}

/**
 * Sign-in throttling in Redis. Failures count per (account, address) pair, per account and
 * per address, so one person's typos behind an office NAT lock out only that pair, not every
 * colleague. The address is req.ip, which follows X-Forwarded-For only from TRUST_PROXY.
 */
export class LoginThrottle {
  constructor(
    private readonly prefix: string,
    private readonly limits: LoginLimits = configuredLoginLimits(),
  ) {}

  private keys(email: string, ip: string): { key: string; limit: number }[] {
    const account = email.trim().toLowerCase();
    return [
      { key: `${this.prefix}login:pair:${account}|${ip}`, limit: this.limits.perAccountAndAddress },
      { key: `${this.prefix}login:email:${account}`, limit: this.limits.perAccount },
      { key: `${this.prefix}login:ip:${ip}`, limit: this.limits.perAddress },
    ];
  }

  /** Refuses with 429 and the seconds until the blocking counter expires. */
  async check(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const counts = await redis().mget(keys.map((k) => k.key));
    const blocking = keys.find((k, i) => Number(counts[i] ?? 0) >= k.limit);
    if (!blocking) return;
    const ttl = await redis().ttl(blocking.key);
    throw new TooManyRequestsError('Too many failed sign-in attempts. Try again later.', Math.max(ttl, 1));
  }

  async fail(email: string, ip: string): Promise<void> {
    const multi = redis().multi();
    for (const { key } of this.keys(email, ip)) multi.incr(key).expire(key, windowSeconds, 'NX');
    await multi.exec();
  }

  /** Forgets this pair's failures; the account and address counters run out their window. */
  async succeed(email: string, ip: string): Promise<void> {
    await redis().del(this.keys(email, ip)[0]!.key);
  }
}
