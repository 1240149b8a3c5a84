import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, form } from '../fixtures/domain.js';
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

/** A 300×100 camera photo stored sideways (EXIF orientation 6) with a GPS position and an owner. */
function cameraPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 100, channels: 3, background: '#4a7' } })
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Jeanne Photographe', Copyright: 'Jeanne' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '45/1 24/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '71/1 53/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

describe('uploaded photos', () => {
  it('are stored upright, re-encoded, without EXIF or GPS', async () => {
    const original = await cameraPhoto();
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif?.toString('latin1')).toContain('Jeanne');

    const res = await admin.api.request('PUT', `/api/v1/enterprises/${enterpriseId}/photo`, {
      raw: form('photo', original, 'IMG_0001.jpg', 'image/jpeg'),
    });
    expect(res.status).toBe(200);
    const download = await admin.api.get(res.body.photoUrl);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    const bytes = download.bytes;
    const after = await sharp(bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.orientation ?? 1).toBe(1);
    expect([after.width, after.height]).toEqual([100, 300]);
    expect(bytes.toString('latin1')).not.toContain('Jeanne');
  });
});
