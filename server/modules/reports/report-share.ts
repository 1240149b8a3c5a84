import { config } from '../../config/index.js';
import { AppError, NotFoundError } from '../../lib/errors.js';
import { derivedKey, signPayload, verifyPayload } from '../../lib/signing.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff } from '../access/access.policy.js';
import type { PublicUser } from '../users/user.service.js';
import { shareSchema } from './report.schemas.js';
import { getReport, getSharedReport, type Report } from './report.service.js';

/** A share link that is not valid: `altered` (any edit breaks the signature) or `expired`. */
export class ShareLinkError extends AppError {
  constructor(readonly reason: 'altered' | 'expired') {
    super(
      reason === 'expired' ? 410 : 403,
      `share_link_${reason}`,
      reason === 'expired' ? 'This share link has expired.' : 'This share link is not valid.',
      [{ field: 'token', message: reason === 'expired' ? 'has expired' : 'is not valid' }],
    );
  }
}

const key = () => derivedKey('report-share');

/** `<reportId>.<expiry s, base 36>.<HMAC-SHA256>`: names one report; signed, so it can name no other. */
function sign(reportId: string, expiresAt: Date): string {
  const payload = `${reportId}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${signPayload(key(), payload)}`;
}

/** The report a token grants and until when; throws ShareLinkError when altered or expired. */
export function checkShareToken(token: unknown, now = Date.now()): { reportId: string; expiresAt: Date } {
  if (typeof token !== 'string' || token.length > 200) throw new ShareLinkError('altered');
  const parts = token.split('.');
  if (parts.length !== 3) throw new ShareLinkError('altered');
  const [reportId, expires, signature] = parts as [string, string, string];
  if (!verifyPayload(key(), `${reportId}.${expires}`, signature)) throw new ShareLinkError('altered');
  const expiresAt = new Date(Number.parseInt(expires, 36) * 1000);
  if (!(expiresAt.getTime() > now)) throw new ShareLinkError('expired');
  return { reportId, expiresAt };
}

export interface ShareLink {
  url: string;
  token: string;
  expiresAt: Date;
}

/**
 * A signed link to one report for someone without an account (staff only; others get 404),
 * valid `days` days (1–365; REPORT_LINK_DAYS when undefined). Days out of range or not whole
 * are a ValidationError naming `days`.
 */
export async function createShareLink(
  user: PublicUser,
  reportId: string,
  daysInput: unknown = undefined,
  now = Date.now(),
): Promise<ShareLink> {
  if (!isStaff(user)) throw new NotFoundError('Report');
  const days = parseInput(shareSchema, { days: daysInput }, 'Share link').days ?? config().REPORT_LINK_DAYS;
  const report = await getReport(user, reportId);
  const expiresAt = new Date(now + days * 86_400_000);
  const token = sign(report.id, expiresAt);
  return { url: new URL(`/share/reports/${token}`, config().publicUrl).toString(), token, expiresAt };
}

/** The report a valid share link names; ShareLinkError otherwise, NotFound once the report is gone. */
export async function readSharedReport(token: unknown): Promise<Report & { linkExpiresAt: Date }> {
  const { reportId, expiresAt } = checkShareToken(token);
  return { ...(await getSharedReport(reportId)), linkExpiresAt: expiresAt };
}
