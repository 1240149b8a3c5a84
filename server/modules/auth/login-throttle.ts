import { TooManyRequestsError } from '../../lib/errors.js';
import { redis } from '../../lib/redis.js';

const windowSeconds = 15 * 60;
const maxFailuresPerAccount = 5;
const maxFailuresPerAddress = 30;

/** Sign-in throttling: counts failures per email and per IP in Redis, refuses past the limit. */
export class LoginThrottle {
  constructor(private readonly prefix: string) {}

  private keys(email: string, ip: string): [string, string] {
    return [`${this.prefix}login:email:${email.toLowerCase()}`, `${this.prefix}login:ip:${ip}`];
  }

  async check(email: string, ip: string): Promise<void> {
    const [emailKey, ipKey] = this.keys(email, ip);
    const [byEmail, byIp] = await redis().mget(emailKey, ipKey);
    if (Number(byEmail ?? 0) >= maxFailuresPerAccount || Number(byIp ?? 0) >= maxFailuresPerAddress) {
      const ttl = await redis().ttl(Number(byEmail ?? 0) >= maxFailuresPerAccount ? emailKey : ipKey);
      throw new TooManyRequestsError('Too many failed sign-in attempts. Try again later.', Math.max(ttl, 1));
    }
  }

  async fail(email: string, ip: string): Promise<void> {
    const multi = redis().multi();
    for (const key of this.keys(email, ip)) multi.incr(key).expire(key, windowSeconds, 'NX');
    await multi.exec();
  }

  async succeed(email: string, ip: string): Promise<void> {
    await redis().del(this.keys(email, ip)[0]);
  }
}
