import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { config } from '../../config/index.js';
import { sharedCache } from '../../lib/cache.js';
import type { ExposureGroup, ExposureTotals } from '../statistics/exposure.types.js';
import type { Locale } from '../users/user.model.js';
import type { Report } from './report.service.js';
import { type ReportChart, reportCharts } from './report-charts.js';
import { definitionsIn } from './report-figures.js';
import { type Doc, FONT, heading, MARGIN, plain, table, WIDTH } from './report-pdf-parts.js';
import {
  formatChange,
  formatCount,
  formatMoney,
  formatMonth,
  formatRate,
  type ReportTextKey,
  reportText,
} from './report-texts.js';
import { thumbnailPng } from './report-thumbnails.js';

/**
 * Draws one chart in its own box across the content width, scaled from its px size (the root
 * SVG's own width and height are dropped so its viewBox fits the box), on a new page when the
 * box would not fit, and moves the cursor below it. svg-to-pdfkit leaves its own font set:
 * the body font is set back.
 */
function chart(doc: Doc, svg: ReportChart): void {
  const height = svg.height * (WIDTH / svg.width);
  if (doc.y + 10 + height > doc.page.height - MARGIN) doc.addPage();
  const top = doc.y + 10;
  const markup = svg.markup.replace(/^<svg\b[^>]*>/, (root) => root.replace(/\s(width|height)="[^"]*"/g, ''));
  SVGtoPDF(doc, markup, MARGIN, top, { width: WIDTH, height, assumePt: true });
  doc.font('body').fontSize(10).fillColor('#000');
  doc.x = MARGIN;
  doc.y = top + height + 10;
}

const metricKeys = ['adsPublished', 'posts', 'views', 'reach', 'engagements', 'clicks'] as const;

function totalsTable(doc: Doc, locale: Locale, now: ExposureTotals, before: ExposureTotals): void {
  const tr = (k: ReportTextKey) => reportText(locale, k);
  const rows = metricKeys.map((k) => [
    tr(k),
    formatCount(locale, now[k]),
    formatCount(locale, before[k]),
    formatChange(locale, now[k], before[k]),
  ]);
  rows.push([
    tr('engagementRate'),
    formatRate(locale, now.engagementRate),
    formatRate(locale, before.engagementRate),
    '',
  ]);
  table(doc, ['', tr('totals'), tr('previous'), tr('change')], rows);
}

function groupTable(doc: Doc, locale: Locale, title: ReportTextKey, groups: ExposureGroup[]): void {
  if (groups.length === 0) return;
  const tr = (k: ReportTextKey) => reportText(locale, k);
  heading(doc, tr(title));
  table(
    doc,
    ['', tr('posts'), tr('views'), tr('reach'), tr('engagements'), tr('engagementRate')],
    groups.map((g) => [
      g.label,
      formatCount(locale, g.posts),
      formatCount(locale, g.views),
      formatCount(locale, g.reach),
      formatCount(locale, g.engagements),
      formatRate(locale, g.engagementRate),
    ]),
  );
}

async function topPosts(doc: Doc, locale: Locale, report: Report): Promise<void> {
  const posts = report.figures.topPosts;
  if (posts.length === 0) return;
  const tr = (k: ReportTextKey) => reportText(locale, k);
  heading(doc, tr('topPosts'));
  for (const post of posts) {
    if (doc.y > 660) doc.addPage();
    const y = doc.y;
    const png = await thumbnailPng(post.thumbnailUrl);
    if (png) doc.image(png, MARGIN, y, { fit: [80, 60] });
    const line = `${post.channelName} · ${tr('views')} ${formatCount(locale, post.views)} · ${tr('reach')} ${formatCount(locale, post.reach)} · ${tr('engagements')} ${formatCount(locale, post.engagements)} · ${formatRate(locale, post.engagementRate)}`;
    doc.text(plain(line), MARGIN + 90, y, { width: WIDTH - 90 });
    doc.fillColor('#555').text(post.caption.slice(0, 160), MARGIN + 90, doc.y, {
      width: WIDTH - 90,
      height: 30,
      ellipsis: true,
    });
    doc.fillColor('#000');
    doc.x = MARGIN;
    doc.y = Math.max(doc.y, y + 64);
  }
}

function timeTable(doc: Doc, locale: Locale, report: Report): void {
  const time = report.time;
  if (!time) return;
  const tr = (k: ReportTextKey) =>
    reportText(locale, k, {
      currency: time.currency,
      rate: plain(formatMoney(locale, time.hourlyRate, time.currency)),
    });
  heading(doc, tr('time'));
  doc.text(plain(tr('rate')), MARGIN, doc.y).moveDown(0.3);
  const rows = time.members.map((m) => [
    m.enterpriseName,
    formatCount(locale, m.minutes),
    formatMoney(locale, m.cost, time.currency),
    formatRate(locale, m.share),
  ]);
  rows.push([
    tr('total'),
    formatCount(locale, time.totalMinutes),
    formatMoney(locale, time.totalCost, time.currency),
    time.totalMinutes > 0 ? formatRate(locale, 1) : '',
  ]);
  table(doc, [tr('member'), tr('minutes'), tr('cost'), tr('share')], rows);
}

function header(doc: Doc, locale: Locale, report: Report): void {
  const tr = (k: ReportTextKey, p: Record<string, string | number> = {}) => reportText(locale, k, p);
  const when = (d: Date) =>
    plain(
      new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: config().HUB_TIMEZONE,
      }).format(d),
    );
  doc
    .fontSize(20)
    .fillColor('#1F6F5C')
    .text(`${tr(report.scopeKey === 'hub' ? 'hub' : 'title')} — ${report.scopeName}`, { width: WIDTH });
  doc
    .fontSize(13)
    .fillColor('#000')
    .text(`${formatMonth(locale, report.month)} · ${tr('version', { version: report.version })}`);
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(tr('asOf', { date: when(report.asOf) }))
    .text(tr('builtAt', { date: when(report.builtAt) }));
  doc.fontSize(10).fillColor('#000');
  if (report.figures.empty)
    doc
      .moveDown(0.5)
      .fontSize(12)
      .text(tr(`empty.${report.figures.empty}`))
      .fontSize(10);
}

/** The report as a PDF in one language: totals and change, charts, breakdowns, top posts, time, definitions. */
export async function renderReportPdf(report: Report, locale: Locale): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    info: { Title: `${report.scopeName} ${report.month}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT).font('body');
  header(doc, locale, report);
  const f = report.figures;
  heading(doc, reportText(locale, 'totals'));
  totalsTable(doc, locale, f.totals, f.previous);
  for (const svg of await reportCharts(report, locale)) chart(doc, svg);
  groupTable(doc, locale, 'byCampaign', f.byCampaign);
  groupTable(doc, locale, 'byChannel', f.byChannel);
  groupTable(doc, locale, 'byPlatform', f.byPlatform);
  groupTable(doc, locale, 'byTerritory', f.byTerritory);
  await topPosts(doc, locale, report);
  timeTable(doc, locale, report);
  heading(doc, reportText(locale, 'definitions'));
  const described = definitionsIn(report.figures, locale);
  const definitions = described.length > 0 ? described : [reportText(locale, 'noDefinitions')];
  for (const d of definitions) doc.fontSize(9).text(`• ${d}`, MARGIN, doc.y, { width: WIDTH });
  doc.end();
  return done;
}

const pdfs = sharedCache<Buffer>('report-pdf', (b) => b.length);

/** The report's PDF in one language, made once per report and language (figures are frozen). */
export function reportPdf(report: Report, locale: Locale): Promise<Buffer> {
  return pdfs.fetch(`${report.id}:${locale}`, () => renderReportPdf(report, locale));
}
