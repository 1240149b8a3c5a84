import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface GoldenMode {
  /** UPDATE_GOLDEN=1: rewrite the approved image after an intended visual change. */
  update: boolean;
  /** CI=true: a missing golden is an error, since writing it would compare the render with itself. */
  ci: boolean;
}

export const goldenModeFromEnv = (env: NodeJS.ProcessEnv = process.env): GoldenMode => ({
  update: env.UPDATE_GOLDEN === '1',
  ci: env.CI === 'true' || env.CI === '1',
});

/**
 * The approved image to compare `actual` with. Outside CI, a missing golden is written from
 * `actual` (a new template or format), to be reviewed and committed; in CI it throws.
 */
export function approvedImage(file: string, actual: Buffer, mode: GoldenMode): Buffer {
  const missing = !existsSync(file);
  if (missing && mode.ci && !mode.update) {
    throw new Error(
      `Golden image ${path.basename(file)} is missing. Generate it locally with UPDATE_GOLDEN=1 npx vitest run test/unit/rendering/golden.test.ts, review it and commit it.`,
    );
  }
  if (mode.update || missing) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  return readFileSync(file);
}
