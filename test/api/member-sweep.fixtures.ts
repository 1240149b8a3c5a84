import { connectSandbox } from '../../server/modules/channels/channel.service.js';
import { createAd, createCampaign, createEnterprise, form, png } from '../fixtures/domain.js';
import type { HttpClient } from '../setup/http.js';

/** Text that belongs to enterprise B only: no answer to A's member may contain it. */
export const secretsOfB = /Coop B secrète|Campagne de B|Secret de B|Page de B/;

export interface TwoEnterprises {
  own: string;
  b: { enterprise: string; logo: string; campaign: string; ad: string; channel: string; publication: string };
}

/** Enterprise A (the member's) and B with a logo, a campaign, an ad and a channel, made by an admin. */
export async function twoEnterprises(admin: HttpClient): Promise<TwoEnterprises> {
  const own = (await createEnterprise(admin, { name: 'Coop A du balayage' })).id;
  const enterprise = (await createEnterprise(admin, { name: 'Coop B secrète' })).id;
  const logo = (
    await admin.request('PUT', `/api/v1/enterprises/${enterprise}/logo`, {
      raw: form('logo', await png(8, 8, '#336699'), 'logo.png', 'image/png'),
    })
  ).body.logoFileId;
  const campaign = (await createCampaign(admin, { name: 'Campagne de B', enterpriseIds: [enterprise] })).id;
  const ad = (
    await createAd(admin, campaign, [enterprise], {
      templateId: 'chiffre-impact',
      caption: { default: 'Secret de B' },
    })
  ).id;
  const owner = { kind: 'enterprise' as const, enterpriseId: enterprise };
  const channel = (await connectSandbox({ platform: 'facebook', name: 'Page de B', owner })).id;
  const scheduled = await admin.post('/api/v1/publications', {
    adId: ad,
    channelIds: [channel],
    at: new Date(Date.now() + 86_400_000).toISOString(),
    confirmOutsideCampaign: true,
  });
  const publication = scheduled.body?.data?.[0]?.id as string;
  for (const [what, id] of Object.entries({ own, enterprise, logo, campaign, ad, channel, publication })) {
    if (!id) throw new Error(`fixture ${what} was not created`);
  }
  return { own, b: { enterprise, logo, campaign, ad, channel, publication } };
}
