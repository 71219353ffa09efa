import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { UploadPlan } from '../../core/api-types';
import type { Deps } from '../../app/deps';
import worker, { depsFromEnv, type Env } from '../../worker/index';
import { runCleanup } from '../../app/jobs/cleanup';
import { silentLogger } from '../../app/lib/log';
import { api, enc, manifestOf, publish, sha256, visit } from './helpers';
import { count, expectApiError, r2Keys, shareRow } from './storage';

const workerEnv = env as unknown as Env;
const TTL_MS = Number(env.PENDING_TTL_SECONDS ?? 3600) * 1000;

/** Deps as the Worker builds them, with the clock moved `aheadMs` into the future. */
function depsAt(aheadMs: number): Deps {
  return { ...depsFromEnv(workerEnv), clock: { now: () => Date.now() + aheadMs }, log: silentLogger };
}
const pastTtl = () => depsAt(TTL_MS + 60_000);

async function rowsOf(id: string) {
  return { shares: await count('shares', id), versions: await count('versions', id), files: await count('files', id), blobs: await count('blobs', id), objects: (await r2Keys(`${id}/`)).length };
}

/** A publish cut off after its manifest and `uploads` of its blobs: never finalized. */
async function cutOff(bundle: Record<string, string>, uploads: number) {
  const { files, bytes } = await manifestOf(bundle);
  const res = await api('/api/shares', { method: 'POST', json: { files } });
  expect(res.status).toBe(201);
  const plan = (await res.json()) as UploadPlan;
  for (const sha of plan.missing.slice(0, uploads)) {
    const f = files.find((x) => x.sha256 === sha)!;
    const put = await api(`${plan.uploadPath}${sha}`, { method: 'PUT', body: bytes.get(f.path), token: plan.ownerToken });
    expect(put.status).toBe(204);
  }
  return { plan, files, bytes, token: plan.ownerToken! };
}

/** Moves a share's timestamps (share, versions, blobs) back in time, as if it were created `agoMs` ago. */
async function age(id: string, agoMs: number) {
  const then = Date.now() - agoMs;
  await env.DB.batch([
    env.DB.prepare('update shares set created_at = ?, updated_at = ? where id = ?').bind(then, then, id),
    env.DB.prepare('update versions set created_at = ? where share_id = ?').bind(then, id),
    env.DB.prepare('update blobs set created_at = ? where share_id = ?').bind(then, id),
  ]);
}

async function expectServes(id: string, expected: Record<string, string>) {
  for (const [path, text] of Object.entries(expected)) {
    const res = await visit(id, path);
    expect(res.status, path).toBe(200);
    expect(await res.text(), path).toBe(text);
  }
}

describe('a publish cut off midway', () => {
  it('is never visible, and cleanup past the pending TTL removes its rows and R2 objects', async () => {
    const bundle = { 'index.html': '<p>cleanup cut off</p>', 'a.css': '.cleanup-cut{}', 'b.js': 'cleanup_cut()' };
    const { plan, token } = await cutOff(bundle, 2);
    expect(await rowsOf(plan.id)).toEqual({ shares: 1, versions: 1, files: 3, blobs: 2, objects: 2 });
    for (const path of ['/', '/index.html', '/a.css', '/b.js', '/missing']) expect((await visit(plan.id, path)).status, path).toBe(404);

    // Within the TTL nothing is touched: the client may still be uploading.
    await runCleanup(depsAt(0));
    await runCleanup(depsAt(TTL_MS - 60_000));
    expect(await rowsOf(plan.id)).toEqual({ shares: 1, versions: 1, files: 3, blobs: 2, objects: 2 });

    const report = await runCleanup(pastTtl());
    expect(report.abandonedVersions).toBeGreaterThanOrEqual(1);
    expect(report.abandonedShares).toBeGreaterThanOrEqual(1);
    expect(report.strayBlobs).toBeGreaterThanOrEqual(2);
    expect(await rowsOf(plan.id)).toEqual({ shares: 0, versions: 0, files: 0, blobs: 0, objects: 0 });

    expect((await visit(plan.id, '/')).status).toBe(404);
    await expectApiError(await api(plan.finalizePath, { method: 'POST', token }), 404, 'not_found');
  });

  it('a publish whose manifest was posted but nothing uploaded is removed too', async () => {
    const { plan } = await cutOff({ 'index.html': '<p>cleanup nothing uploaded</p>' }, 0);
    expect(await rowsOf(plan.id)).toEqual({ shares: 1, versions: 1, files: 1, blobs: 0, objects: 0 });
    await runCleanup(pastTtl());
    expect(await rowsOf(plan.id)).toEqual({ shares: 0, versions: 0, files: 0, blobs: 0, objects: 0 });
  });

  it('a publish with every blob uploaded but never finalized is removed too', async () => {
    const { plan } = await cutOff({ 'index.html': '<p>cleanup all uploaded</p>', 'x.txt': 'cleanup x' }, 2);
    expect((await visit(plan.id, '/')).status).toBe(404);
    await runCleanup(pastTtl());
    expect(await rowsOf(plan.id)).toEqual({ shares: 0, versions: 0, files: 0, blobs: 0, objects: 0 });
  });

  it('is safe to run repeatedly', async () => {
    const { plan } = await cutOff({ 'index.html': '<p>cleanup repeat</p>' }, 1);
    await runCleanup(pastTtl());
    const again = await runCleanup(pastTtl());
    expect(again).toMatchObject({ abandonedVersions: 0, abandonedShares: 0, strayBlobs: 0, endedShareBlobs: 0, oldVersions: 0 });
    expect(await rowsOf(plan.id)).toEqual({ shares: 0, versions: 0, files: 0, blobs: 0, objects: 0 });
  });
});

describe('live shares survive cleanup', () => {
  it('a live share keeps every row and object even with the clock far past the TTL (until it expires)', async () => {
    const bundle = { 'index.html': '<p>cleanup live</p>', 'css/a.css': '.cleanup-live{}', 'img/x.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' };
    const { id } = await publish(bundle, { expires: '30d' });
    await age(id, 30 * 24 * 3600 * 1000);
    const before = await rowsOf(id);
    expect(before).toEqual({ shares: 1, versions: 1, files: 3, blobs: 3, objects: 3 });
    await runCleanup(depsAt(29 * 24 * 3600 * 1000));
    expect(await rowsOf(id)).toEqual(before);
    await expectServes(id, { '/': bundle['index.html'], '/css/a.css': bundle['css/a.css'], '/img/x.svg': bundle['img/x.svg'] });
  });

  it('an abandoned update is removed while the live version keeps serving', async () => {
    const v1 = { 'index.html': '<p>cleanup update v1</p>', 'a.css': '.cleanup-shared{}' };
    const { id, token } = await publish(v1);
    const v2 = { 'index.html': '<p>cleanup update v2</p>', 'a.css': '.cleanup-shared{}', 'b.js': 'cleanup_v2()' };
    const { files, bytes } = await manifestOf(v2);
    const res = await api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files, baseVersion: 1 } });
    expect(res.status).toBe(201);
    const plan = (await res.json()) as UploadPlan;
    expect(plan.missing).toHaveLength(2);
    const newIndex = await sha256(enc.encode(v2['index.html']));
    expect((await api(`${plan.uploadPath}${newIndex}`, { method: 'PUT', token, body: bytes.get('index.html') })).status).toBe(204);
    expect(await rowsOf(id)).toEqual({ shares: 1, versions: 2, files: 5, blobs: 3, objects: 3 });
    await age(id, TTL_MS + 60_000);

    await runCleanup(depsAt(0));

    expect(await rowsOf(id)).toEqual({ shares: 1, versions: 1, files: 2, blobs: 2, objects: 2 });
    expect(await env.BLOBS.head(`${id}/${newIndex}`)).toBeNull();
    expect((await shareRow(id))!).toMatchObject({ state: 'live', current_version: 1 });
    await expectServes(id, { '/': v1['index.html'], '/a.css': v1['a.css'] });
    await expectApiError(await api(plan.finalizePath, { method: 'POST', token }), 404, 'not_found');
  });

  it('objects left behind by a revoked share are removed, and the tombstone stays', async () => {
    const { id, token } = await publish({ 'index.html': '<p>cleanup revoked leftovers</p>' });
    expect((await api(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
    // An upload that raced the revoke and landed after its deletion:
    const late = enc.encode('cleanup late object');
    const hash = await sha256(late);
    await env.BLOBS.put(`${id}/${hash}`, late);
    await env.DB.prepare('insert into blobs (share_id, sha256, size, created_at) values (?, ?, ?, ?)').bind(id, hash, late.byteLength, Date.now()).run();

    const report = await runCleanup(depsAt(0));
    expect(report.endedShareBlobs).toBeGreaterThanOrEqual(1);
    expect(await r2Keys(`${id}/`)).toEqual([]);
    expect(await count('blobs', id)).toBe(0);
    expect((await shareRow(id))!.state).toBe('revoked');
    expect((await visit(id, '/')).status).toBe(410);
  });
});

describe('the scheduled handler', () => {
  it('runs cleanup: removes a stale cut-off publish, keeps live shares and fresh pending ones', async () => {
    const liveBundle = { 'index.html': '<p>cleanup scheduled live</p>', 'app.js': 'cleanup_scheduled()' };
    const live = await publish(liveBundle);
    await age(live.id, 10 * TTL_MS);
    const fresh = await cutOff({ 'index.html': '<p>cleanup scheduled fresh</p>', 'a.txt': 'fresh a' }, 1);
    const stale = await cutOff({ 'index.html': '<p>cleanup scheduled stale</p>', 'b.txt': 'stale b' }, 1);
    await age(stale.plan.id, TTL_MS + 60_000);
    const liveBefore = await rowsOf(live.id);
    const freshBefore = await rowsOf(fresh.plan.id);
    expect(await rowsOf(stale.plan.id)).toEqual({ shares: 1, versions: 1, files: 2, blobs: 1, objects: 1 });

    const controller = createScheduledController({ scheduledTime: Date.now(), cron: '*/10 * * * *' });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, workerEnv, ctx);
    await waitOnExecutionContext(ctx);

    expect(await rowsOf(stale.plan.id)).toEqual({ shares: 0, versions: 0, files: 0, blobs: 0, objects: 0 });
    expect(await rowsOf(live.id)).toEqual(liveBefore);
    expect(await rowsOf(fresh.plan.id)).toEqual(freshBefore);
    await expectServes(live.id, { '/': liveBundle['index.html'], '/app.js': liveBundle['app.js'] });

    // The fresh publish can still be completed after the scheduled run.
    const rest = fresh.files.find((f) => fresh.plan.missing.indexOf(f.sha256) === 1)!;
    expect((await api(`${fresh.plan.uploadPath}${rest.sha256}`, { method: 'PUT', token: fresh.token, body: fresh.bytes.get(rest.path) })).status).toBe(204);
    expect((await api(fresh.plan.finalizePath, { method: 'POST', token: fresh.token })).status).toBe(200);
    await expectServes(fresh.plan.id, { '/': '<p>cleanup scheduled fresh</p>', '/a.txt': 'fresh a' });
  });
});
