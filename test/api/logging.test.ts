import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPaths, setLogger } from '../../server/lib/logger.js';
import { startTestApp, type TestApp, testPassword } from '../setup/app.js';
import { HttpClient } from '../setup/http.js';

let app: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  app = await startTestApp({
    beforeApp: () => {
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
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

describe('logs', () => {
  it('record requests with an id but never a password, session cookie or API token', async () => {
    await app.createUser('admin', { email: 'logs@example.test' });
    const browser = app.anonymous();
    const login = await browser.post('/api/v1/auth/login', {
      email: 'logs@example.test',
      password: testPassword,
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1]!;
    const created = await browser.post(
      '/api/v1/auth/tokens',
      { name: 'ci' },
      { headers: { 'x-csrf-token': login.body.csrfToken } },
    );
    const token = created.body.token as string;
    await new HttpClient(app.baseUrl, token).get('/api/v1/auth/me');
    await browser.post('/api/v1/auth/login', {
      email: 'logs@example.test',
      password: 'wrong but secret-ish',
    });

    const text = lines.join('');
    expect(text).toContain('request completed');
    expect(text).toMatch(/"id":"[0-9a-f-]{36}"/);
    for (const secret of [testPassword, 'wrong but secret-ish', token, cookie, decodeURIComponent(cookie)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('log an image download the browser abandoned at debug level, not as an error', async () => {
    const express = (await import('express')).default;
    const { errorHandler } = await import('../../server/lib/error-handler.js');
    const { Readable } = await import('node:stream');
    const { pipeline } = await import('node:stream/promises');
    const mini = express();
    mini.get('/endless.jpg', async (_req, res) => {
      res.type('image/jpeg');
      // An endless body: only the client closing its connection ends it (ERR_STREAM_PREMATURE_CLOSE).
      const endless = new Readable({
        read() {
          setTimeout(() => this.push(Buffer.alloc(16_384)), 5);
        },
      });
      await pipeline(endless, res);
    });
    mini.use(errorHandler());
    const server = mini.listen(0);
    const port = (server.address() as { port: number }).port;
    const before = lines.length;
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/endless.jpg`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.close();
    const logged = lines.slice(before).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged.some((l) => l.level === 20 && l.msg === 'client closed the connection early')).toBe(true);
  });
});
