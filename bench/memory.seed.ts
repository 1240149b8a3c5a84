/** The memory benchmark's data: 50 enterprises with a logo and 50 ads, rendered by the worker. */
import sharp from 'sharp';
import type { Reply, WebProcess } from './web-process.js';
import { Session } from './web-process.js';

export const ITEMS = 50;
export const ADMIN = { email: 'bench@example.test', password: 'bench password 1234' };

export async function signedIn(web: WebProcess): Promise<Session> {
  const session = new Session(web.url);
  await session.signIn(ADMIN.email, ADMIN.password);
  return session;
}

export async function expectStatus(reply: Promise<Reply>, status: number, what: string): Promise<Reply> {
  const res = await reply;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text().slice(0, 300)}`);
  return res;
}

/** 50 enterprises with a logo, and 50 ads rendered by the worker (every format). */
export async function seed(web: WebProcess): Promise<void> {
  const s = await signedIn(web);
  const ids: string[] = [];
  for (let i = 0; i < ITEMS; i += 1) {
    const body = {
      name: `Coopérative ${i}`,
      legalForm: 'worker_coop',
      territory: 'Sherbrooke',
      sector: 'food',
    };
    const id = (await expectStatus(s.request('POST', '/api/v1/enterprises', body), 201, 'enterprise')).json()
      .id;
    const colour = `#${(0x204060 + i * 0x030507).toString(16).slice(-6)}`;
    const logo = await sharp({ create: { width: 600, height: 300, channels: 3, background: colour } })
      .png()
      .toBuffer();
    const upload = new FormData();
    upload.append('logo', new Blob([new Uint8Array(logo)], { type: 'image/png' }), 'logo.png');
    await expectStatus(s.request('PUT', `/api/v1/enterprises/${id}/logo`, upload), 200, 'logo');
    ids.push(id);
  }
  const campaign = {
    name: 'Campagne banc',
    period: { start: '2026-03-01', end: '2026-05-31' },
    enterpriseIds: ids,
  };
  const campaignId = (
    await expectStatus(s.request('POST', '/api/v1/campaigns', campaign), 201, 'campaign')
  ).json().id;
  for (let i = 0; i < ITEMS; i += 1) {
    const ad = {
      campaignId,
      enterpriseIds: [ids[i]],
      templateId: 'chiffre-impact',
      fields: { figure: String(10 + i), impact: `emplois créés en Estrie, édition ${i}` },
      caption: { default: `Annonce ${i}` },
    };
    await expectStatus(s.request('POST', '/api/v1/ads', ad), 201, 'ad');
  }
  await untilRendered(s);
}

async function untilRendered(s: Session): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const ads = (await s.request('GET', `/api/v1/ads?limit=${ITEMS}`)).json<{
      data: { renders: unknown[] }[];
    }>();
    if (ads.data.filter((a) => a.renders.length === 3).length === ITEMS) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('the ads were not rendered within 10 minutes');
}
