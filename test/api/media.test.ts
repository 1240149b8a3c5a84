import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, form, png, pngBomb } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let admin: TestUser;
let enterpriseId: string;
beforeAll(async () => {
  app = await startTestApp({
    env: { MAX_UPLOAD_BYTES: String(200 * 1024), MAX_IMAGE_UPLOAD_BYTES: String(200 * 1024) },
  });
  admin = await app.createUser('admin');
  enterpriseId = (await createEnterprise(admin.api)).id;
});
afterAll(async () => {
  await app?.close();
});

const upload = (data: Buffer, filename: string, field = 'logo', type = 'image/png') =>
  admin.api.request('PUT', `/api/v1/enterprises/${enterpriseId}/${field}`, {
    raw: form(field, data, filename, type),
  });

describe('media', () => {
  it('stores a logo and streams it back with the content type read from its bytes', async () => {
    const image = await png(120, 80);
    const res = await upload(image, 'logo.jpg', 'logo', 'image/jpeg');
    expect(res.status).toBe(200);
    expect(res.body.logoUrl).toMatch(/^\/api\/v1\/media\/[a-f0-9]{24}$/);
    const file = await admin.api.get(res.body.logoUrl);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    // Logos are re-encoded (metadata dropped), so only the type and the picture are kept.
    expect(Number(file.headers.get('content-length'))).toBeGreaterThan(0);
  });

  it('replaces the previous logo and deletes its file', async () => {
    const first = await upload(await png(32, 32), 'a.png');
    const second = await upload(await png(40, 40, '#FF0000'), 'b.png');
    expect(second.body.logoFileId).not.toBe(first.body.logoFileId);
    expect((await admin.api.get(first.body.logoUrl)).status).toBe(404);
  });

  it('accepts a photo in the photo field', async () => {
    const res = await upload(await png(300, 200), 'photo.png', 'photo');
    expect(res.status).toBe(200);
    expect(res.body.photoUrl).toMatch(/\/api\/v1\/media\//);
  });

  it('refuses an image larger than MAX_IMAGE_UPLOAD_BYTES with 413', async () => {
    const res = await upload(Buffer.concat([await png(), Buffer.alloc(300 * 1024)]), 'big.png');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', details: [{ field: 'logo' }] });
  });

  it('refuses a text file renamed .png with 415', async () => {
    const res = await upload(Buffer.from('hello, I am not an image\n'), 'logo.png');
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', details: [{ field: 'logo' }] });
  });

  it('refuses an image bomb (a PNG declaring 30000×30000 pixels) without decoding it', async () => {
    const res = await upload(pngBomb(30000, 30000), 'bomb.png');
    expect(res.status).toBe(413);
    expect(res.body.error.details[0]).toMatchObject({
      field: 'logo',
      message: expect.stringMatching(/pixels/),
    });
  });

  it('refuses a truncated image with 400', async () => {
    const image = await png(200, 200);
    const res = await upload(image.subarray(0, 60), 'cut.png');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('logo');
  });

  it('refuses an upload without the file field, or in another field, with 400', async () => {
    const none = await admin.api.request('PUT', `/api/v1/enterprises/${enterpriseId}/logo`, {
      raw: new FormData(),
    });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].field).toBe('logo');
    const wrong = await admin.api.request('PUT', `/api/v1/enterprises/${enterpriseId}/logo`, {
      raw: form('image', await png(), 'a.png'),
    });
    expect(wrong.status).toBe(400);
    const kind = await admin.api.request('PUT', `/api/v1/enterprises/${enterpriseId}/banner`, {
      raw: form('banner', await png(), 'a.png'),
    });
    expect(kind.status).toBe(400);
  });

  it('answers 404 for unknown media and 400 for an invalid id', async () => {
    expect((await admin.api.get('/api/v1/media/0123456789abcdef01234567')).status).toBe(404);
    const bad = await admin.api.get('/api/v1/media/not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('(body)');
  });
});
