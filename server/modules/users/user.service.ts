import type { Types } from 'mongoose';
import { ConflictError, isDuplicateKeyError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { findPage, type Page } from '../../lib/pagination.js';
import { revokeAllApiTokens } from './api-token.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { type PublicUser, toPublicUser } from './user.mapper.js';
import { type Role, type UserDoc, UserModel } from './user.model.js';
import type { CreateUserInput, UpdateUserInput } from './user.schemas.js';

export type { ApiTokenSummary } from './api-token.service.js';
export {
  createApiToken,
  listApiTokens,
  revokeAllApiTokens,
  revokeApiToken,
  userForApiToken,
} from './api-token.service.js';
export type { PublicUser } from './user.mapper.js';
export { toPublicUser } from './user.mapper.js';

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

/** Active users of these roles, or of one enterprise: who receives a notification. */
export async function activeUsers(filter: { roles?: Role[]; enterpriseId?: string }): Promise<PublicUser[]> {
  const query: Record<string, unknown> = { active: { $ne: false } };
  if (filter.roles) query.role = { $in: filter.roles };
  if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
  const docs = await UserModel.find(query).limit(500).lean<UserDoc[]>();
  return docs.map(toPublicUser);
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
  // A new password or a deactivation must lock out whoever held the old credentials.
  const endsCredentials = Boolean(password) || rest.active === false;
  if (endsCredentials) update.$inc = { authVersion: 1 };
  const doc = await UserModel.findByIdAndUpdate(id, update, {
    returnDocument: 'after',
    runValidators: true,
  }).lean<UserDoc>();
  if (!doc) throw new NotFoundError('User');
  if (endsCredentials) await revokeAllApiTokens(id);
  return toPublicUser(doc);
}

export async function deleteUser(id: string): Promise<void> {
  const result = await UserModel.deleteOne({ _id: id });
  if (result.deletedCount === 0) throw new NotFoundError('User');
  await revokeAllApiTokens(id);
}

/** A user who proved their password, with the credentials version their session must carry. */
export interface SignedIn {
  user: PublicUser;
  /** The account's authVersion at sign-in; a later password change or deactivation bumps it. */
  authVersion: number;
}

/** Checks an email and password; returns the user, or undefined for any mismatch (no hint which). */
export async function authenticate(email: string, password: string): Promise<SignedIn | undefined> {
  const doc = await UserModel.findOne({ email: email.toLowerCase().trim() }).lean<UserDoc>();
  if (!doc || doc.active === false) {
    await hashPassword(password); // same cost whether or not the account exists
    return undefined;
  }
  if (!(await verifyPassword(password, doc.passwordHash))) return undefined;
  return { user: toPublicUser(doc), authVersion: doc.authVersion ?? 0 };
}

/**
 * The user a session belongs to, or undefined when the session no longer counts: the account
 * is gone or inactive, or its credentials changed since the session signed in.
 */
export async function sessionUser(userId: string, authVersion: number): Promise<PublicUser | undefined> {
  const doc = await UserModel.findById(userId).lean<UserDoc>();
  if (!doc || doc.active === false || (doc.authVersion ?? 0) !== authVersion) return undefined;
  return toPublicUser(doc);
}
