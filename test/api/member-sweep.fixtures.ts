import sharp from 'sharp';
import { connectSandbox } from '../../server/modules/channels/channel.service.js';
import type { HttpClient } from '../setup/http.js';

/** A real 8×8 PNG, made with sharp so its bytes are valid. */
export function tinyPng(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
}

/** Text that belongs to enterprise B only: no answer to A's member may contain it. */
export const secretsOfB = /Coop B secrète|Campagne de B|Secret de B|Page de B/;

export interface TwoEnterprises {
  own: string;
  b: { enterprise: string; logo: string; campaign: string; ad: string; channel: string };
}

/** Enterprise A (the member's) and B with a logo, a campaign, an ad and a channel, made by an admin. */
export async function twoEnterprises(admin: HttpClient): Promise<TwoEnterprises> {
  const create = async (name: string) =>
    (
      await admin.post('/api/v1/enterprises', {
        name,
        legalForm: 'worker_coop',
        territory: 'Sherbrooke',
        sector: 'food',
      })
    ).body.id as string;
  const own = await create('Coop A du balayage');
  const enterprise = await create('Coop B secrète');
  const form = new FormData();
  form.append('logo', new Blob([new Uint8Array(await tinyPng())], { type: 'image/png' }), 'logo.png');
  const logo = (await admin.request('PUT', `/api/v1/enterprises/${enterprise}/logo`, { raw: form })).body
    .logoFileId;
  const period = { start: '2026-12-01', end: '2026-12-31' };
  const campaign = (
    await admin.post('/api/v1/campaigns', {
      name: 'Campagne de B',
      theme: 'B',
      period,
      enterpriseIds: [enterprise],
    })
  ).body.id;
  const ad = (
    await admin.post('/api/v1/ads', {
      campaignId: campaign,
      enterpriseIds: [enterprise],
      templateId: 'chiffre-impact',
      caption: { default: 'Secret de B' },
    })
  ).body.id;
  const owner = { kind: 'enterprise' as const, enterpriseId: enterprise };
  const channel = (await connectSandbox({ platform: 'facebook', name: 'Page de B', owner })).id;
  for (const [what, id] of Object.entries({ own, enterprise, logo, campaign, ad, channel })) {
    if (!id) throw new Error(`fixture ${what} was not created`);
  }
  return { own, b: { enterprise, logo, campaign, ad, channel } };
}
