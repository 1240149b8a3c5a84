import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQueue } from '../../server/lib/queues.js';
import { makeThumbnail } from '../../server/lib/sharp.js';
import { AdModel } from '../../server/modules/ads/ad.model.js';
import { scheduleMonthlyReports } from '../../server/modules/reports/report-jobs.js';
import { MARGIN } from '../../server/modules/reports/report-pdf-parts.js';
import { createShareLink } from '../../server/modules/reports/report-share.js';
import { PublicationModel } from '../../server/modules/scheduling/publication.model.js';
import { exposure } from '../../server/modules/statistics/exposure.service.js';
import { describeMetricDefinitions } from '../../server/modules/statistics/metric-definitions.js';
import { systemUser } from '../../server/modules/users/user.service.js';
import { startReportsWorker } from '../../workers/reports.worker.js';
import { png } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';
import { pdfText, pdfTextItems } from '../setup/pdf-text.js';
import { until } from '../setup/poll.js';
import { startMailbox, type TestMailbox } from '../setup/smtp.js';
import { counts, type ExposureWorld, exposureWorld, publish, snapshot } from './exposure.fixtures.js';

/**
 * Monthly reports built from real publications and snapshots (hub in America/Toronto):
 * October 2026 holds A's posts (one at 23:30 on the 31st, hub time), September one more.
 */
let app: TestApp;
let mailbox: TestMailbox;
let admin: TestUser;
let memberA: TestUser;
let w: ExposureWorld;
const ids: Record<string, string> = {};

/** Numbers as the PDF writes them: locale grouping with plain spaces. */
const inPdf = (locale: 'fr' | 'en', n: number) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA').format(n).replace(/[\u00a0\u202f]/g, ' ');

beforeAll(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ env: { SMTP_URL: mailbox.url } });
  admin = await app.createUser('admin', { email: 'staff-admin@example.test' });
  w = await exposureWorld(admin.api);
  memberA = await app.createUser('member', {
    enterpriseId: w.a,
    email: 'alpha-contact@example.test',
    locale: 'en',
  });
  await admin.api.patch(`/api/v1/enterprises/${w.a}`, { contactEmail: 'alpha-contact@example.test' });
  // A real render thumbnail (WebP, as the render store keeps them): the PDF converts it.
  const thumbnail = (await makeThumbnail(await png(320, 168, '#c0392b'), 160, 1e7)).dataUrl;
  await AdModel.updateOne({ _id: w.ads.solo }, { $set: { 'renders.0.thumbnail': thumbnail } });
  const base = { campaign: w.campaign, channel: w.facebook, platform: 'facebook' as const };
  ids.p1 = await publish({
    ...base,
    ad: w.ads.solo,
    enterpriseIds: [w.a],
    publishedAt: '2026-10-01T00:10:00-04:00',
    metrics: counts(3000, [30, 60, 5, 5]),
  });
  await snapshot(ids.p1, '2026-10-20T00:00:00Z', counts(2000, [20, 40, 3, 2]));
  await snapshot(ids.p1, '2026-11-10T12:00:00Z', counts(3000, [30, 60, 5, 5]));
  ids.p2 = await publish({
    ...base,
    channel: w.linkedin,
    platform: 'linkedin',
    ad: w.ads.duo,
    enterpriseIds: [w.b, w.a],
    publishedAt: '2026-10-31T23:30:00-04:00',
    metrics: counts(1000, [10, 20, 5, 5]),
    fetchedAt: '2026-11-05T00:00:00Z',
  });
  await snapshot(ids.p2, '2026-11-05T00:00:00Z', counts(1000, [10, 20, 5, 5]), 'linkedin');
  ids.sept = await publish({
    ...base,
    ad: w.ads.solo,
    enterpriseIds: [w.a],
    publishedAt: '2026-09-30T23:59:00-04:00',
    metrics: counts(700, [7, 0, 0, 0]),
    fetchedAt: '2026-10-02T00:00:00Z',
  });
  await snapshot(ids.sept, '2026-10-02T00:00:00Z', counts(700, [7, 0, 0, 0]));
  const strategist = await app.createUser('strategist', { email: 'staff-strategist@example.test' });
  await admin.api.put('/api/v1/settings', { strategistHourlyRate: 60 });
  await strategist.api.post('/api/v1/time-entries', {
    enterpriseId: w.a,
    date: '2026-10-31',
    minutes: 90,
    activity: 'writing',
  });
  await strategist.api.post('/api/v1/time-entries', {
    enterpriseId: w.b,
    date: '2026-10-01',
    minutes: 30,
    activity: 'meeting',
  });
  const built = await admin.api.post('/api/v1/reports/build', { month: '2026-10' });
  expect(built.status).toBe(201);
  for (const r of built.body.built as { id: string; scopeKey: string }[]) ids[r.scopeKey] = r.id;
});
afterAll(async () => {
  await app?.close();
  await mailbox?.close();
});

const report = async (id: string, user = admin) => (await user.api.get(`/api/v1/reports/${id}`)).body;

describe('building a month', () => {
  it('stores one report per enterprise and one for the hub, version 1', async () => {
    expect(Object.keys(ids)).toEqual(expect.arrayContaining(['hub', w.a, w.b, w.c]));
    const a = await report(ids[w.a]!);
    expect(a).toMatchObject({ month: '2026-10', version: 1, scopeName: 'Coop Alpha', enterpriseId: w.a });
  });

  it('freezes, for each scope, the figures the exposure service gives for the month at the build instant', async () => {
    for (const [key, enterpriseId] of [
      ['hub', undefined],
      [w.a, w.a],
      [w.b, w.b],
      [w.c, w.c],
    ] as const) {
      const { asOf, ...frozen } = (await report(ids[key]!)).figures;
      const filter = { from: '2026-10-01', to: '2026-10-31', ...(enterpriseId ? { enterpriseId } : {}) };
      const { asOf: _, ...expected } = await exposure(filter, { asOf: new Date(asOf), cache: false });
      expect(frozen).toEqual(JSON.parse(JSON.stringify(expected)));
    }
    const a = await report(ids[w.a]!);
    // The post at 23:30 on the 31st (hub time) is October's; the one at 23:59 on September 30th is not.
    expect(a.figures.totals).toMatchObject({ posts: 2, views: 4000 });
    expect(a.figures.previous).toMatchObject({ posts: 1, views: 700 });
  });

  it('says why an enterprise with no channel has an empty report', async () => {
    expect((await report(ids[w.c]!)).figures.empty).toBe('no-channel');
  });

  it('puts the strategist time and cost per member in the hub report only', async () => {
    const hub = await report(ids.hub!);
    expect(hub.time).toMatchObject({ hourlyRate: 60, totalMinutes: 120, totalCost: 120 });
    expect(hub.time.members).toEqual([
      expect.objectContaining({ enterpriseId: w.a, minutes: 90, cost: 90, share: 0.75 }),
      expect.objectContaining({ enterpriseId: w.b, minutes: 30, cost: 30, share: 0.25 }),
    ]);
    expect((await report(ids[w.a]!)).time).toBeNull();
  });

  it('refuses a month in the future, the month in progress and one before 2000, naming month', async () => {
    const res = await admin.api.post('/api/v1/reports/build', { month: '2099-01' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'month', message: 'has not ended yet' }]);
    const current = DateTime.now().setZone('America/Toronto').toFormat('yyyy-MM');
    const partial = await admin.api.post('/api/v1/reports/build', { month: current });
    expect(partial.status).toBe(400);
    expect(partial.body.error.details).toEqual([{ field: 'month', message: 'has not ended yet' }]);
    const old = await admin.api.post('/api/v1/reports/build', { month: '1999-12' });
    expect(old.status).toBe(400);
    expect(old.body.error.details).toEqual([{ field: 'month', message: 'must be 2000-01 or later' }]);
    for (const month of [current, '1999-12'])
      expect((await admin.api.get(`/api/v1/reports?month=${month}`)).body.data).toEqual([]);
    const bad = await admin.api.post('/api/v1/reports/build', { month: '2026-13' });
    expect(bad.body.error.details[0].field).toBe('month');
  });

  it('keeps what was built when asked again, and rebuilds as a new version on demand', async () => {
    const again = await admin.api.post('/api/v1/reports/build', { month: '2026-10' });
    expect(again.body.built).toEqual([]);
    const first = await admin.api.post('/api/v1/reports/build', {
      month: '2026-10',
      scope: w.b,
      rebuild: true,
    });
    const second = await admin.api.post('/api/v1/reports/build', {
      month: '2026-10',
      scope: w.b,
      rebuild: true,
    });
    const [v2, v3] = [await report(first.body.built[0].id), await report(second.body.built[0].id)];
    expect([v2.version, v3.version]).toEqual([2, 3]);
    // Same snapshots, same figures.
    const { asOf: _a, ...figures2 } = v2.figures;
    const { asOf: _b, ...figures3 } = v3.figures;
    expect(figures3).toEqual(figures2);
  });

  it('does not change a frozen report when a snapshot arrives after the build', async () => {
    const before = await report(ids[w.a]!);
    // As the stats collector leaves it: a snapshot, and the publication's latest values.
    const now = new Date();
    await snapshot(ids.p1!, now.toISOString(), counts(9000, [90, 90, 9, 9]));
    await PublicationModel.updateOne(
      { _id: ids.p1 },
      { $set: { metrics: { ...counts(9000, [90, 90, 9, 9]), fetchedAt: now } } },
    );
    expect((await report(ids[w.a]!)).figures).toEqual(before.figures);
    const rebuilt = await admin.api.post('/api/v1/reports/build', {
      month: '2026-10',
      scope: w.a,
      rebuild: true,
    });
    const v2 = await report(rebuilt.body.built[0].id);
    expect(v2.version).toBe(2);
    expect(v2.figures.totals.views).toBe(10_000);
  });

  it('registers the monthly job at 07:00 on the 1st, hub time', async () => {
    await scheduleMonthlyReports();
    const scheduler = await getQueue('reports').getJobScheduler('reports-monthly');
    expect(scheduler).toMatchObject({ pattern: '0 7 1 * *', tz: 'America/Toronto' });
    expect(scheduler?.template?.data).toEqual({ month: 'previous' });
  });
});

describe('formats', () => {
  it('writes the frozen totals in the PDF, in the reader’s language', async () => {
    const a = await report(ids[w.a]!);
    const fr = await admin.api.get(`/api/v1/reports/${a.id}/pdf?lang=fr`);
    expect(fr.status).toBe(200);
    expect(fr.headers.get('content-type')).toBe('application/pdf');
    expect(fr.bytes.toString('latin1')).toContain('/Subtype /Image');
    const text = await pdfText(fr.bytes);
    expect(text).toContain('Rapport d’exposition — Coop Alpha');
    expect(text).toContain(
      `Vues ${inPdf('fr', a.figures.totals.views)} ${inPdf('fr', a.figures.previous.views)}`,
    );
    expect(text).toContain(`Publications ${a.figures.totals.posts} ${a.figures.previous.posts}`);
    for (const d of (
      await exposure(
        { from: '2026-10-01', to: '2026-10-31', enterpriseId: w.a },
        { locale: 'fr', asOf: new Date(a.asOf) },
      )
    ).definitions)
      expect(text.replace(/\s+/g, ' ')).toContain(d.replace(/\s+/g, ' ').slice(0, 30));
    const en = await pdfText((await admin.api.get(`/api/v1/reports/${a.id}/pdf?lang=en`)).bytes);
    expect(en).toContain(
      `Views ${inPdf('en', a.figures.totals.views)} ${inPdf('en', a.figures.previous.views)}`,
    );
    expect(a.figures.definitionIds.length).toBeGreaterThan(0);
    for (const id of a.figures.definitionIds as string[])
      expect(en).toContain(describeMetricDefinitions(id, 'en').slice(0, 40));
  });

  it('writes the hub’s time and cost per member in its PDF', async () => {
    const text = await pdfText((await admin.api.get(`/api/v1/reports/${ids.hub}/pdf?lang=en`)).bytes);
    expect(text).toContain('Coop Alpha 90 $90.00 75%');
    expect(text).toContain('Total 120 $120.00');
  });

  it('keeps the hub PDF’s texts within the page margins, in both languages', async () => {
    for (const lang of ['fr', 'en']) {
      const pdf = await admin.api.get(`/api/v1/reports/${ids.hub}/pdf?lang=${lang}`);
      const items = await pdfTextItems(pdf.bytes);
      expect(items.length).toBeGreaterThan(10);
      for (const item of items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(MARGIN - 1);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(item.pageWidth - MARGIN + 1);
      }
    }
  });

  it('gives the same numbers in the CSV, formulas neutralised', async () => {
    const a = await report(ids[w.a]!);
    const res = await admin.api.get(`/api/v1/reports/${a.id}/csv?lang=en`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    const totals = rows.find((r) => r.Section === 'total')!;
    expect(Number(totals.Views)).toBe(a.figures.totals.views);
    expect(Number(totals.Posts)).toBe(a.figures.totals.posts);
    expect(Number(totals.Engagements)).toBe(a.figures.totals.engagements);
    const channels = rows.filter((r) => r.Section === 'channel');
    expect(channels.map((r) => Number(r.Views))).toEqual(
      a.figures.byChannel.map((g: { views: number }) => g.views),
    );
    const hub = parse((await admin.api.get(`/api/v1/reports/${ids.hub}/csv?lang=fr`)).text, {
      bom: true,
    }) as string[][];
    expect(hub.find((r) => r[0] === 'temps total')?.slice(-2)).toEqual(['120', '120']);
    // The French CSV names its sections in French, as the exposure CSV does.
    const sections = new Set(hub.slice(1).map((r) => r[0]));
    expect(sections.has('canal') && sections.has('total') && sections.has('temps')).toBe(true);
    for (const english of ['totals', 'channel', 'campaign', 'top_post', 'time'])
      expect(sections.has(english)).toBe(false);
    expect(hub[0]).toContain('Engagements');
    expect(hub[0]).toContain('Taux d’engagement');
  });

  it('shows the print page with totals and the share form to staff', async () => {
    const client = app.anonymous();
    const { client: staff } = await signInToDashboard(app, 'staff-admin@example.test');
    const page = await staff.get(`/reports/${ids[w.a]}`, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Rapport d’exposition — Coop Alpha');
    expect(page.text).toContain('data-metric="views">4');
    expect(page.text).toContain('/reports.css');
    expect(page.text).toContain(`action="/reports/${ids[w.a]}/share"`);
    const list = await staff.get('/reports', { headers: browser });
    expect(list.text).toContain(`/api/v1/reports/${ids.hub}/pdf`);
    expect((await client.get(`/reports/${ids[w.a]}`, { headers: browser })).status).toBe(303);
  });
});

describe('building on demand from the dashboard', () => {
  it('queues a build that the reports worker runs, and refuses a future month in French', async () => {
    const { client, csrf } = await signInToDashboard(app, 'staff-admin@example.test');
    const future = await client.request('POST', '/reports/build', form({ _csrf: csrf, month: '2099-01' }));
    expect(future.status).toBe(400);
    expect(future.text).toContain('n’est pas encore terminé');
    const current = DateTime.now().setZone('America/Toronto').toFormat('yyyy-MM');
    const partial = await client.request('POST', '/reports/build', form({ _csrf: csrf, month: current }));
    expect(partial.status).toBe(400);
    expect(partial.text).toContain('n’est pas encore terminé');
    expect(partial.text).toContain('Envoyer de nouveau par courriel');
    const queued = await client.request('POST', '/reports/build', form({ _csrf: csrf, month: '2026-09' }));
    expect(queued.status).toBe(303);
    await startReportsWorker();
    const list = await until(
      async () => (await admin.api.get('/api/v1/reports?month=2026-09')).body.data as { builtBy: string }[],
      (data) => data.length === 4,
    );
    expect(list).toHaveLength(4);
    expect(list[0]?.builtBy).toBe(admin.user.id);
  });
});

describe('delivery', () => {
  it('emails each member’s report to its contact, PDF attached in the contact’s language', async () => {
    const mail = await mailbox.waitFor('alpha-contact@example.test', /Coop Alpha/);
    expect(mail?.subject).toContain('Exposure report for 2026-10');
    const pdf = mail?.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe('rapport-2026-10-coop-alpha-v1.pdf');
    const text = await pdfText(pdf!.content);
    expect(text).toContain('Exposure report — Coop Alpha');
  });

  it('emails the hub’s report to staff', async () => {
    const mail = await mailbox.waitFor('staff-strategist@example.test', /Rapport d’exposition de 2026-10/);
    expect(mail?.attachments[0]?.contentType).toBe('application/pdf');
    expect(await pdfText(mail!.attachments[0]!.content)).toContain('Rapport du pôle');
  });
});

describe('who may read a report', () => {
  it('shows a member its own enterprise’s reports only', async () => {
    const list = await memberA.api.get('/api/v1/reports');
    expect(list.status).toBe(200);
    expect(new Set(list.body.data.map((r: { scopeKey: string }) => r.scopeKey))).toEqual(new Set([w.a]));
    for (const id of [ids[w.b], ids.hub]) {
      expect((await memberA.api.get(`/api/v1/reports/${id}`)).status).toBe(404);
      expect((await memberA.api.get(`/api/v1/reports/${id}/pdf`)).status).toBe(404);
      expect((await memberA.api.get(`/api/v1/reports/${id}/csv`)).status).toBe(404);
    }
    expect((await memberA.api.post(`/api/v1/reports/${ids[w.a]}/share`, {})).status).toBe(404);
    expect((await memberA.api.post('/api/v1/reports/build', { month: '2026-10' })).status).toBe(404);
  });

  it('lets a signed-in member open and download its own report from the dashboard', async () => {
    const { client } = await signInToDashboard(app, 'alpha-contact@example.test');
    const page = await client.get(`/reports/${ids[w.a]}`, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Exposure report — Coop Alpha');
    expect(page.text).not.toContain('/share"');
    const pdf = await client.get(`/api/v1/reports/${ids[w.a]}/pdf?lang=en`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await client.get(`/reports/${ids[w.b]}`, { headers: browser })).status).toBe(404);
    expect((await client.get(`/api/v1/reports/${ids.hub}/csv`)).status).toBe(404);
  });

  it('opens a shared report without an account, with its PDF and CSV', async () => {
    const link = await admin.api.post(`/api/v1/reports/${ids[w.a]}/share`, { days: 3 });
    expect(link.status).toBe(201);
    const path = new URL(link.body.url).pathname;
    const visitor = app.anonymous();
    const page = await visitor.get(path, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Coop Alpha');
    expect(page.text).not.toContain('Coop Bêta</h1>');
    const pdf = await visitor.get(`${path}/pdf?lang=fr`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(await pdfText(pdf.bytes)).toContain('Coop Alpha');
    expect((await visitor.get(`${path}/csv`)).text).toContain('Coop Alpha');
  });

  it('refuses an altered link, also one pointing at another report, and an expired one', async () => {
    const { token } = (await admin.api.post(`/api/v1/reports/${ids[w.a]}/share`, {})).body as {
      token: string;
    };
    const [, expiry, signature] = token.split('.');
    const visitor = app.anonymous();
    const other = await visitor.get(`/share/reports/${ids[w.b]}.${expiry}.${signature}`, {
      headers: browser,
    });
    expect(other.status).toBe(403);
    expect(other.text).not.toContain('Coop Bêta');
    const longer = await visitor.get(
      `/share/reports/${ids[w.a]}.${(Number.parseInt(expiry!, 36) + 86_400).toString(36)}.${signature}`,
      { headers: browser },
    );
    expect(longer.status).toBe(403);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await visitor.get(`/share/reports/${flipped}/pdf`)).status).toBe(403);
    const expired = await createShareLink(systemUser, ids[w.a]!, 1, Date.now() - 2 * 86_400_000);
    const gone = await visitor.get(`/share/reports/${expired.token}`, { headers: browser });
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('expiré');
  });
});

describe('emails on rebuild', () => {
  const alphaPdf = (version: number) => `rapport-2026-10-coop-alpha-v${version}.pdf`;
  const carrying = (filename: string) =>
    mailbox.received.filter((m) => m.attachments.some((a) => a.filename === filename));

  it('sends no mail for a rebuild unless asked to send again, then sends the new version', async () => {
    const quiet = await admin.api.post('/api/v1/reports/build', {
      month: '2026-10',
      scope: w.a,
      rebuild: true,
    });
    expect(quiet.status).toBe(201);
    const quietVersion = (quiet.body.built as { version: number }[])[0]!.version;
    expect(quietVersion).toBeGreaterThanOrEqual(2);
    const loud = await admin.api.post('/api/v1/reports/build', {
      month: '2026-10',
      scope: w.a,
      rebuild: true,
      resend: true,
    });
    const loudVersion = (loud.body.built as { version: number }[])[0]!.version;
    expect(loudVersion).toBe(quietVersion + 1);
    await until(
      async () => carrying(alphaPdf(loudVersion)).length,
      (n) => n > 0,
    );
    expect(carrying(alphaPdf(loudVersion)).map((m) => m.to)).toEqual([['alpha-contact@example.test']]);
    // The quiet versions (this test's and the frozen-report test's rebuild) were never sent.
    for (let v = 2; v <= quietVersion; v += 1) expect(carrying(alphaPdf(v))).toEqual([]);
    await until(
      async () => carrying(alphaPdf(1)).length,
      (n) => n > 0,
    );
    expect(carrying(alphaPdf(1))).toHaveLength(1);
  });
});

describe('share link duration', () => {
  it('refuses days out of 1..365 on the API, naming days', async () => {
    for (const days of [9999, 0, 366, 1.5]) {
      const res = await admin.api.post(`/api/v1/reports/${ids[w.a]}/share`, { days });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toBe('days');
    }
    const ok = await admin.api.post(`/api/v1/reports/${ids[w.a]}/share`, { days: 365 });
    expect(ok.status).toBe(201);
    const days = (new Date(ok.body.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364.9);
  });

  it('names the field in French on the dashboard instead of making a 30-day link', async () => {
    const { client, csrf } = await signInToDashboard(app, 'staff-admin@example.test');
    const res = await client.request(
      'POST',
      `/reports/${ids[w.a]}/share`,
      form({ _csrf: csrf, days: '9999' }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('doit être un nombre entier de jours, de 1 à 365');
    expect(res.text).not.toContain('/share/reports/');
    const ok = await client.request('POST', `/reports/${ids[w.a]}/share`, form({ _csrf: csrf, days: '2' }));
    expect(ok.status).toBe(201);
    expect(ok.text).toContain('/share/reports/');
  });
});

describe('the list with a malformed month', () => {
  it('shows the list with a field error naming the month, in French', async () => {
    const { client } = await signInToDashboard(app, 'staff-admin@example.test');
    const res = await client.get('/reports?month=2026-13', { headers: browser });
    expect(res.status).toBe(400);
    expect(res.text).toContain('doit être un mois (AAAA-MM)');
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain(`/api/v1/reports/${ids.hub}/pdf`);
    expect(res.text).not.toContain('La demande est invalide');
  });
});
