import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';
import { locales, roles } from './user.model.js';

const password = z.string().min(12, 'must be at least 12 characters').max(200);

export const createUserSchema = z
  .strictObject({
    email: z.email('must be an email address').max(254),
    name: z.string().trim().min(1, 'is required').max(120),
    password,
    role: z.enum(roles),
    enterpriseId: objectId.optional(),
    locale: z.enum(locales).default('fr'),
  })
  .refine((u) => u.role !== 'member' || u.enterpriseId, {
    path: ['enterpriseId'],
    message: 'is required for a member',
  });

export const updateUserSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(120).optional(),
  password: password.optional(),
  role: z.enum(roles).optional(),
  enterpriseId: objectId.nullable().optional(),
  locale: z.enum(locales).optional(),
  active: z.boolean().optional(),
});

export const listUsersSchema = z.strictObject({
  role: z.enum(roles).optional(),
  enterpriseId: objectId.optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export type CreateUserInput = z.input<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
