// The Node server remembers the serving path's metadata read (app/db/serving-memo.ts): every
// write that changes what a link shows must take effect on the very next request, over HTTP.
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, http, manifestOf, type Bundle } from '../contract/client';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';

let server: RunningNodeServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startNodeServer({ env: { LOG_LEVEL: 'error' } });
  api = apiClient(server.url);
});
afterAll(() => server.stop());

/** GETs a share's page twice (the second answer comes from the memo) and returns the last. */
async function view(url: string, path = '/') {
  await http(new URL(path, url).toString());
  const res = await http(new URL(path, url).toString());
  return { status: res.status, text: res.body.toString() };
}

async function update(id: string, token: string, bundle: Bundle, extra: Record<string, unknown> = {}) {
  const { files, bytes } = manifestOf(bundle);
  const res = await api.call(`/api/shares/${id}/versions`, { token, json: { files, ...extra } });
  expect(res.status, res.body.toString()).toBe(201);
  const plan = res.json<{ uploadPath: string; finalizePath: string; missing: string[] }>();
  await api.upload(plan as never, files, bytes, token);
  return plan;
}

describe('the Node server serves from memory only what the database still says', () => {
  it('a revoke answers 410 on the next request', async () => {
    const { id, url, token } = await api.publish({ 'index.html': '<p>cached revoke</p>', 'a.css': 'p{}' });
    expect(await view(url)).toEqual({ status: 200, text: '<p>cached revoke</p>' });
    expect((await view(url, '/a.css')).status).toBe(200);
    expect((await api.call(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
    expect((await http(url)).status).toBe(410);
    expect((await http(new URL('/a.css', url).toString())).status).toBe(410);
  });

  it('a finalized update serves the new bytes on the next request, and a rollback the old ones', async () => {
    const { id, url, token } = await api.publish({ 'index.html': '<p>cached v1</p>' });
    expect((await view(url)).text).toBe('<p>cached v1</p>');
    const plan = await update(id, token, { 'index.html': '<p>cached v2</p>' });
    // Pending: visitors still see version 1.
    expect((await view(url)).text).toBe('<p>cached v1</p>');
    expect((await api.call(plan.finalizePath, { method: 'POST', token })).status).toBe(200);
    expect((await http(url)).body.toString()).toBe('<p>cached v2</p>');
    expect((await view(url)).text).toBe('<p>cached v2</p>');
    expect((await api.call(`/api/shares/${id}/rollback`, { token, json: { to: 1 } })).status).toBe(200);
    expect((await http(url)).body.toString()).toBe('<p>cached v1</p>');
  });

  it('a password set by an update asks for it on the next request', async () => {
    const { id, url, token } = await api.publish({ 'index.html': '<p>cached open</p>' });
    expect((await view(url)).status).toBe(200);
    await update(id, token, { 'index.html': '<p>cached closed</p>' }, { password: 'a long enough secret' });
    const res = await http(url);
    expect(res.status).toBe(401);
    expect(res.body.toString()).not.toContain('cached open');
  });

  it('a view limit is counted in the database on every page view, cached or not', async () => {
    const { url } = await api.publish({ 'index.html': '<p>cached limited</p>' }, { maxViews: 2 });
    expect((await http(url)).status).toBe(200);
    expect((await http(url)).status).toBe(200);
    expect((await http(url)).status).toBe(410);
  });

  it('a takedown answers 451 on the next request', async () => {
    const admin = await startNodeServer({ env: { LOG_LEVEL: 'error', ADMIN_TOKEN: 'cache-admin-token-0123456789' } });
    try {
      const a = apiClient(admin.url);
      const { id, url } = await a.publish({ 'index.html': '<p>cached takedown</p>' });
      expect((await view(url)).status).toBe(200);
      const res = await a.call(`/api/admin/shares/${id}/takedown`, { token: 'cache-admin-token-0123456789', json: { reason: 'test' } });
      expect(res.status, res.body.toString()).toBe(200);
      expect((await http(url)).status).toBe(451);
    } finally {
      await admin.stop();
    }
  });

  it('a write to the database file by another process is seen on the next request', async () => {
    const { id, url } = await api.publish({ 'index.html': '<p>cached outside</p>' });
    expect((await view(url)).status).toBe(200);
    const other = new BetterSqlite3(join(server.dataDir!, 'share.db'));
    try {
      other.prepare("update shares set state = 'revoked', current_version = null where id = ?").run(id);
    } finally {
      other.close();
    }
    expect((await http(url)).status).toBe(410);
  });
});
