import { Hono } from 'hono';
import { pingDatabase } from '../db/client';
import type { AppEnv } from '../deps';
import { mailerWarning } from '../services/mail-status';
import { MISSING_SECRET_WARNING, secretStatus } from '../services/secret';

const TIMEOUT_MS = 3000;

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'failed'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS); })]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /healthz`: whether the database and the blob store answer, and which version runs. 503 names
 * the failing part, so a load balancer drains the instance and an operator knows where to look.
 * `secrets.cookieSecret` (configured | generated | missing) and `warnings` say what an operator
 * must still set; a missing secret is not an outage (public links work), so it stays 200.
 * `mailer` (log | smtp | http) names the adapter sending one-time codes; the development log
 * mailer on a production-looking deployment adds a warning, and stays 200 too.
 */
export const health = new Hono<AppEnv>();

health.get('/', async (c) => {
  const { db, blobs, config, log, mailer } = c.get('deps');
  const [database, storage] = await Promise.all([check(() => pingDatabase(db)), check(() => blobs.ping())]);
  const ok = database === 'ok' && storage === 'ok';
  if (!ok) log.error('health_failed', { requestId: c.get('requestId'), database, storage });
  c.header('Cache-Control', 'no-store');
  const cookieSecret = secretStatus(config);
  const mailWarning = mailerWarning(mailer.kind, config);
  const warnings = [...(cookieSecret === 'missing' ? [MISSING_SECRET_WARNING] : []), ...(mailWarning ? [mailWarning] : [])];
  return c.json({ status: ok ? 'ok' : 'degraded', version: config.version, checks: { database, storage }, secrets: { cookieSecret }, mailer: mailer.kind, warnings }, ok ? 200 : 503);
});
