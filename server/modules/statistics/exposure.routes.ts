import { type Request, Router } from 'express';
import { exposureCsv } from './exposure.csv.js';
import { exposure, parseExposureQuery, scopeExposureFilter } from './exposure.service.js';

/**
 * GET /api/v1/exposure?month=YYYY-MM | from=YYYY-MM-DD&to=YYYY-MM-DD [&enterpriseId&campaignId
 * &channelId&platform&asOf]: the Exposure figures (exposure.types.ts). Staff any scope; a
 * member only its own enterprise (another one answers 404). GET /api/v1/exposure.csv: the same
 * figures as CSV in the user's language, with a UTF-8 BOM for Excel (`bom=0` leaves it out).
 */
export const exposureRouter = Router();

async function figuresFor(req: Request, query: object) {
  const { filter, asOf } = parseExposureQuery(query as Record<string, unknown>);
  const scoped = await scopeExposureFilter(req.user!, filter);
  return exposure(scoped, { locale: req.user!.locale, ...(asOf ? { asOf } : {}) });
}

exposureRouter.get('/exposure', async (req, res) => {
  res.json(await figuresFor(req, req.query));
});

exposureRouter.get('/exposure.csv', async (req, res) => {
  const { bom, ...query } = req.query as Record<string, unknown>;
  const figures = await figuresFor(req, query);
  const name = `exposition-${figures.filter.from}_${figures.filter.to}.csv`;
  res
    .type('text/csv; charset=utf-8')
    .attachment(name)
    .send(exposureCsv(figures, req.user!.locale, bom !== '0'));
});
