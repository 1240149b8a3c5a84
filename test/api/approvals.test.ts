import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../../server/modules/approvals/approval-link.js';
import { connectSandbox } from '../../server/modules/channels/channel.service.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';
import { approvalLinkIn, startMailbox, type TestMailbox } from '../setup/smtp.js';

let app: TestApp;
let mailbox: TestMailbox;
let admin: TestUser;
let member: TestUser;
let outsider: TestUser;
let enterprise: string;
let campaign: string;
let channel: string;

beforeAll(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ env: { SMTP_URL: mailbox.url } });
  admin = await app.createUser('admin', { email: 'staff@example.test' });
  enterprise = (
    await createEnterprise(admin.api, { name: 'Coop du Lac', contactEmail: 'contact@lac.example' })
  ).id;
  const other = (await createEnterprise(admin.api, { name: 'Coop Voisine' })).id;
  member = await app.createUser('member', { enterpriseId: enterprise, email: 'membre@lac.example' });
  outsider = await app.createUser('member', { enterpriseId: other });
  campaign = (await createCampaign(admin.api, { enterpriseIds: [enterprise], requiresApproval: true })).id;
  channel = (await connectSandbox({ platform: 'facebook', name: 'Page du pôle', owner: { kind: 'hub' } })).id;
});
afterAll(async () => {
  await app?.close();
  await mailbox?.close();
});

let adCount = 0;
async function newAd() {
  adCount += 1;
  return (
    await createAd(admin.api, campaign, [enterprise], {
      templateId: 'chiffre-impact',
      caption: { default: `Publicité ${adCount}` },
    })
  ).id;
}

const schedule = (adId: string) =>
  admin.api.post('/api/v1/publications', {
    adId,
    channelIds: [channel],
    at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    confirmOutsideCampaign: true,
  });

/** Asks for approval and returns the link emailed to the enterprise's contact for this ad. */
async function askAndReadLink(adId: string, caption: string): Promise<string> {
  expect((await admin.api.post(`/api/v1/ads/${adId}/approval/request`)).status).toBe(200);
  const subject = new RegExp(caption);
  const mail = await mailbox.waitFor('contact@lac.example', subject);
  mailbox.received.splice(mailbox.received.indexOf(mail!), 1);
  return approvalLinkIn(mail);
}

const tokenOf = (link: string) => new URL(link).searchParams.get('t')!;

describe('approval by the featured enterprise', () => {
  it('when the campaign requires approval, an ad without it cannot be scheduled (400 naming adId)', async () => {
    const res = await schedule(await newAd());
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'adId', message: expect.stringMatching(/approved/) }),
      ]),
    );
  });

  it('asking emails the contact and the member a signed link, and notifies the member in the dashboard', async () => {
    const ad = await newAd();
    await askAndReadLink(ad, 'Publicité');
    const toMember = await mailbox.waitFor('membre@lac.example', /Approbation demandée/);
    expect(toMember?.text).toMatch(/\/approve\?t=/);
    const notes = await member.api.get('/api/v1/notifications');
    expect(notes.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'approval_asked', link: `/ads/${ad}` })]),
    );
    expect(notes.body.unread).toBeGreaterThan(0);
  });

  it('a member approves signed in: the ad becomes schedulable and staff are notified', async () => {
    const ad = await newAd();
    await admin.api.post(`/api/v1/ads/${ad}/approval/request`);
    const decided = await member.api.post(`/api/v1/ads/${ad}/approval/decision`, { decision: 'approved' });
    expect(decided.status).toBe(200);
    expect(decided.body.enterprises).toEqual([
      expect.objectContaining({ enterpriseId: enterprise, state: 'approved' }),
    ]);
    expect((await schedule(ad)).status).toBe(201);
    const staffNotes = await admin.api.get('/api/v1/notifications');
    expect(staffNotes.body.data.map((n: { kind: string }) => n.kind)).toContain('approval_given');
  });

  it('asking for changes needs a comment, bounded in length, named in the error', async () => {
    const ad = await newAd();
    const empty = await member.api.post(`/api/v1/ads/${ad}/approval/decision`, {
      decision: 'changes_requested',
      comment: '   ',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details).toEqual([expect.objectContaining({ field: 'comment' })]);
    const long = await member.api.post(`/api/v1/ads/${ad}/approval/decision`, {
      decision: 'changes_requested',
      comment: 'x'.repeat(2001),
    });
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([expect.objectContaining({ field: 'comment' })]);
    const bad = await member.api.post(`/api/v1/ads/${ad}/approval/decision`, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('decision');
    const ok = await member.api.post(`/api/v1/ads/${ad}/approval/decision`, {
      decision: 'changes_requested',
      comment: 'Notre logo a changé.',
    });
    expect(ok.body.status).toBe('changes_requested');
    const thread = (await admin.api.get(`/api/v1/ads/${ad}/approval`)).body.thread;
    expect(thread.at(-1)).toMatchObject({ kind: 'changes_requested', comment: 'Notre logo a changé.' });
  });

  it('staff cannot decide for a member, and another member sees none of it (404)', async () => {
    const ad = await newAd();
    expect(
      (await admin.api.post(`/api/v1/ads/${ad}/approval/decision`, { decision: 'approved' })).status,
    ).toBe(403);
    expect((await outsider.api.get(`/api/v1/ads/${ad}/approval`)).status).toBe(404);
    expect(
      (await outsider.api.post(`/api/v1/ads/${ad}/approval/decision`, { decision: 'approved' })).status,
    ).toBe(404);
    expect((await member.api.post(`/api/v1/ads/${ad}/approval/request`)).status).toBe(403);
  });

  it('a decision on a revision the member did not see is refused (409 naming revision)', async () => {
    const ad = await newAd();
    await admin.api.patch(`/api/v1/ads/${ad}`, { caption: { default: 'Nouvelle version' } });
    const res = await member.api.post(`/api/v1/ads/${ad}/approval/decision`, {
      decision: 'approved',
      revision: 1,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details[0].field).toBe('revision');
  });

  it('editing an approved ad asks again, shows what changed, and blocks scheduling until approved', async () => {
    const ad = await newAd();
    await admin.api.post(`/api/v1/ads/${ad}/approval/request`);
    await member.api.post(`/api/v1/ads/${ad}/approval/decision`, { decision: 'approved' });
    const edited = await admin.api.patch(`/api/v1/ads/${ad}`, { caption: { default: 'Texte revu' } });
    expect(edited.body.approval.status).toBe('pending');
    const view = (await admin.api.get(`/api/v1/ads/${ad}/approval`)).body;
    expect(view.enterprises[0].state).toBe('pending');
    expect(view.changes.list).toEqual([
      expect.objectContaining({ field: 'caption.default', after: 'Texte revu' }),
    ]);
    expect((await schedule(ad)).status).toBe(400);
    await mailbox.waitFor('contact@lac.example', /Texte revu/);
    // On the ad page, what changed is named as the editor names it, not by its internal path.
    const staff = await signInToDashboard(app, 'staff@example.test');
    const page = await staff.client.get(`/ads/${ad}`, { headers: browser });
    expect(page.text).toContain('<td>Texte de la publication</td>');
    expect(page.text).not.toContain('caption.default');
  });
});

describe('the emailed approval link', () => {
  it('approves without an account, once: the ad becomes schedulable and a second use is refused', async () => {
    const ad = await newAd();
    const link = await askAndReadLink(ad, `Publicité ${adCount}`);
    const page = await app.anonymous().request('GET', new URL(link).pathname + new URL(link).search, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Approuver');
    const form = new URLSearchParams({ t: tokenOf(link), decision: 'approved', comment: '' });
    const post = () =>
      app.anonymous().request('POST', '/approve', {
        raw: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.text).toContain('La publicité est approuvée');
    expect((await schedule(ad)).status).toBe(201);
    const again = await post();
    expect(again.status).toBe(410);
    expect(again.text).toContain('déjà été utilisé');
  });

  it('the first answer spends the request’s other links (the member user’s, the contact’s)', async () => {
    const ad = await newAd();
    const contactLink = await askAndReadLink(ad, `Publicité ${adCount}`);
    const memberMail = await mailbox.waitFor('membre@lac.example', new RegExp(`Publicité ${adCount}`));
    mailbox.received.splice(mailbox.received.indexOf(memberMail!), 1);
    const memberLink = approvalLinkIn(memberMail);
    expect(tokenOf(memberLink)).not.toBe(tokenOf(contactLink));
    const answer = (link: string, decision: string, comment: string) =>
      app.anonymous().request('POST', '/approve', {
        raw: new URLSearchParams({ t: tokenOf(link), decision, comment }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      });
    expect((await answer(contactLink, 'approved', '')).status).toBe(200);
    const late = await answer(memberLink, 'changes_requested', 'Finalement, changez le chiffre');
    expect(late.status).toBe(410);
    const opened = await app
      .anonymous()
      .request('GET', new URL(memberLink).pathname + new URL(memberLink).search, {
        headers: { accept: 'text/html' },
      });
    expect(opened.status).toBe(410);
    expect((await admin.api.get(`/api/v1/ads/${ad}/approval`)).body.status).toBe('approved');
  });

  it('of two simultaneous uses, exactly one counts', async () => {
    const ad = await newAd();
    const link = await askAndReadLink(ad, `Publicité ${adCount}`);
    const body = new URLSearchParams({ t: tokenOf(link), decision: 'approved' }).toString();
    const statuses = await Promise.all(
      [1, 2, 3].map(() =>
        app
          .anonymous()
          .request('POST', '/approve', {
            raw: body,
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          })
          .then((r) => r.status),
      ),
    );
    expect(statuses.sort()).toEqual([200, 410, 410]);
    const thread = (await admin.api.get(`/api/v1/ads/${ad}/approval`)).body.thread;
    expect(thread.filter((e: { kind: string }) => e.kind === 'approved')).toHaveLength(1);
  });

  it('an altered, expired or outdated link gets a clear page in the visitor’s language, not a 500', async () => {
    const ad = await newAd();
    const token = tokenOf(await askAndReadLink(ad, `Publicité ${adCount}`));
    const open = (t: string, lang = 'fr') =>
      app.anonymous().request('GET', `/approve?t=${encodeURIComponent(t)}`, {
        headers: { accept: 'text/html', 'accept-language': lang },
      });
    const altered = await open(`${token.slice(0, -2)}xx`);
    expect(altered.status).toBe(403);
    expect(altered.text).toContain('a été modifié ou coupé');
    expect(
      (
        await open(
          token.replace(
            ad,
            ad.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
          ),
        )
      ).status,
    ).toBe(403);
    const alteredEn = await open('garbage', 'en');
    expect(alteredEn.text).toContain('it was changed or cut');
    const expired = signLink(
      { adId: ad, enterpriseId: enterprise, revision: 1 },
      Date.now() - 30 * 86_400_000,
    );
    const late = await open(expired);
    expect(late.status).toBe(410);
    expect(late.text).toContain('a expiré');
    await admin.api.patch(`/api/v1/ads/${ad}`, { caption: { default: 'Encore revue' } });
    const outdated = await open(token);
    expect(outdated.status).toBe(410);
    expect(outdated.text).toContain('modifiée depuis l’envoi');
  });

  it('a link decision asking for changes needs a comment, shown beside the field in French', async () => {
    const ad = await newAd();
    const token = tokenOf(await askAndReadLink(ad, `Publicité ${adCount}`));
    const send = (comment: string) =>
      app.anonymous().request('POST', '/approve', {
        raw: new URLSearchParams({ t: token, decision: 'changes_requested', comment }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      });
    const empty = await send('');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('est obligatoire pour demander des changements');
    const ok = await send('Changez la photo, svp.');
    expect(ok.status).toBe(200);
    const view = (await admin.api.get(`/api/v1/ads/${ad}/approval`)).body;
    expect(view.enterprises[0]).toMatchObject({
      state: 'changes_requested',
      comment: 'Changez la photo, svp.',
    });
  });
});

describe('approval on the dashboard’s ad page', () => {
  it('a member asks for changes: an empty comment is refused beside the field in French, then the thread shows it', async () => {
    const ad = await newAd();
    await admin.api.post(`/api/v1/ads/${ad}/approval/request`);
    const { client, csrf } = await signInToDashboard(app, member.user.email);
    const page = await client.get(`/ads/${ad}`, { headers: browser });
    expect(page.text).toContain('Demander des changements');
    const send = (comment: string) =>
      client.request(
        'POST',
        `/ads/${ad}/approval/decision`,
        form({ _csrf: csrf, decision: 'changes_requested', comment, revision: '1' }),
      );
    const empty = await send('');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('est obligatoire pour demander des changements');
    expect((await send('Le chiffre est de 14, pas 12.')).status).toBe(303);
    const staff = await signInToDashboard(app, admin.user.email);
    const staffPage = (await staff.client.get(`/ads/${ad}`, { headers: browser })).text;
    expect(staffPage).toContain('Le chiffre est de 14, pas 12.');
    expect(staffPage).toContain('Changements demandés');
    expect(staffPage).toContain('Demander de nouveau');
  });
});
