import type { Request } from 'express';
import { NotFoundError } from '../lib/errors.js';
import { objectId } from '../lib/object-id.js';
import { isStaff } from '../modules/access/access.policy.js';

/** The `:id` of a page's URL; anything that cannot be an id is a 404 naming `what`. */
export function idParam(req: Request, what: string): string {
  const parsed = objectId.safeParse(req.params.id);
  if (!parsed.success) throw new NotFoundError(what);
  return parsed.data;
}

/** Staff pages answer 404 to members, as the API does, so nothing about them leaks. */
export function requireStaff(req: Request): void {
  if (!req.user || !isStaff(req.user)) throw new NotFoundError();
}
