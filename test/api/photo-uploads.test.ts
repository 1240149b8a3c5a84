import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise, form } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let admin: TestUser;
let enterpriseId: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  enterpriseId = (await createEnterprise(admin.api)).id;
});
afterAll(async () => {
  await app?.close();
});

const put = (field: 'logo' | 'photo', data: Buffer, filename: string, extra: Record<string, string> = {}) => {
  const body = form(field, data, filename);
  for (const [k, v] of Object.entries(extra)) body.append(k, v);
  return admin.api.request('PUT', `/api/v1/enterprises/${enterpriseId}/${field}`, { raw: body });
};
const addPhoto = (data: Buffer, extra: Record<string, string> = {}) => {
  const body = form('photo', data, 'photo.jpg');
  for (const [k, v] of Object.entries(extra)) body.append(k, v);
  return admin.api.request('POST', `/api/v1/enterprises/${enterpriseId}/photos`, { raw: body });
};
const pixels = async (url: string) => {
  const file = await admin.api.get(url);
  return sharp(file.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
};

/** A phone-sized photo that compresses badly (noise), over 12 MB as a JPEG. */
async function bigPhoneJpeg(): Promise<Buffer> {
  const [width, height] = [4032, 3024];
  const jpeg = await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 97, chromaSubsampling: '4:4:4' })
    .toBuffer();
  expect(jpeg.length).toBeGreaterThan(12 * 1024 * 1024);
  return jpeg;
}

describe('photos from phones and logos from designers', () => {
  it('downscales a 12 MB phone JPEG instead of refusing it', async () => {
    const res = await put('photo', await bigPhoneJpeg(), 'IMG_2041.JPG');
    expect(res.status).toBe(200);
    const { info } = await pixels(res.body.photoUrl);
    expect(Math.max(info.width, info.height)).toBe(2400);
  }, 60_000);

  it('converts an iPhone HEIC photo to a JPEG with its colours', async () => {
    // A real HEVC-coded HEIC (96×64, blue left half, orange right half), made with libheif's heif-enc.
    const heic = await readFile(new URL('../fixtures/media/iphone.heic', import.meta.url));
    const res = await put('photo', heic, 'IMG_0001.HEIC');
    expect(res.status).toBe(200);
    const file = await admin.api.get(res.body.photoUrl);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    const { data, info } = await pixels(res.body.photoUrl);
    expect([info.width, info.height]).toEqual([96, 64]);
    const at = (x: number, y: number) => [...data.subarray((y * 96 + x) * 3, (y * 96 + x) * 3 + 3)];
    expect(at(10, 30)[2]).toBeGreaterThan(150); // blue
    expect(at(80, 30)[0]).toBeGreaterThan(200); // orange
  });

  it('refuses a HEIC it cannot decode with a message saying how to export a JPEG', async () => {
    const heic = await readFile(new URL('../fixtures/media/iphone.heic', import.meta.url));
    const broken = Buffer.concat([heic.subarray(0, 200), Buffer.alloc(100)]);
    const res = await put('photo', broken, 'IMG_0002.HEIC');
    expect(res.status).toBe(415);
    expect(res.body.error.details[0]).toMatchObject({
      field: 'photo',
      message: expect.stringMatching(/JPEG/),
    });
  });

  it('rasterises a self-contained SVG logo to a PNG', async () => {
    const svg = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20" fill="#d1495b"/></svg>`;
    const res = await put('logo', Buffer.from(svg), 'logo.svg');
    expect(res.status).toBe(200);
    const file = await admin.api.get(res.body.logoUrl);
    expect(file.headers.get('content-type')).toBe('image/png');
    const { data, info } = await pixels(res.body.logoUrl);
    expect(info.width).toBe(1200);
    expect([...data.subarray(0, 3)]).toEqual([0xd1, 0x49, 0x5b]);
    expect(res.body.logoThumbnailUrl).toMatch(/^data:image\/webp;base64,/);
  });

  it.each([
    ['an external image', '<image href="https://example.com/x.png" width="10" height="10"/>'],
    ['a local file', '<image xlink:href="file:///etc/passwd" width="10" height="10"/>'],
    ['an external style', '<rect width="10" height="10" style="fill:url(https://example.com/a.svg#g)"/>'],
  ])('refuses an SVG logo that refers to %s', async (_, inner) => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">${inner}</svg>`;
    const res = await put('logo', Buffer.from(svg), 'logo.svg');
    expect(res.status).toBe(415);
    expect(res.body.error.details[0]).toMatchObject({
      field: 'logo',
      message: expect.stringMatching(/external/),
    });
  });

  it('refuses an SVG logo declaring entities (billion laughs)', async () => {
    const svg = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&b;</text></svg>`;
    const res = await put('logo', Buffer.from(svg), 'logo.svg');
    expect(res.status).toBe(415);
    expect(res.body.error.details[0].message).toMatch(/entities/);
  });
});

describe('the photo library', () => {
  it('keeps several photos with their focal points, and an ad renders the one it picked, cropped there', async () => {
    const e = (await createEnterprise(admin.api)).id;
    enterpriseId = e;
    // Wide photos: red on the left half, blue on the right half.
    const halves = (left: string, right: string) =>
      sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="400"><rect width="600" height="400" fill="${left}"/><rect x="600" width="600" height="400" fill="${right}"/></svg>`,
        ),
      )
        .jpeg()
        .toBuffer();
    const first = await addPhoto(await halves('#00ff00', '#00ff00'));
    expect(first.status).toBe(201);
    const second = await addPhoto(await halves('#ff0000', '#0000ff'), { focalX: '0.9', focalY: '0.5' });
    expect(second.status).toBe(201);
    expect(second.body.photos).toHaveLength(2);
    const picked = second.body.photos[1];
    expect(picked.focal).toEqual({ x: 0.9, y: 0.5 });
    expect(second.body.photoFileId).toBe(first.body.photoFileId);

    const bad = await addPhoto(await halves('#fff', '#000'), { focalX: '2' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('focalX');

    // vitrine-produit's photo slot is 620×627 at the left of the facebook format: a square
    // crop of the wide photo, at the right (blue) with the focal point at 0.9.
    const campaign = await createCampaign(admin.api, { enterpriseIds: [e] });
    const preview = (photo?: string) =>
      admin.api.post('/api/v1/previews', {
        templateId: 'vitrine-produit',
        format: 'facebook',
        enterpriseIds: [e],
        fields: { headline: 'Bonjour', ...(photo ? { photo } : {}) },
      });
    const centre = (img: Buffer) =>
      sharp(img).extract({ left: 300, top: 300, width: 1, height: 1 }).raw().toBuffer();
    const pickedRender = await preview(picked.fileId);
    expect(pickedRender.status).toBe(200);
    expect(pickedRender.headers.get('x-cut-fields')).toBeNull();
    const rgb = [...(await centre(pickedRender.bytes))];
    expect(rgb[2]).toBeGreaterThan(200);
    expect(rgb[0]).toBeLessThan(60);
    const defaultRender = await preview();
    const green = [...(await centre(defaultRender.bytes))];
    expect(green[1]).toBeGreaterThan(200);

    // The ad keeps its pick; moving the focal point to the left shows the red half.
    const ad = await createAd(admin.api, campaign.id, [e], {
      templateId: 'vitrine-produit',
      fields: { headline: 'Bonjour', description: 'Une photo choisie', photo: picked.fileId },
    });
    expect((await admin.api.get(`/api/v1/ads/${ad.id}`)).body.fields.photo).toBe(picked.fileId);
    const moved = await admin.api.request('PATCH', `/api/v1/enterprises/${e}/photos/${picked.fileId}`, {
      body: { focal: { x: 0.1, y: 0.5 } },
    });
    expect(moved.status).toBe(200);
    const red = [...(await centre((await preview(picked.fileId)).bytes))];
    expect(red[0]).toBeGreaterThan(200);

    // Removing the picked photo: the ad falls back to the default photo.
    const removed = await admin.api.request('DELETE', `/api/v1/enterprises/${e}/photos/${picked.fileId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.photos).toHaveLength(1);
    const back = [...(await centre((await preview(picked.fileId)).bytes))];
    expect(back[1]).toBeGreaterThan(200);
  });

  it('says which fields the image cuts, in the preview answer', async () => {
    const res = await admin.api.post('/api/v1/previews', {
      templateId: 'vitrine-produit',
      format: 'facebook',
      enterpriseIds: [enterpriseId],
      fields: { headline: 'Anticonstitutionnellementextraordinairementinterminablement' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cut-fields')).toBe('headline');
  });
});
