import { Hono } from 'hono';
import type { AppEnv, Deps } from './deps';
import { apiNotFound, handleError } from './errors';
import { classifyHost, isHttps } from './lib/hosts';
import { expireStrayCookies } from './lib/stray-cookies';
import { serveContent } from './routes/content';
import { statusPage } from './routes/status-page';
import { sharesApi } from './routes/shares';
import { versionsApi } from './routes/versions';
import { feedbackApi } from './routes/feedback';
import { adminApi } from './routes/admin';
import { reportPage, reportsApi } from './routes/reports';
import { requestContext, requestId } from './middleware/request-context';
import { appSecureHeaders } from './middleware/secure-headers';
import { health } from './routes/health';
import { sameOriginWrites } from './middleware/origin';
import { appNotFoundPage } from './pages/not-found';
import { appPage, pages } from './routes/pages';
import { serverInfo } from './services/server-info';
import { mcpApi } from './routes/mcp';

/**
 * Builds the one Hono app both runtimes serve. The Host header splits it in two: a share's origin
 * (`<id>.<content domain>`) reaches only `serveContent`, never API code; every other host is the app.
 */
export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', requestId);
  app.use('*', requestContext(deps));
  app.use('*', async (c, next) => {
    const host = classifyHost(new URL(c.req.url).hostname, deps.config);
    if (host.kind === 'content') {
      c.set('hostKind', 'content');
      c.set('shareId', host.label);
      return expireStrayCookies(await serveContent(c, host.label), c.req.header('cookie'), deps.config.contentDomain, isHttps(c.req.url, deps.config));
    }
    if (host.kind === 'unknown') {
      c.set('hostKind', 'content');
      return statusPage('not_found', 404);
    }
    c.set('hostKind', 'app');
    await next();
  });
  app.use('*', appSecureHeaders);

  app.use('/api/*', sameOriginWrites);
  // MCP clients send no Origin; a browser page must not drive /mcp (MCP transports: validate Origin).
  app.use('/mcp', sameOriginWrites);
  app.get('/api', (c) => c.json(serverInfo(deps.config)));
  app.route('/api/shares', sharesApi);
  app.route('/api/shares', versionsApi);
  app.route('/api/shares', feedbackApi);
  app.route('/api/reports', reportsApi);
  app.route('/api/admin', adminApi);
  app.route('/report', reportPage);
  app.route('/healthz', health);
  app.route('/mcp', mcpApi);
  app.all('/api/*', apiNotFound);
  app.route('/', pages);
  app.notFound((c) => (new URL(c.req.url).pathname.startsWith('/api') ? apiNotFound(c) : appPage(appNotFoundPage(), 404)));
  app.onError(handleError);
  return app;
}
