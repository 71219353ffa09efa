import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { silentLogger } from '../../app/lib/log';
import { LOG_MAILER_WARNING } from '../../app/services/mail-status';
import { depsFromEnv, type Env } from '../../worker/index';

/**
 * The Worker picks its mailer from its vars and secrets (EMAIL_API_URL, EMAIL_API_KEY, MAIL_FROM)
 * as deployed, and /healthz says which one runs; the log mailer on a real deployment is a warning.
 */

const API = { EMAIL_API_URL: 'https://api.resend.com/emails', EMAIL_API_KEY: 're_test_key_0123456789', MAIL_FROM: 'share <no-reply@share.example>' };
const PRODUCTION = { CONTENT_DOMAIN: 'example-usercontent.com', APP_HOST: 'share.example.com', PUBLIC_SCHEME: 'https' };

interface Health { status: string; mailer: string; warnings: string[] }

/** The Worker's deps as `depsFromEnv` builds them from these vars on top of wrangler.toml's. */
function worker(vars: Record<string, string>) {
  const deps = depsFromEnv({ ...(env as unknown as Env), ...vars });
  const app = createApp({ ...deps, log: silentLogger });
  return { deps, health: async (host = 'localhost:8787') => { const res = await app.request(`http://${host}/healthz`); expect(res.status).toBe(200); return (await res.json()) as Health; } };
}

describe('the Worker\'s mailer, as /healthz reports it', () => {
  it('without EMAIL_API_URL: the development log mailer, and locally no warning', async () => {
    const { deps, health } = worker({});
    expect(deps.mailer.kind).toBe('log');
    expect(await health()).toMatchObject({ status: 'ok', mailer: 'log', warnings: [] });
  });

  it('with EMAIL_API_URL, EMAIL_API_KEY and MAIL_FROM: the HTTP email API', async () => {
    const { deps, health } = worker(API);
    expect(deps.mailer.kind).toBe('http');
    expect(await health()).toMatchObject({ mailer: 'http', warnings: [] });
  });

  it('a production deployment with no mailer keeps working, and warns what to set', async () => {
    const body = await worker({ ...PRODUCTION, COOKIE_SECRET: 'c'.repeat(43) }).health('share.example.com');
    expect(body).toMatchObject({ status: 'ok', mailer: 'log' });
    expect(body.warnings).toEqual([LOG_MAILER_WARNING]);
    expect(LOG_MAILER_WARNING).toContain('npx wrangler secret put EMAIL_API_KEY --env production');
    expect(await worker({ ...PRODUCTION, ...API, COOKIE_SECRET: 'c'.repeat(43) }).health('share.example.com')).toMatchObject({ mailer: 'http', warnings: [] });
  });
});
