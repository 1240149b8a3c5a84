import { notifyInBackground } from '../notifications/notification.service.js';
import type { Report } from './report.service.js';
import { reportPdf } from './report-pdf.js';

/** The PDF's file name: "rapport-2026-10-coop-du-coin-v1.pdf". */
export function reportFileName(report: Report, ext: 'pdf' | 'csv'): string {
  const slug = report.scopeName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `rapport-${report.month}-${slug || report.scopeKey}-v${report.version}.${ext}`;
}

/**
 * Emails a newly built report, its PDF attached in each recipient's language: an enterprise's
 * report to its contact and member users, the hub's to staff (admins and strategists).
 * Through the notification layer: a dashboard notice too, each address once per report,
 * the outbox without SMTP_URL. Never throws; failures are logged there.
 */
export function deliverReport(report: Report): void {
  notifyInBackground({
    kind: 'report_ready',
    key: `report:${report.id}`,
    params: { month: report.month, scope: report.scopeName, version: String(report.version) },
    link: `/reports/${report.id}`,
    to: report.enterpriseId ? { enterpriseId: report.enterpriseId } : { staff: true },
    attachments: async (locale) => [
      {
        filename: reportFileName(report, 'pdf'),
        content: await reportPdf(report, locale),
        contentType: 'application/pdf',
      },
    ],
  });
}
