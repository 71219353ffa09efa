import { Hono } from 'hono';
import type { ReportRequest } from '../../core/api-types';
import type { AppEnv } from '../deps';
import { REPORT_PAGE_CSP, reportPageHtml, reportSentHtml } from '../pages/report';
import { fileReport } from '../services/reports';
import { enforcePerClient } from '../services/rate-limit';
import { readBody, readJson } from './body';

/** `POST /api/reports`: anyone may report a share, as JSON (API) or as the report page's form. */
export const reportsApi = new Hono<AppEnv>();

reportsApi.post('/', async (c) => {
  const deps = c.get('deps');
  await enforcePerClient(deps, deps.clientIp(c.req.raw), 'report', deps.config.rateLimits.reports, 'reports from your address');
  const isForm = c.req.header('content-type')?.startsWith('application/x-www-form-urlencoded') ?? false;
  const body = isForm
    ? Object.fromEntries(new URLSearchParams(new TextDecoder().decode(await readBody(c, 16 * 1024, 'report_too_large'))))
    : ((await readJson(c)) as Partial<ReportRequest>);
  const { id, shareId } = await fileReport(deps, body as Partial<ReportRequest>);
  if (isForm) return c.html(reportSentHtml(), 201, { 'Content-Security-Policy': REPORT_PAGE_CSP });
  return c.json({ id, shareId }, 201);
});

/** The report page on the app's origin. */
export const reportPage = new Hono<AppEnv>();
reportPage.get('/', (c) => c.html(reportPageHtml(c.req.query('link') ?? ''), 200, { 'Content-Security-Policy': REPORT_PAGE_CSP, 'Cache-Control': 'no-store' }));
