import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';
import type { HttpClient } from '../setup/http.js';

/** Scheduling from where people work: the planner page, an ad's schedule form, bulk actions, the home page. */
let app: TestApp;
let admin: TestUser;
let staff: { client: HttpClient; csrf: string };
let enterprise: string;
let fb: string;
const zone = 'America/Toronto';
const monday = DateTime.now().setZone(zone).startOf('week').plus({ weeks: 2 });

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin', { email: 'planner-admin@example.test' });
  enterprise = (await createEnterprise(admin.api, { name: 'Coop du tableau' })).id;
  fb = (await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Page du pôle' })).body
    .id;
  staff = await signInToDashboard(app, 'planner-admin@example.test');
});
afterAll(() => app?.close());

async function campaignWithAds(count: number, overrides: Record<string, unknown> = {}) {
  const period = { start: monday.toISODate(), end: monday.plus({ weeks: 4, days: -1 }).toISODate() };
  const campaign = (await createCampaign(admin.api, { period, enterpriseIds: [enterprise] })).id;
  const ads: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ads.push(
      (
        await createAd(admin.api, campaign, [enterprise], {
          templateId: 'vitrine-produit',
          status: 'ready',
          caption: { default: `Annonce ${i} 🎉` },
          ...overrides,
        })
      ).id,
    );
  }
  return { campaign, ads };
}

/** A urlencoded body with repeated fields (channelIds=a&channelIds=b), as a browser sends checkboxes. */
function post(path: string, fields: [string, string][]) {
  const body = new URLSearchParams([['_csrf', staff.csrf], ...fields]);
  return staff.client.request('POST', path, {
    raw: body.toString(),
    headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const publicationsOf = async (campaign: string) =>
  (await admin.api.get(`/api/v1/publications?campaignId=${campaign}&limit=500`)).body.data as unknown[];

describe('the planner page of a campaign', () => {
  it('previews the plan, then applies it in one step', async () => {
    const { campaign } = await campaignWithAds(3);
    const page = await staff.client.get(`/campaigns/${campaign}/plan`, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="weekdays"');
    const fields: [string, string][] = [
      ['channelIds', fb],
      ['weekdays', '2'],
      ['weekdays', '4'],
      ['times', '10:00'],
      ['minGapHours', '24'],
    ];
    const preview = await post(`/campaigns/${campaign}/plan/preview`, fields);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('id="plan-preview"');
    const planId = /name="planId" value="([^"]+)"/.exec(preview.text)?.[1];
    expect(planId).toBeTruthy();
    expect(await publicationsOf(campaign)).toHaveLength(0);
    const applied = await post(`/campaigns/${campaign}/plan`, [...fields, ['planId', planId!]]);
    expect(applied.status).toBe(303);
    expect(await publicationsOf(campaign)).toHaveLength(3);
  });

  it('says beside the field, in French, that the period holds too few slots, and writes nothing', async () => {
    const { campaign } = await campaignWithAds(3);
    const res = await post(`/campaigns/${campaign}/plan/preview`, [
      ['channelIds', fb],
      ['weekdays', '1'],
      ['times', '10:00'],
      ['from', monday.toISODate()!],
      ['to', monday.plus({ days: 6 }).toISODate()!],
    ]);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="f-times-error"[^>]*>[^<]*le plan demande 3 créneaux/);
    expect(await publicationsOf(campaign)).toHaveLength(0);
  });

  it('names a bad time and a missing weekday beside their fields', async () => {
    const { campaign } = await campaignWithAds(1);
    const res = await post(`/campaigns/${campaign}/plan/preview`, [
      ['channelIds', fb],
      ['times', '25h99'],
    ]);
    expect(res.status).toBe(400);
    expect(res.text).toContain('doit être une heure comme 09:30');
    expect(res.text).toContain('doit nommer au moins un jour');
  });
});

describe("an ad's schedule form", () => {
  it('shows each platform’s count, link included, and schedules at the hub-local time', async () => {
    const { campaign, ads } = await campaignWithAds(1, { link: 'https://example.org/coop' });
    const page = await staff.client.get(`/ads/${ads[0]}`, { headers: browser });
    // "Annonce 0 🎉" + "\n\n" + the link with its UTM: counted in UTF-16 units, as the platforms count.
    const counts = [...page.text.matchAll(/class="char-count"[^>]*>\s*([\d\s  ]+)\s\//g)].map((m) =>
      Number(m[1]!.replace(/\D/g, '')),
    );
    const slug = (await admin.api.get(`/api/v1/campaigns/${campaign}`)).body.slug;
    const link = `https://example.org/coop?utm_source=vitrine&utm_medium=social&utm_campaign=${slug}`;
    const expected = `Annonce 0 🎉\n\n${link}`.length;
    expect(counts).toEqual([expected, expected]);
    const at = `${monday.plus({ days: 2 }).toISODate()}T09:30`;
    const res = await post(`/ads/${ads[0]}/schedule`, [
      ['channelIds', fb],
      ['at', at],
    ]);
    expect(res.status).toBe(303);
    const list = await admin.api.get(`/api/v1/publications?adId=${ads[0]}`);
    expect(new Date(list.body.data[0].scheduledAt).toISOString()).toBe(
      DateTime.fromISO(at, { zone }).toUTC().toISO(),
    );
  });

  it('refuses a time in the past beside the field, in French', async () => {
    const { ads } = await campaignWithAds(1);
    const res = await post(`/ads/${ads[0]}/schedule`, [
      ['channelIds', fb],
      ['at', '2020-01-01T10:00'],
    ]);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="f-at-error"[^>]*>[^<]*est dans le passé/);
  });
});

describe("the editor's live counts", () => {
  it('count each platform as it counts: UTF-16 code units (an emoji is 2), the UTM’d link included, over the limit in red', async () => {
    const { campaign } = await campaignWithAds(0);
    const slug = (await admin.api.get(`/api/v1/campaigns/${campaign}`)).body.slug;
    const caption = `${'a'.repeat(2980)}${'🎉'.repeat(10)}`;
    const res = await staff.client.request('POST', '/ads/caption-count', {
      raw: new URLSearchParams({ campaignId: campaign, caption, link: 'https://example.org/x' }).toString(),
      headers: {
        ...browser,
        'content-type': 'application/x-www-form-urlencoded',
        'HX-Request': 'true',
        'X-CSRF-Token': staff.csrf,
      },
    });
    expect(res.status).toBe(200);
    const link = `https://example.org/x?utm_source=vitrine&utm_medium=social&utm_campaign=${slug}`;
    const length = 2980 + 2 * 10 + 2 + link.length;
    const numbers = [...res.text.matchAll(/data-platform="(\w+)">\s*([\d\s  ]+)\s\//g)].map(
      (m) => [m[1], Number(m[2]!.replace(/\D/g, ''))] as const,
    );
    expect(numbers).toEqual([
      ['facebook', length],
      ['linkedin', length],
    ]);
    expect(res.text).toMatch(/char-count char-count-over" data-platform="linkedin"/);
    expect(res.text).not.toMatch(/char-count-over" data-platform="facebook"/);
  });
});

describe('bulk actions on the ads list', () => {
  it('schedules the selection one a day, all or nothing', async () => {
    const { campaign, ads } = await campaignWithAds(2);
    const first = `${monday.plus({ days: 1 }).toISODate()}T11:00`;
    const res = await post('/ads/bulk', [
      ['adIds', ads[0]!],
      ['adIds', ads[1]!],
      ['action', 'schedule'],
      ['channelIds', fb],
      ['at', first],
      ['everyDays', '1'],
    ]);
    expect(res.status).toBe(303);
    expect(await publicationsOf(campaign)).toHaveLength(2);
    const past = await post('/ads/bulk', [
      ['adIds', ads[0]!],
      ['action', 'schedule'],
      ['channelIds', fb],
      ['at', '2020-01-01T11:00'],
    ]);
    expect(past.status).toBe(400);
    expect(past.text).toContain('est dans le passé');
    expect(await publicationsOf(campaign)).toHaveLength(2);
  });

  it('undoes what it wrote when a write fails midway, and says so in French', async () => {
    const { ads } = await campaignWithAds(2);
    const day = monday.plus({ days: 3 });
    // The second ad's slot is held by its own cancelled publication: its insert fails after the first's.
    const taken = await admin.api.post('/api/v1/publications', {
      adId: ads[1],
      channelIds: [fb],
      at: `${day.plus({ days: 1 }).toISODate()}T11:00`,
    });
    await admin.api.post(`/api/v1/publications/${taken.body.data[0].id}/cancel`);
    const res = await post('/ads/bulk', [
      ['adIds', ads[0]!],
      ['adIds', ads[1]!],
      ['action', 'schedule'],
      ['channelIds', fb],
      ['at', `${day.toISODate()}T11:00`],
      ['everyDays', '1'],
    ]);
    expect(res.status).toBe(409);
    expect(res.text).toContain('rien n’a été planifié');
    const live = (await admin.api.get(`/api/v1/publications?adId=${ads[0]}`)).body.data;
    expect(live).toHaveLength(0);
    expect((await admin.api.get(`/api/v1/ads/${ads[0]}`)).body.status).toBe('ready');
  });

  it('asks the featured enterprise to approve each selected ad', async () => {
    const { ads } = await campaignWithAds(2);
    const page = await staff.client.get('/ads', { headers: browser });
    expect(page.text).toContain('value="approval"');
    const res = await post('/ads/bulk', [
      ['adIds', ads[0]!],
      ['adIds', ads[1]!],
      ['action', 'approval'],
    ]);
    expect(res.status).toBe(303);
    for (const id of ads) {
      const approval = (await admin.api.get(`/api/v1/ads/${id}/approval`)).body;
      expect(JSON.stringify(approval)).toContain('"asked"');
    }
    const none = await post('/ads/bulk', [['action', 'approval']]);
    expect(none.status).toBe(400);
    expect(none.text).toContain('sélectionnez au moins une publicité');
  });
});

describe('the home page', () => {
  it('shows staff the week, what needs action and the channels', async () => {
    const res = await staff.client.get('/', { headers: browser });
    expect(res.status).toBe(200);
    for (const text of ['Publications de la semaine', 'À traiter', 'État des canaux', 'Page du pôle'])
      expect(res.text).toContain(text);
  });

  it('counts for staff the ads of a campaign that requires approval, and those asked, as waiting', async () => {
    const awaiting = async () => {
      const page = await staff.client.get('/', { headers: browser });
      const count =
        /<span class="stat-value">([\d\s ]+)<\/span><span class="stat-label">Publicités en attente d’approbation/.exec(
          page.text,
        );
      return Number(count?.[1]?.replace(/\D/g, ''));
    };
    const before = await awaiting();
    const own = (await createEnterprise(admin.api, { name: 'Coop à approuver' })).id;
    const campaign = (await createCampaign(admin.api, { enterpriseIds: [own], requiresApproval: true })).id;
    const ad = (await createAd(admin.api, campaign, [own], { caption: { default: 'Par la campagne' } })).id;
    expect(await awaiting()).toBe(before + 1);
    expect((await admin.api.post(`/api/v1/ads/${ad}/approval/request`)).status).toBe(200);
    expect(await awaiting()).toBe(before + 1);
  });

  it('shows a member its ads waiting for approval and its latest posts, nothing of others', async () => {
    const other = (await createEnterprise(admin.api, { name: 'Coop voisine secrète' })).id;
    const own = (await createEnterprise(admin.api, { name: 'Coop du membre' })).id;
    const campaign = (await createCampaign(admin.api, { enterpriseIds: [own, other] })).id;
    await createAd(admin.api, campaign, [own], {
      caption: { default: 'À approuver' },
      approval: { required: true },
    });
    await createAd(admin.api, campaign, [other], {
      caption: { default: 'Annonce voisine secrète' },
      approval: { required: true },
    });
    await app.createUser('member', { enterpriseId: own, email: 'home-member@example.test' });
    const member = await signInToDashboard(app, 'home-member@example.test');
    const res = await member.client.get('/', { headers: browser });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Vos publicités en attente d’approbation');
    expect(res.text).toContain('À approuver');
    expect(res.text).toContain('Vos dernières publications');
    expect(res.text).not.toMatch(/secrète|État des canaux/);
  });
});
