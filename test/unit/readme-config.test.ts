import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../server/config/config.schema.js';

describe('the README', () => {
  it('documents every environment variable the configuration reads', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = Object.keys(envSchema.shape).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('starts with the two commands: start on embedded defaults, and run the tests', () => {
    const firstLines = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
      .split('\n')
      .slice(0, 8)
      .join('\n');
    expect(firstLines).toContain('npm install && npm start');
    expect(firstLines).toContain('npm test');
  });
});
