import { isIP } from 'node:net';
import { z } from 'zod';

/** What Express's `trust proxy` receives: nobody, a hop count, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

const named = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(item: string): boolean {
  if (named.has(item)) return true;
  const [address = '', bits, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

const message =
  'use false (no proxy), a hop count such as 1, or a comma-separated list of proxy addresses, ' +
  'CIDR ranges or loopback/linklocal/uniquelocal; "true" would let any client choose its address';

/**
 * TRUST_PROXY: which proxies may set X-Forwarded-For. Only their word is taken for the
 * client's address, so a client cannot rotate the header to escape per-address limits.
 */
export const trustProxySchema = z.string().transform((v, ctx): TrustProxy => {
  const value = v.trim().toLowerCase();
  if (value === 'false' || value === 'none' || value === '0') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const items = value.split(',').map((s) => s.trim());
  if (items.every((item) => item !== '' && isAddressOrRange(item))) return items;
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
});
