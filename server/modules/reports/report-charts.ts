import type { Locale } from '../users/user.model.js';
import type { Report } from './report.service.js';

/** One chart as SVG markup and its size in px. */
export interface ReportChart {
  markup: string;
  width: number;
  height: number;
}

// TEMPORARY until the exposure branch's charts module is merged: no charts yet.
export function reportCharts(_report: Report, _locale: Locale): ReportChart[] {
  return [];
}
