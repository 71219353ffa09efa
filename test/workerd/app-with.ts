import { env } from 'cloudflare:test';
import { createApp } from '../../app/app';
import type { Config } from '../../app/config';
import type { Deps } from '../../app/deps';
import { silentLogger } from '../../app/lib/log';
import { depsFromEnv, type Env } from '../../worker/index';

export const ADMIN = 'test-admin-token-0123456789';

/**
 * The real app over env.DB/env.BLOBS with some config changed, as an operator would set vars;
 * `parts` swaps whole deps (a clock moved forward, a blob store that counts its writes).
 */
export function appWith(change: Partial<Config> = {}, parts: (base: Deps) => Partial<Deps> = () => ({})) {
  const base = depsFromEnv(env as unknown as Env);
  const app = createApp({ ...base, log: silentLogger, ...parts(base), config: { ...base.config, adminToken: ADMIN, ...change } });
  return (path: string, init: RequestInit & { secret?: string; json?: unknown; ip?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.secret) headers.set('authorization', `Bearer ${init.secret}`);
    if (init.ip) headers.set('cf-connecting-ip', init.ip);
    let body = init.body;
    if (init.json !== undefined) { headers.set('content-type', 'application/json'); body = JSON.stringify(init.json); }
    return app.request(path.startsWith('http') ? path : `http://localhost:8787${path}`, { ...init, headers, body });
  };
}
