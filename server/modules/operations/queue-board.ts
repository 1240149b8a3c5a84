import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Request, RequestHandler } from 'express';
import { getQueue, queueNames } from '../../lib/queues.js';

type EntryRoute = Parameters<ExpressAdapter['setEntryRoute']>[0];

// The page template links Google Fonts; the board works with the system fonts and must not
// make an administrator's browser call a third party.
const externalStylesheet = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>\s*/gi;

/**
 * Bull Board's Express adapter, with a page that loads nothing from outside and speaks the
 * signed-in user's language.
 */
class LocalBoardAdapter extends ExpressAdapter {
  constructor() {
    super();
    this.app.disable('x-powered-by');
  }

  override setEntryRoute(routeDef: EntryRoute): ExpressAdapter {
    const page: RequestHandler = (req, res, next) => {
      const uiConfig = { ...this.uiConfig, locale: { lng: boardLocale(req) } };
      const { name, params } = routeDef.handler({ basePath: this.basePath, uiConfig });
      res.render(name, params, (err: Error | null, page: string) => {
        if (err) next(err);
        else res.type('html').send(page.replace(externalStylesheet, ''));
      });
    };
    for (const route of [routeDef.route].flat()) this.app.get(route, page);
    return this;
  }
}

function boardLocale(req: Request): string {
  return req.user?.locale === 'en' ? 'en-US' : 'fr-FR';
}

/**
 * Bull Board over the application's own BullMQ queues (from lib/queues, so with their Redis
 * prefix and connection), served at `basePath`. Returns the Express handler to mount there;
 * the caller puts the access checks in front of it.
 */
export function queueBoard(basePath: string): RequestHandler {
  const serverAdapter = new LocalBoardAdapter().setBasePath(basePath);
  createBullBoard({
    queues: queueNames.map((name) => new BullMQAdapter(getQueue(name))),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'Vitrine',
        hideDocsLink: true,
        miscLinks: [{ text: 'Vitrine', url: '/' }],
      },
    },
  });
  return serverAdapter.getRouter() as RequestHandler;
}
