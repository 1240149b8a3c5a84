import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../../server/config/index.js';
import { redactPaths, setLogger } from '../../server/lib/logger.js';
import { observePublishLateness, recordPublishOutcome } from '../../server/lib/metrics.js';
import { getQueue, queueNames } from '../../server/lib/queues.js';
import { startMetricsServer } from '../../server/modules/operations/metrics-server.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser } from '../setup/dashboard.js';

const token = 'metrics-token-0123456789abcdef0123456789';
let app: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  app = await startTestApp({
    env: { METRICS_TOKEN: token },
    beforeApp: () => {
      const sink = new Writable({
        write(chunk, _enc, done) {
          logLines.push(String(chunk));
          done();
        },
      });
      setLogger(pino({ level: 'trace', redact: { paths: redactPaths, censor: '[redacted]' } }, sink));
    },
  });
});
afterAll(async () => {
  await app?.close();
});

const scrape = async () => {
  const res = await app.anonymous().get('/metrics', { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text;
};

/** The value of one series in the exposition text, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('needs the metrics token: 401 without it or with a wrong one, 404 when none is configured', async () => {
    const missing = await app.anonymous().get('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(missing.text).not.toContain('vitrine_');
    const wrong = await app
      .anonymous()
      .get('/metrics', { headers: { authorization: `Bearer ${token.slice(0, -1)}x` } });
    expect(wrong.status).toBe(401);
    // A user's API token is not a metrics token.
    const admin = await app.createUser('admin');
    expect((await admin.api.get('/metrics')).status).toBe(401);

    setConfig({ ...app.config, METRICS_TOKEN: undefined });
    try {
      const res = await app.anonymous().get('/metrics', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(404);
    } finally {
      setConfig(app.config);
    }
  });

  it('reports each queue by state, read from Redis at scrape time', async () => {
    await getQueue('render').add('render', { adId: 'a1' }, { jobId: 'ops-render-1' });
    await getQueue('render').add('render', { adId: 'a2' }, { jobId: 'ops-render-2' });
    await getQueue('publish').add(
      'publish',
      { publicationId: 'p1', fence: 0 },
      { jobId: 'ops-pub-1', delay: 60_000 },
    );
    await getQueue('stats').pause();
    await getQueue('stats').add('stats', {}, { jobId: 'ops-stats-1' });

    const text = await scrape();
    expect(text).toContain('# TYPE vitrine_queue_jobs gauge');
    for (const queue of queueNames) {
      for (const state of ['waiting', 'delayed', 'active', 'failed', 'completed', 'paused']) {
        expect(
          sample(text, `vitrine_queue_jobs{queue="${queue}",state="${state}"}`),
          `${queue} ${state}`,
        ).toBeTypeOf('number');
      }
    }
    expect(sample(text, 'vitrine_queue_jobs{queue="render",state="waiting"}')).toBe(2);
    expect(sample(text, 'vitrine_queue_jobs{queue="publish",state="delayed"}')).toBe(1);
    expect(sample(text, 'vitrine_queue_jobs{queue="stats",state="paused"}')).toBe(1);
    expect(sample(text, 'vitrine_queue_jobs{queue="stats",state="waiting"}')).toBe(0);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('counts publish outcomes by class and platform, and publish lateness in seconds', async () => {
    recordPublishOutcome('published', 'facebook');
    recordPublishOutcome('published', 'facebook');
    recordPublishOutcome('unknown_outcome', 'linkedin');
    observePublishLateness(420, 'facebook');
    observePublishLateness(90_000, 'facebook');

    const text = await scrape();
    expect(sample(text, 'vitrine_publish_outcomes_total{outcome="published",platform="facebook"}')).toBe(2);
    expect(
      sample(text, 'vitrine_publish_outcomes_total{outcome="unknown_outcome",platform="linkedin"}'),
    ).toBe(1);
    expect(sample(text, 'vitrine_publish_lateness_seconds_bucket{le="0.25",platform="facebook"}')).toBe(0);
    expect(sample(text, 'vitrine_publish_lateness_seconds_bucket{le="0.5",platform="facebook"}')).toBe(1);
    expect(sample(text, 'vitrine_publish_lateness_seconds_bucket{le="60",platform="facebook"}')).toBe(1);
    expect(sample(text, 'vitrine_publish_lateness_seconds_bucket{le="300",platform="facebook"}')).toBe(2);
    expect(sample(text, 'vitrine_publish_lateness_seconds_sum{platform="facebook"}')).toBeCloseTo(90.42);
  });

  it('times HTTP requests by route pattern, never by raw URL, id or query string', async () => {
    const admin = await app.createUser('admin');
    const id = '64b7f0c2a1b2c3d4e5f60718';
    expect((await admin.api.get(`/api/v1/ads/${id}?secret=1`)).status).toBe(404);
    expect((await admin.api.get('/api/v1/enterprises?page=2')).status).toBe(200);
    await admin.api.get(`/campaigns/${id}`, { headers: browser });
    await app.anonymous().get('/no/such/page/12345');
    await app.anonymous().get('/static/app.css');
    expect((await admin.api.get('/admin/queues/api/queues/publish/ops-pub-1')).status).toBe(200);
    await scrape();

    const text = await scrape();
    const routes = new Set(
      [...text.matchAll(/vitrine_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/g)].map(
        (m) => m[1],
      ),
    );
    expect(routes).toContain('/api/v1/ads/:id');
    expect(routes).toContain('/api/v1/enterprises');
    expect(routes).toContain('/campaigns/:id');
    expect(routes).toContain('/metrics');
    expect(routes).toContain('/admin/queues/api/queues/:queueName/:jobId');
    expect(routes).toContain('/static/*');
    expect(routes).toContain('unmatched');
    for (const route of routes) expect(route).not.toMatch(/[0-9a-f]{24}|\?|12345/);
    expect(
      sample(
        text,
        'vitrine_http_request_duration_seconds_count{method="GET",route="/api/v1/ads/:id",status="404"}',
      ),
    ).toBe(1);
  });
  it('never logs the metrics token, right or wrong', async () => {
    await scrape();
    await app
      .anonymous()
      .get('/metrics', { headers: { authorization: 'Bearer wrong-token-that-is-long-enough' } });
    const logged = logLines.join('');
    expect(logged).toContain('/metrics');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('wrong-token-that-is-long-enough');
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics without a token on its own listener, and nothing else', async () => {
    recordPublishOutcome('permanent', 'linkedin');
    const server = await startMetricsServer(0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(sample(text, 'vitrine_publish_outcomes_total{outcome="permanent",platform="linkedin"}')).toBe(1);
      expect(text).toContain('vitrine_queue_jobs{queue="publish",state="delayed"}');
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the shared cache in metrics', () => {
  it('reports each named cache: bytes, entries, hits and misses', async () => {
    const admin = await app.createUser('admin');
    const preview = await admin.api.post('/api/v1/previews', {
      templateId: 'vitrine-produit',
      format: 'facebook',
      fields: { headline: 'Mesuré dans les métriques' },
    });
    expect(preview.status).toBe(200);
    const text = await scrape();
    expect(Number(sample(text, 'vitrine_cache_entries{cache="previews"}'))).toBeGreaterThan(0);
    expect(Number(sample(text, 'vitrine_cache_bytes{cache="previews"}'))).toBeGreaterThan(1000);
    expect(text).toContain('vitrine_cache_misses{cache="glyph-masks"}');
  });
});
