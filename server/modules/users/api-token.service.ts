import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError } from '../../lib/errors.js';
import { type PublicUser, toPublicUser } from './user.mapper.js';
import { ApiTokenModel, type UserDoc, UserModel } from './user.model.js';

/** An API token as listed: never the token or its hash. */
export interface ApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  lastUsedAt: Date | null;
  createdAt: Date;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a personal API token. The clear token is returned once and stored only as a hash. */
export async function createApiToken(
  userId: string,
  name: string,
): Promise<{ id: string; name: string; token: string }> {
  const token = `vit_${randomBytes(24).toString('base64url')}`;
  const doc = await ApiTokenModel.create({
    userId,
    name,
    tokenHash: hashToken(token),
    prefix: token.slice(0, 8),
  });
  return { id: String(doc._id), name, token };
}

export async function listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
  const docs = await ApiTokenModel.find({ userId }).sort({ createdAt: -1 }).lean();
  return docs.map((d) => ({
    id: String(d._id),
    name: d.name,
    prefix: d.prefix,
    lastUsedAt: d.lastUsedAt ?? null,
    createdAt: d.createdAt,
  }));
}

/** Revokes one of the user's tokens; 404 when that user has no such token. */
export async function revokeApiToken(userId: string, tokenId: string): Promise<void> {
  const result = await ApiTokenModel.deleteOne({ _id: tokenId, userId });
  if (result.deletedCount === 0) throw new NotFoundError('API token');
}

/** Revokes every token of the user (password changed, account deactivated or deleted). */
export async function revokeAllApiTokens(userId: string): Promise<number> {
  return (await ApiTokenModel.deleteMany({ userId })).deletedCount;
}

export async function userForApiToken(token: string): Promise<PublicUser | undefined> {
  const found = await ApiTokenModel.findOneAndUpdate(
    { tokenHash: hashToken(token) },
    { lastUsedAt: new Date() },
  ).lean();
  if (!found) return undefined;
  const user = await UserModel.findById(found.userId).lean<UserDoc>();
  return user && user.active !== false ? toPublicUser(user) : undefined;
}
