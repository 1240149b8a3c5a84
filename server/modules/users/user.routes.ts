import { Router } from 'express';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { requireRole } from '../auth/auth.middleware.js';
import { createUserSchema, listUsersSchema, updateUserSchema } from './user.schemas.js';
import {
  createUser,
  deleteUser,
  getUser,
  listApiTokens,
  listUsers,
  revokeApiToken,
  updateUser,
} from './user.service.js';

/** /api/v1/users: admin only. */
export const userRouter = Router();
userRouter.use(requireRole('admin'));

userRouter.get('/', async (req, res) => {
  res.json(await listUsers(parseInput(listUsersSchema, req.query, 'Query')));
});

userRouter.post('/', async (req, res) => {
  res.status(201).json(await createUser(parseInput(createUserSchema, req.body, 'User')));
});

userRouter.get('/:id', async (req, res) => {
  res.json(await getUser(parseInput(objectId, req.params.id, 'User id')));
});

userRouter.patch('/:id', async (req, res) => {
  const id = parseInput(objectId, req.params.id, 'User id');
  res.json(await updateUser(id, parseInput(updateUserSchema, req.body, 'User')));
});

userRouter.delete('/:id', async (req, res) => {
  await deleteUser(parseInput(objectId, req.params.id, 'User id'));
  res.status(204).end();
});

/** Any user's API tokens (never the tokens themselves), so an admin can see and revoke them. */
userRouter.get('/:id/tokens', async (req, res) => {
  const user = await getUser(parseInput(objectId, req.params.id, 'User id'));
  res.json({ data: await listApiTokens(user.id) });
});

userRouter.delete('/:id/tokens/:tokenId', async (req, res) => {
  const id = parseInput(objectId, req.params.id, 'User id');
  await revokeApiToken(id, parseInput(objectId, req.params.tokenId, 'Token id'));
  res.status(204).end();
});
