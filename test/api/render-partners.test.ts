import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRgba } from '../../server/lib/sharp.js';
import { designFrom } from '../../server/modules/rendering/design-inputs.js';
import { loadTemplate } from '../../server/modules/rendering/template.loader.js';
import { planIsCurrent, planRenders } from '../../server/use-cases/render-ad.js';
import { startRenderWorker } from '../../workers/render.worker.js';
import { createAd, createCampaign, createEnterprise, form, png } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { until } from '../setup/poll.js';

let app: TestApp;
let admin: TestUser;
let lead: string;
let partner: string;
let campaignId: string;
beforeAll(async () => {
  app = await startTestApp({ beforeApp: () => void startRenderWorker() });
  admin = await app.createUser('admin');
  lead = (await createEnterprise(admin.api, { brandColor: '#2A6F97' })).id;
  partner = (await createEnterprise(admin.api, { name: 'Ferme du Coteau' })).id;
  campaignId = (await createCampaign(admin.api, { enterpriseIds: [lead, partner] })).id;
  await setLogo(lead, '#F2A541');
  await setLogo(partner, '#D1495B');
});
afterAll(async () => {
  await app?.close();
});

// chiffre-impact's logo slot in the landscape formats.
const SLOT = { left: 872, top: 92, width: 232, height: 168 };

async function setLogo(enterpriseId: string, colour: string): Promise<void> {
  const res = await admin.api.request('PUT', `/api/v1/enterprises/${enterpriseId}/logo`, {
    raw: form('logo', await png(120, 120, colour), 'logo.png', 'image/png'),
  });
  if (res.status !== 200) throw new Error(`logo not set: ${res.status} ${res.text}`);
}

type AdRead = { body: { renders?: { format: string; hash: string; url: string }[] } };
const read = (id: string): Promise<AdRead> => admin.api.get(`/api/v1/ads/${id}`);
const hashes = (r: AdRead) => (r.body.renders ?? []).map((x) => x.hash).join();

/** Pixels of the facebook render's logo slot, left half and right half, near a colour. */
async function slotPixelsNear(ad: AdRead, hex: string): Promise<[number, number]> {
  const render = ad.body.renders!.find((r) => r.format === 'facebook')!;
  const image = await decodeRgba((await admin.api.get(render.url)).bytes);
  const colour = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const counts: [number, number] = [0, 0];
  for (let y = SLOT.top; y < SLOT.top + SLOT.height; y += 1)
    for (let x = SLOT.left; x < SLOT.left + SLOT.width; x += 1) {
      const i = (y * image.width + x) * 4;
      if (colour.every((v, c) => Math.abs(image.data[i + c]! - v) < 24))
        counts[x < SLOT.left + SLOT.width / 2 ? 0 : 1] += 1;
    }
  return counts;
}

describe('an ad featuring two enterprises', () => {
  it('renders through the queue with both logos, and re-renders when the second enterprise’s logo changes', async () => {
    const ad = await createAd(admin.api, campaignId, [lead, partner], {
      templateId: 'chiffre-impact',
      fields: { figure: '14', impact: 'paniers partagés' },
    });
    expect((await admin.api.post(`/api/v1/ads/${ad.id}/render`)).status).toBe(202);
    const first = await until(
      () => read(ad.id),
      (r) => r.body.renders?.length === 3,
    );
    expect(first.body.renders).toHaveLength(3);
    const [leadLeft, leadRight] = await slotPixelsNear(first, '#F2A541');
    const [partnerLeft, partnerRight] = await slotPixelsNear(first, '#D1495B');
    expect([leadLeft > 2000, leadRight]).toEqual([true, 0]);
    expect([partnerLeft, partnerRight > 2000]).toEqual([0, true]);

    await setLogo(partner, '#1D4ED8');
    const after = await until(
      () => read(ad.id),
      (r) => r.body.renders?.length === 3 && hashes(r) !== hashes(first),
    );
    expect(hashes(after)).not.toBe(hashes(first));
    const [, blueRight] = await slotPixelsNear(after, '#1D4ED8');
    const [, redRight] = await slotPixelsNear(after, '#D1495B');
    expect([blueRight > 2000, redRight]).toEqual([true, 0]);
  });

  it('knows a planned render is stale once the second enterprise is renamed', async () => {
    const ad = await createAd(admin.api, campaignId, [lead, partner], {
      templateId: 'chiffre-impact',
      fields: { figure: '15', impact: 'paniers partagés' },
    });
    const solo = await planRenders(
      (
        await createAd(admin.api, campaignId, [lead], {
          templateId: 'chiffre-impact',
          fields: { figure: '15', impact: 'paniers partagés' },
        })
      ).id,
    );
    const plan = await planRenders(ad.id);
    expect(plan.items.map((i) => i.hash)).not.toEqual(solo.items.map((i) => i.hash));
    expect(await planIsCurrent(plan)).toBe(true);
    const renamed = await admin.api.patch(`/api/v1/enterprises/${partner}`, { name: 'Ferme du Coteau Bio' });
    expect(renamed.status).toBe(200);
    expect(await planIsCurrent(plan)).toBe(false);
    expect(await planIsCurrent(solo)).toBe(true);
  });
});

describe('members', () => {
  it('cannot bring another enterprise into a design beside their own', async () => {
    const member = await app.createUser('member', { enterpriseId: lead });
    const { manifest } = await loadTemplate('chiffre-impact');
    const input = { formatId: 'facebook', fields: { figure: '1', impact: 'x' } };
    const own = await designFrom(member.user, manifest, { ...input, enterpriseIds: [lead] });
    expect(own.enterprise.name).toBeTypeOf('string');
    await expect(
      designFrom(member.user, manifest, { ...input, enterpriseIds: [lead, partner] }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('previews an ad of several enterprises as it will render; a member may not add another enterprise', async () => {
    const body = {
      templateId: 'chiffre-impact',
      format: 'facebook',
      fields: { figure: '12', impact: 'partenaires' },
    };
    const one = await admin.api.post('/api/v1/previews', { ...body, enterpriseIds: [lead] });
    const both = await admin.api.post('/api/v1/previews', { ...body, enterpriseIds: [lead, partner] });
    expect([one.status, both.status]).toEqual([200, 200]);
    expect(both.headers.get('etag')).not.toBe(one.headers.get('etag'));
    const member = await app.createUser('member', { enterpriseId: lead });
    const own = await member.api.post('/api/v1/previews', { ...body, enterpriseIds: [lead] });
    expect(own.status).toBe(200);
    const refused = await member.api.post('/api/v1/previews', { ...body, enterpriseIds: [lead, partner] });
    expect(refused.status).toBe(404);
    const bad = await admin.api.post('/api/v1/previews', { ...body, enterpriseIds: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('enterpriseIds.0');
  });
});
