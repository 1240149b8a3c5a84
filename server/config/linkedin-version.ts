/** Where the configured LinkedIn-Version stands against its sunset. */
export interface LinkedinVersionStatus {
  version: string;
  /** The first day (UTC) LinkedIn may refuse the version: 12 months after its YYYYMM month. */
  sunset: Date;
  /** Whole days from `now` to the sunset; zero or less once it has passed. */
  daysLeft: number;
  /** True within the warning window (or past the sunset): admins must update LINKEDIN_VERSION. */
  warn: boolean;
}

const dayMs = 24 * 3600 * 1000;

/**
 * LinkedIn keeps each monthly API version for at least a year after its release month, then
 * answers 426. Counting from the first of the month a year later is the earliest it may go.
 */
export function linkedinVersionStatus(
  version: string,
  now: Date,
  warningDays: number,
): LinkedinVersionStatus {
  const year = Number(version.slice(0, 4));
  const month = Number(version.slice(4, 6));
  const sunset = new Date(Date.UTC(year + 1, month - 1, 1));
  const daysLeft = Math.ceil((sunset.getTime() - now.getTime()) / dayMs);
  return { version, sunset, daysLeft, warn: daysLeft <= warningDays };
}
