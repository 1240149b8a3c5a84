import { OAUTH_CODE_S } from '../simulator.constants.js';
import { type Platform, SimCode } from './sim.models.js';
import { opaque } from './sim.store.js';

export async function createCode(
  platform: Platform,
  clientId: string,
  redirectUri: string,
  scopes: string[],
  now: Date,
): Promise<string> {
  const code = opaque(32);
  await SimCode.create({
    code,
    platform,
    clientId,
    redirectUri,
    scopes,
    expiresAt: new Date(now.getTime() + OAUTH_CODE_S * 1000),
  });
  return code;
}

/** Takes a code once: a second exchange of the same code finds nothing. */
export async function consumeCode(platform: Platform, code: string, now: Date) {
  const doc = await SimCode.findOne({ platform, code }).lean();
  if (!doc) return null;
  const { deletedCount } = await SimCode.deleteOne({ _id: doc._id });
  if (deletedCount !== 1 || doc.expiresAt <= now) return null;
  return doc;
}
