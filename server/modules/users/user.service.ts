import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { ConflictError, isDuplicateKeyError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { findPage, type Page } from '../../lib/pagination.js';
import { hashPassword, verifyPassword } from './password.js';
import { ApiTokenModel, type Locale, type Role, type UserDoc, UserModel } from './user.model.js';
import type { CreateUserInput, UpdateUserInput } from './user.schemas.js';

/** A user as it leaves this module: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  enterpriseId: string | null;
  locale: Locale;
  active: boolean;
  createdAt: Date;
}

/** Acts for the hub itself (seeding, workers): staff rights, not a stored user. */
export const systemUser: PublicUser = Object.freeze({
  id: '000000000000000000000000',
  email: 'system@vitrine.invalid',
  name: 'Vitrine',
  role: 'admin',
  enterpriseId: null,
  locale: 'fr',
  active: true,
  createdAt: new Date(0),
});

export function toPublicUser(doc: UserDoc): PublicUser {
  return {
    id: String(doc._id),
    email: doc.email,
    name: doc.name,
    role: doc.role as Role,
    enterpriseId: doc.enterpriseId ? String(doc.enterpriseId) : null,
    locale: (doc.locale ?? 'fr') as Locale,
    active: doc.active ?? true,
    createdAt: (doc as { createdAt?: Date }).createdAt ?? new Date(0),
  };
}

const emailTaken = () =>
  new ConflictError('A user with this email already exists.', [
    { field: 'email', message: 'is already used' },
  ]);

export async function createUser(input: CreateUserInput): Promise<PublicUser> {
  const { password, ...rest } = input;
  if (await UserModel.exists({ email: rest.email.toLowerCase() })) throw emailTaken();
  try {
    const doc = await UserModel.create({ ...rest, passwordHash: await hashPassword(password) });
    return toPublicUser(doc.toObject() as UserDoc);
  } catch (err) {
    if (isDuplicateKeyError(err)) throw emailTaken();
    throw err;
  }
}

export async function getUser(id: string | Types.ObjectId): Promise<PublicUser> {
  const doc = await UserModel.findById(id).lean<UserDoc>();
  if (!doc) throw new NotFoundError('User');
  return toPublicUser(doc);
}

export async function listUsers(filter: {
  role?: Role;
  enterpriseId?: string;
  page: number;
  limit: number;
}): Promise<Page<PublicUser>> {
  const query: Record<string, unknown> = {};
  if (filter.role) query.role = filter.role;
  if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
  return findPage(UserModel, query, { email: 1 }, filter, toPublicUser);
}

export async function updateUser(id: string, input: UpdateUserInput): Promise<PublicUser> {
  const current = await UserModel.findById(id).lean<UserDoc>();
  if (!current) throw new NotFoundError('User');
  const { password, ...rest } = input;
  const role = rest.role ?? current.role;
  const enterpriseId = rest.enterpriseId === undefined ? current.enterpriseId : rest.enterpriseId;
  if (role === 'member' && !enterpriseId) {
    throw new ValidationError('A member must belong to an enterprise.', [
      { field: 'enterpriseId', message: 'is required for a member' },
    ]);
  }
  const update: Record<string, unknown> = { ...rest };
  if (password) update.passwordHash = await hashPassword(password);
  const doc = await UserModel.findByIdAndUpdate(id, update, {
    new: true,
    runValidators: true,
  }).lean<UserDoc>();
  if (!doc) throw new NotFoundError('User');
  return toPublicUser(doc);
}

export async function deleteUser(id: string): Promise<void> {
  const result = await UserModel.deleteOne({ _id: id });
  if (result.deletedCount === 0) throw new NotFoundError('User');
  await ApiTokenModel.deleteMany({ userId: id });
}

/** Checks an email and password; returns the user, or undefined for any mismatch (no hint which). */
export async function authenticate(email: string, password: string): Promise<PublicUser | undefined> {
  const doc = await UserModel.findOne({ email: email.toLowerCase().trim() }).lean<UserDoc>();
  if (!doc || doc.active === false) {
    await hashPassword(password); // same cost whether or not the account exists
    return undefined;
  }
  return (await verifyPassword(password, doc.passwordHash)) ? toPublicUser(doc) : undefined;
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

export async function listApiTokens(userId: string) {
  const docs = await ApiTokenModel.find({ userId }).sort({ createdAt: -1 }).lean();
  return docs.map((d) => ({
    id: String(d._id),
    name: d.name,
    prefix: d.prefix,
    lastUsedAt: d.lastUsedAt ?? null,
    createdAt: d.createdAt,
  }));
}

export async function revokeApiToken(userId: string, tokenId: string): Promise<void> {
  const result = await ApiTokenModel.deleteOne({ _id: tokenId, userId });
  if (result.deletedCount === 0) throw new NotFoundError('API token');
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
