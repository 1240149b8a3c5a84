import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectRedis } from '../../server/lib/redis.js';
import { startTestApp, type TestApp } from '../setup/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('operations endpoints', () => {
  it('says alive on /healthz and ready on /readyz when MongoDB and Redis answer', async () => {
    expect((await app.anonymous().get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await app.anonymous().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ mongodb: 'up', redis: 'up' });
  });

  it('tags every response with a request id, keeping a well-formed one from the caller', async () => {
    const res = await app.anonymous().get('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const generated = await app
      .anonymous()
      .get('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API paths with 404 in the one error format', async () => {
    const res = await app.anonymous().get('/api/v1/nothing-here');
    expect(res.status).toBe(401); // authentication comes first under /api/v1
    const admin = await app.createUser('admin');
    const signedIn = await admin.api.get('/api/v1/nothing-here');
    expect(signedIn.status).toBe(404);
    expect(signedIn.body.error.code).toBe('not_found');
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    await disconnectRedis();
    const res = await app.anonymous().get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error.details).toEqual({ mongodb: 'up', redis: 'down' });
    const { connectRedis } = await import('../../server/lib/redis.js');
    await connectRedis(app.config.REDIS_URL!);
  });
});
