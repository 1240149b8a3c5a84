import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captionRules } from '../../server/modules/channels/adapters/caption-rules.js';
import { createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
let admin: TestUser;
let enterpriseId: string;
let campaignId: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin', { email: 'captions@example.test', locale: 'fr' });
  enterpriseId = (await createEnterprise(admin.api)).id;
  campaignId = (await createCampaign(admin.api, { enterpriseIds: [enterpriseId] })).id;
});
afterAll(async () => {
  await app?.close();
});

/** 3,000 code points, 3,020 as LinkedIn counts (each 🎉 is two UTF-16 units). */
const festive = `${'a'.repeat(2980)}${'🎉'.repeat(20)}`;
const newAd = (caption: Record<string, string>) =>
  admin.api.post('/api/v1/ads', { campaignId, enterpriseIds: [enterpriseId], caption });

describe('one caption rule per platform', () => {
  it('refuses a LinkedIn caption over 3,000 as LinkedIn counts, with a 400 naming the field and the limit, never the caption', async () => {
    const res = await newAd({ default: 'Bonjour', linkedin: festive });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      {
        field: 'caption.linkedin',
        message: expect.stringMatching(/3020 .*LinkedIn.*at most 3000 \(remove 20\)/),
      },
    ]);
    expect(res.text).not.toContain('a'.repeat(50));
  });

  it('checks the default caption against each platform that uses it, and accepts exactly the limit', async () => {
    const res = await newAd({ default: festive });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['caption.default']);
    expect(
      (await newAd({ default: 'Bonjour', linkedin: `${'a'.repeat(2960)}${'🎉'.repeat(20)}` })).status,
    ).toBe(201);
    // A LinkedIn variant takes LinkedIn's place: the default then only goes to Facebook.
    expect((await newAd({ default: festive, linkedin: 'Court' })).status).toBe(201);
  });

  it("allows Facebook's own limit (63,206), not a smaller invented one", async () => {
    expect(captionRules.facebook.maxChars).toBe(63_206);
    const res = await newAd({ default: 'Bonjour', facebook: 'é'.repeat(6000) });
    expect(res.status).toBe(201);
    const over = await newAd({ default: 'Bonjour', facebook: 'é'.repeat(63_207) });
    expect(over.status).toBe(400);
    expect(over.body.error.details[0]).toMatchObject({ field: 'caption.facebook' });
  });

  it('says it in French beside the LinkedIn caption of the editor, with the field’s label in the summary', async () => {
    const { client, csrf } = await signInToDashboard(app, 'captions@example.test');
    const res = await client.request(
      'POST',
      '/ads/new',
      form({
        _csrf: csrf,
        campaignId,
        enterpriseIds: enterpriseId,
        caption: 'Bonjour',
        captionLinkedin: festive,
      }),
    );
    expect(res.status).toBe(400);
    const error = /<p class="field-error" id="f-captionLinkedin-error">([^<]*)<\/p>/.exec(res.text)?.[1];
    // Numbers written as the live counter writes them (3 020, with a no-break space).
    expect(error).toContain('compte 3\u00a0020 caractères tels que LinkedIn les compte');
    expect(error).toContain('LinkedIn en accepte au plus 3\u00a0000 : retirez-en 20');
    expect(res.text).toMatch(
      /<a href="#f-captionLinkedin">Texte pour LinkedIn \(facultatif\)<\/a> : compte 3\u00a0020/,
    );
    expect(res.text).not.toMatch(/caption\.linkedin|characters as/);
  });

  it('the editor counts each platform live, the same way', async () => {
    const { client, csrf } = await signInToDashboard(app, 'captions@example.test');
    const res = await client.request('POST', '/ads/caption-count', {
      raw: new URLSearchParams({ campaignId, caption: 'Bonjour', captionLinkedin: festive }).toString(),
      headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
    });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/char-count-over" data-platform="linkedin">\s*3\s020 \/ 3\s000/);
    expect(res.text).toMatch(/class="char-count" data-platform="facebook">\s*7 \//);
  });
});

describe('the ad model, behind validation', () => {
  it('applies the same rule and never echoes the caption in its message', async () => {
    const { AdModel } = await import('../../server/modules/ads/ad.model.js');
    const doc = new AdModel({
      campaignId,
      enterpriseIds: [enterpriseId],
      caption: { default: 'x', linkedin: festive },
    });
    const err = doc.validateSync();
    expect(err?.errors['caption.linkedin']?.message).toBe(
      'must be at most 3000 characters as LinkedIn counts them',
    );
    expect(String(err)).not.toContain('a'.repeat(50));
    const fits = new AdModel({
      campaignId,
      enterpriseIds: [enterpriseId],
      caption: { default: 'x', facebook: festive },
    });
    expect(fits.validateSync()).toBeUndefined();
  });
});
