import type { Locale, Role, UserDoc } from './user.model.js';

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
