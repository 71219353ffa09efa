import { CONTENT_SECURITY_HEADERS, STATUS_PAGE_CSP } from '../lib/headers';
import { statusPageHtml, type StatusPageKind } from '../pages/status';

/**
 * A visitor page on a share's origin (404, 410, 451, 500, 503) as a response: never cached, no
 * script allowed. Its own module so the serving route, the password gate and the error handler
 * all answer with it without importing one another.
 */
export function statusPage(kind: StatusPageKind, status: number): Response {
  return new Response(statusPageHtml(kind).toString(), {
    status,
    headers: { ...CONTENT_SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': STATUS_PAGE_CSP },
  });
}
