import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { UploadPlan } from '../../core/api-types';
import { createApp } from '../../app/app';
import type { Deps } from '../../app/deps';
import { depsFromEnv, type Env } from '../../worker/index';
import { runCleanup } from '../../app/jobs/cleanup';
import { guardStore } from '../../app/lib/dependency';
import { d1Database, guardD1 } from '../../worker/d1';
import { silentLogger } from '../../app/lib/log';
import { r2Store } from '../../worker/r2';
import type { BlobStore } from '../../app/storage';
import { manifestOf } from './helpers';
import { count, r2Keys } from './storage';

/** Injected faults against real local D1/R2: a blob store that fails mid-publish, a database that goes away. */
const base = () => ({ ...depsFromEnv(env as unknown as Env), log: silentLogger });
const APP = 'http://localhost:8787';

function flakyStore(failOnPut: number): { store: BlobStore; puts: () => number } {
  const real = r2Store(env.BLOBS);
  let n = 0;
  return {
    puts: () => n,
    store: guardStore({ ...real, put: async (key, bytes, type) => { n++; if (n === failOnPut) throw new Error('R2 put failed: connection reset'); return real.put(key, bytes, type); } }),
  };
}

async function publishWith(deps: Deps, bundle: Record<string, string>) {
  const app = createApp(deps);
  const { files, bytes } = await manifestOf(bundle);
  const created = await app.request(`${APP}/api/shares`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files }) });
  const plan = (await created.json()) as UploadPlan;
  const statuses: number[] = [];
  for (const sha of plan.missing) {
    const f = files.find((x) => x.sha256 === sha)!;
    const res = await app.request(`${APP}${plan.uploadPath}${sha}`, { method: 'PUT', headers: { authorization: `Bearer ${plan.ownerToken}` }, body: bytes.get(f.path) });
    statuses.push(res.status);
    if (res.status !== 204) return { app, plan, statuses, failure: (await res.json()) as { error: { code: string } }, retryAfter: res.headers.get('retry-after') };
  }
  const fin = await app.request(`${APP}${plan.finalizePath}`, { method: 'POST', headers: { authorization: `Bearer ${plan.ownerToken}` } });
  statuses.push(fin.status);
  return { app, plan, statuses, failure: null, retryAfter: null };
}

describe('the blob store fails midway through a publish', () => {
  it('reports an error, shows nothing, leaves no stray objects after cleanup, and a retry succeeds', async () => {
    const tag = crypto.randomUUID();
    const bundle = { 'index.html': `<p>${tag}</p>`, 'a.css': `/* ${tag} a */`, 'b.js': `// ${tag} b`, 'c.json': `"${tag}"` };
    const flaky = flakyStore(3);
    const attempt = await publishWith({ ...base(), blobs: flaky.store }, bundle);
    expect(attempt.failure?.error.code).toBe('unavailable');
    expect(attempt.statuses).toEqual([204, 204, 503]);
    expect(attempt.retryAfter).toBe('5');
    const visitor = await attempt.app.request(`http://${attempt.plan.id}.localhost:8787/`);
    expect(visitor.status).toBe(404);
    expect((await r2Keys(`${attempt.plan.id}/`)).length).toBe(2);

    const later = { ...base(), clock: { now: () => Date.now() + 2 * 3600_000 } };
    await runCleanup(later);
    expect(await r2Keys(`${attempt.plan.id}/`)).toEqual([]);
    expect(await count('shares', attempt.plan.id)).toBe(0);

    const retry = await publishWith(base(), bundle);
    expect(retry.failure).toBeNull();
    const page = await retry.app.request(`http://${retry.plan.id}.localhost:8787/`);
    expect(await page.text()).toBe(`<p>${tag}</p>`);
  });
});

describe('the database is unavailable', () => {
  it('answers 503 with a clear error while it is down, and resumes when it returns', async () => {
    let down = false;
    const switchable = new Proxy(env.DB, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (down && (prop === 'prepare' || prop === 'batch' || prop === 'exec')) return () => { throw new Error('D1_ERROR: Network connection lost.'); };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const deps = { ...base(), db: d1Database(guardD1(switchable)) };
    const tag = crypto.randomUUID();
    const ok = await publishWith(deps, { 'index.html': `<p>${tag}</p>` });
    expect(ok.failure).toBeNull();
    const app = createApp(deps);

    down = true;
    const { files } = await manifestOf({ 'index.html': `${tag} second` });
    const api = await app.request(`${APP}/api/shares`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files }) });
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toContain('database');
    expect(body.error.message).not.toContain('D1_ERROR');
    const page = await app.request(`http://${ok.plan.id}.localhost:8787/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Temporarily unavailable');
    const health = await app.request(`${APP}/healthz`);
    expect(health.status).toBe(503);

    down = false;
    const back = await app.request(`http://${ok.plan.id}.localhost:8787/`);
    expect(back.status).toBe(200);
    expect(await back.text()).toBe(`<p>${tag}</p>`);
  });
});
