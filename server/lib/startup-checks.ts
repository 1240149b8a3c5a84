import type { Config } from '../config/index.js';
import { linkedinVersionStatus } from '../config/linkedin-version.js';
import { logger } from './logger.js';

/** Logs, once at start-up, what an operator must fix before it breaks publishing. */
export function logStartupWarnings(cfg: Config, now = new Date()): void {
  const linkedin = linkedinVersionStatus(cfg.LINKEDIN_VERSION, now, cfg.LINKEDIN_SUNSET_WARNING_DAYS);
  if (linkedin.warn) {
    logger.warn(
      {
        linkedinVersion: linkedin.version,
        sunset: linkedin.sunset.toISOString().slice(0, 10),
        daysLeft: linkedin.daysLeft,
      },
      linkedin.daysLeft > 0
        ? `LINKEDIN_VERSION ${linkedin.version} reaches its sunset in ${linkedin.daysLeft} days: update LINKEDIN_VERSION to a recent YYYYMM`
        : `LINKEDIN_VERSION ${linkedin.version} is past its sunset: LinkedIn refuses it; update LINKEDIN_VERSION to a recent YYYYMM`,
    );
  }
}
