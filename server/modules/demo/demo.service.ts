import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { ConflictError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { slugify } from '../../lib/slug.js';
import { createAd, listAds } from '../ads/ad.service.js';
import { countCampaigns, createCampaign, findCampaignBySlug } from '../campaigns/campaign.service.js';
import {
  countEnterprises,
  createEnterprise,
  type Enterprise,
  findEnterpriseBySlug,
  setEnterpriseImage,
} from '../enterprises/enterprise.service.js';
import { rasterizeSvg } from '../media/image-probe.js';
import type { Role } from '../users/user.model.js';
import { createUser, systemUser } from '../users/user.service.js';
import { type DemoCampaign, demoCampaigns, demoEnterprises } from './demo.data.js';
import { logoSvg, photoSvg } from './demo-artwork.js';

/** Demo accounts created by this run, with their one-time passwords (existing accounts are not listed). */
export interface DemoCredentials {
  users: { role: Role; email: string; name: string; password: string }[];
}

async function seedEnterprises(): Promise<Enterprise[]> {
  const result: Enterprise[] = [];
  for (const [i, data] of demoEnterprises.entries()) {
    let enterprise = await findEnterpriseBySlug(systemUser, slugify(data.name));
    enterprise ??= await createEnterprise(systemUser, { ...data, slug: slugify(data.name) });
    if (!enterprise.logoFileId) {
      const buffer = await rasterizeSvg(logoSvg(data.name, data.brandColor));
      enterprise = await setEnterpriseImage(systemUser, enterprise.id, 'logo', {
        buffer,
        originalname: `${enterprise.slug}-logo.png`,
      });
    }
    if (!enterprise.photoFileId) {
      const buffer = await rasterizeSvg(photoSvg(data.brandColor, i));
      enterprise = await setEnterpriseImage(systemUser, enterprise.id, 'photo', {
        buffer,
        originalname: `${enterprise.slug}-photo.png`,
      });
    }
    result.push(enterprise);
  }
  return result;
}

function periodOf(campaign: DemoCampaign): { start: string; end: string } {
  const today = DateTime.now().setZone(config().HUB_TIMEZONE).startOf('day');
  if ('offsets' in campaign.when) {
    const [from, to] = campaign.when.offsets;
    return { start: today.plus({ days: from }).toISODate()!, end: today.plus({ days: to }).toISODate()! };
  }
  let month = today.set({ month: campaign.when.month, day: 1 });
  if (month.endOf('month') < today) month = month.plus({ years: 1 });
  return { start: month.toISODate()!, end: month.endOf('month').startOf('day').toISODate()! };
}

async function seedCampaigns(enterprises: Enterprise[]): Promise<void> {
  for (const data of demoCampaigns) {
    const slug = slugify(data.name);
    const featured = data.enterprises.map((i) => enterprises[i]!);
    const campaign =
      (await findCampaignBySlug(systemUser, slug)) ??
      (await createCampaign(systemUser, {
        name: data.name,
        slug,
        theme: data.theme,
        period: periodOf(data),
        status: data.status,
        defaultTemplateId: 'chiffre-impact',
        enterpriseIds: featured.map((e) => e.id),
        hashtags: data.hashtags,
        requiresApproval: data.requiresApproval ?? false,
        utm: { source: 'vitrine', medium: 'social', campaign: slug },
      }));
    if ((await listAds(systemUser, { campaignId: campaign.id, limit: 1 })).total > 0) continue;
    for (const enterprise of featured.slice(0, data.ads)) {
      const impact = enterprise.impacts[0];
      await createAd(systemUser, {
        campaignId: campaign.id,
        enterpriseIds: [enterprise.id],
        templateId: 'chiffre-impact',
        fields: {
          headline: data.name.slice(0, 50),
          figure: (impact?.value ?? '').slice(0, 14),
          impact: impact?.label ?? '',
        },
        caption: {
          default: `${enterprise.name} : ${impact?.value ?? ''} ${impact?.label ?? ''}. ${data.hashtags.map((h) => `#${h}`).join(' ')}`,
        },
        link: enterprise.website ?? undefined,
        status: data.adStatus,
      });
    }
  }
}

async function seedUsers(member: Enterprise): Promise<DemoCredentials['users']> {
  const people: { role: Role; email: string; name: string; enterpriseId?: string }[] = [
    { role: 'admin', email: 'admin@vitrine.example', name: 'Geneviève Tremblay' },
    { role: 'strategist', email: 'strategie@vitrine.example', name: 'Mathieu Roy' },
    { role: 'member', email: 'membre@vitrine.example', name: 'Sophie Gagnon', enterpriseId: member.id },
  ];
  const created: DemoCredentials['users'] = [];
  for (const person of people) {
    const password = randomBytes(12).toString('base64url');
    try {
      await createUser({ ...person, password, locale: 'fr' });
      created.push({ role: person.role, email: person.email, name: person.name, password });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return created;
}

/**
 * Creates the demo hub: 16 fictional members with logos and photos, 3 campaigns with draft ads,
 * and one user per role. Idempotent: what exists (by slug or email) is kept, nothing is duplicated.
 */
export async function seedDemo(): Promise<DemoCredentials> {
  const enterprises = await seedEnterprises();
  await seedCampaigns(enterprises);
  const users = await seedUsers(enterprises[0]!);
  logger.info(
    { enterprises: enterprises.length, campaigns: demoCampaigns.length, users: users.length },
    'demo data ready',
  );
  return { users };
}

/** Seeds the demo on a first start (DEMO_DATA on, no enterprise and no campaign yet); otherwise does nothing. */
export async function seedDemoIfEmpty(): Promise<DemoCredentials | undefined> {
  if (!config().DEMO_DATA) return undefined;
  if ((await countEnterprises()) > 0 || (await countCampaigns()) > 0) return undefined;
  return seedDemo();
}
