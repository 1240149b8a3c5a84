import { type Request, Router } from 'express';
import type { ErrorBody } from '../lib/error-handler.js';
import { escapeHtml } from '../lib/html.js';

/** Server-rendered dashboard (placeholder until the dashboard shell lands). */
export function dashboardRouter(): Router {
  return Router();
}

export function renderErrorPage(_req: Request, status: number, body: ErrorBody): string {
  return `<!doctype html><title>${status}</title><h1>${status}</h1><p>${escapeHtml(body.error.message)}</p>`;
}
