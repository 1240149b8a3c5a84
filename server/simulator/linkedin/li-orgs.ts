import type { Request, Response } from 'express';
import { SANDBOX_LINKEDIN_PERSON_URN } from '../simulator.constants.js';
import { findAccount, listAccounts } from '../store/accounts.js';
import type { SimAccountDoc } from '../store/sim.models.js';
import { getFaults } from '../store/sim.store.js';
import { guardOrg, orgUrn, rest } from './li-context.js';
import { liErrors } from './li-errors.js';

/** GET /rest/organizationAcls?q=roleAssignee: the organizations the member administers. */
export async function organizationAcls(req: Request, res: Response): Promise<void> {
  const q = req.query as Record<string, string | undefined>;
  if (q.q !== 'roleAssignee') throw liErrors.badQuery(`Unsupported finder: ${q.q ?? '(none)'}`);
  await guardOrg(res, null, 'read', 'organizationAcls');
  const { token } = rest(res);
  const role = q.role ?? 'ADMINISTRATOR';
  const state = q.state ?? 'APPROVED';
  const orgs = (await listAccounts('linkedin')).filter(
    (o) => !token.accountId || o.externalId === token.accountId,
  );
  const decorate = String(q.projection ?? '').includes('organization~');
  const elements = [];
  if (role === 'ADMINISTRATOR' && state === 'APPROVED') {
    for (const org of orgs) {
      if ((await getFaults('linkedin', org.externalId)).permissionLost) continue;
      const stamp = { actor: SANDBOX_LINKEDIN_PERSON_URN, time: org.createdAt.getTime() };
      elements.push({
        roleAssignee: SANDBOX_LINKEDIN_PERSON_URN,
        state,
        role,
        organization: orgUrn(org.externalId),
        ...(decorate ? { 'organization~': orgView(org) } : {}),
        lastModified: stamp,
        created: stamp,
      });
    }
  }
  res.json({ paging: { count: 10, start: 0, links: [], total: elements.length }, elements });
}

function orgView(org: SimAccountDoc) {
  return {
    id: Number(org.externalId),
    localizedName: org.name,
    vanityName: org.vanityName,
    name: { localized: { fr_CA: org.name }, preferredLocale: { country: 'CA', language: 'fr' } },
    primaryOrganizationType: 'NONE',
    $URN: orgUrn(org.externalId),
  };
}

/** GET /rest/organizations/{id}. */
export async function organization(req: Request, res: Response): Promise<void> {
  const id = String(req.params.id);
  const org = /^\d+$/.test(id) ? await findAccount('linkedin', id) : null;
  if (!org) throw liErrors.notFound(`Organization ${id} not found`);
  res.json(orgView(org));
}

/** GET /rest/organizations?ids=List(1,2): batch get, keyed by id. */
export async function organizations(req: Request, res: Response): Promise<void> {
  const ids = /^List\(([\d,]*)\)$/.exec(String(req.query.ids ?? ''))?.[1];
  if (ids === undefined) throw liErrors.badQuery();
  const results: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  for (const id of ids.split(',').filter(Boolean)) {
    const org = await findAccount('linkedin', id);
    if (org) results[id] = orgView(org);
    else errors[id] = { status: 404, message: `Organization ${id} not found` };
  }
  res.json({ results, statuses: Object.fromEntries(Object.keys(results).map((id) => [id, 200])), errors });
}
