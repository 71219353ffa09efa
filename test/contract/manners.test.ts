import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text } from '../helpers/mcp';
import type { ServerInfo, ShareInfo, UploadPlan, VersionList } from '../../core/api-types';
import type { RunningServer } from '../helpers/server';
import { apiClient, http, manifestOf, RUNTIMES } from './client';

/** What the API tells its clients so they can answer a person well: the same on both runtimes. */
describe.each(RUNTIMES)('answers a client can pass on, on $name', ({ start }) => {
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => { server = await start(); api = apiClient(server.url); });
  afterAll(async () => { await server?.stop(); });

  /** Starts an update of `id` with this bundle; the plan, and what it takes to finish it. */
  async function update(id: string, token: string, bundle: Record<string, string>, extra: Record<string, unknown> = {}) {
    const { files, bytes } = manifestOf(bundle);
    const res = await api.call(`/api/shares/${id}/versions`, { token, json: { files, ...extra } });
    expect(res.status, res.body.toString()).toBe(201);
    const plan = res.json<UploadPlan>();
    await api.upload(plan, files, bytes, token);
    const fin = await api.call(plan.finalizePath, { method: 'POST', token });
    expect(fin.status, fin.body.toString()).toBe(200);
    return { plan, info: fin.json<ShareInfo>() };
  }

  const versionsOf = async (id: string, token: string) => (await api.call(`/api/shares/${id}/versions`, { token })).json<VersionList>();

  it('an update with the files the link already shows makes no version: "unchanged", nothing to send', async () => {
    const bundle = { 'index.html': `<title>Same</title><p>${Math.random()}</p>`, 'a.css': 'p{}' };
    const { id, token } = await api.publish(bundle, { title: 'Same' });
    const { plan, info } = await update(id, token, bundle, { title: 'Same', baseVersion: 1 });
    expect(plan).toMatchObject({ unchanged: true, version: 1, missing: [] });
    expect(info).toMatchObject({ state: 'live', version: 1, files: 2 });
    expect((await versionsOf(id, token)).versions.map((v) => v.number)).toEqual([1]);
    // Settings named with it still apply; a changed file is a new version as before.
    const longer = await update(id, token, bundle, { expires: '24h' });
    expect(longer.plan.unchanged).toBe(true);
    expect(Date.parse(longer.info.expiresAt!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const changed = await update(id, token, { ...bundle, 'a.css': 'p{color:red}' });
    expect(changed.plan.unchanged).toBeUndefined();
    expect(changed.info.version).toBe(2);
    // The same files under another entry page are a change too.
    const moved = await update(id, token, { ...bundle, 'a.css': 'p{color:red}', 'b.html': '<p>b</p>' }, { entry: 'b.html' });
    expect(moved.info).toMatchObject({ version: 3, entry: 'b.html' });
  });

  it('the title and entry page follow the version the link shows: update and rollback', async () => {
    const { id, token } = await api.publish({ 'index.html': '<title>First</title>' }, { title: 'First' });
    expect((await update(id, token, { 'page.html': '<title>Second</title>' }, { title: 'Second' })).info).toMatchObject({ title: 'Second', entry: 'page.html', version: 2 });
    const back = await api.call(`/api/shares/${id}/rollback`, { token, json: {} });
    expect(back.json<ShareInfo>()).toMatchObject({ title: 'First', entry: 'index.html', version: 1 });
  });

  it('the versions list of a revoked link says it was revoked', async () => {
    const { id, token } = await api.publish({ 'index.html': '<p>gone soon</p>' });
    expect((await versionsOf(id, token)).state).toBe('live');
    expect((await api.call(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
    expect(await versionsOf(id, token)).toMatchObject({ state: 'revoked', versions: [] });
  });

  it('GET /api lists the expiries a publisher without a key may choose, as the server enforces them', async () => {
    const info = (await api.call('/api')).json<ServerInfo>();
    expect(info.expiry).toEqual({ default: '7d', max: '30d', never: 'keyed', choices: ['1h', '24h', '7d', '30d'] });
    for (const choice of info.expiry.choices) expect((await api.start({ 'index.html': '<p>x</p>' }, { expires: choice })).plan.id).toMatch(/^[0-9a-z]{14}$/);
    expect((await api.call('/api/shares', { json: { files: manifestOf({ 'index.html': 'x' }).files, expires: 'never' } })).status).toBe(400);
  });

  it('serves an icon: the app\'s own at /favicon.ico; on a share without one, 204 instead of a 404 page', async () => {
    const app = await http(`${server.url}/favicon.ico`);
    expect(app.status).toBe(200);
    expect(app.headers['content-type']).toBe('image/svg+xml');
    expect(app.body.toString()).toMatch(/^<svg /);
    const plain = await api.publish({ 'index.html': '<p>no icon</p>', '404.html': '<p>custom 404</p>' });
    const none = await http(`${plain.url}favicon.ico`);
    expect(none.status).toBe(204);
    expect(none.body.length).toBe(0);
    expect((await http(`${plain.url}other.ico`)).status).toBe(404);
    const own = await api.publish({ 'index.html': '<p>icon</p>', 'favicon.ico': 'ICO' });
    const icon = await http(`${own.url}favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.body.toString()).toBe('ICO');
  });

  it('the remote MCP tools say when the link expires and that an update changed nothing, as the local ones do', async () => {
    const client = new Client({ name: 'manners-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    try {
      const html = `<!doctype html><title>Remote manners</title><p>${Math.random()}</p>`;
      const made = text(await client.callTool({ name: 'share_html', arguments: { html, expires: '24h' } }));
      const [url, what, expiry] = made.split('\n');
      expect(what).toMatch(/^Published a new link: 1 file, /);
      expect(expiry).toMatch(/^The link expires in 24 hours, on [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} at \d\d:\d\d UTC\.$/);
      const token = /Owner token[^:]*: (\S+)/.exec(made)![1];
      const again = text(await client.callTool({ name: 'update_share', arguments: { link: url, ownerToken: token, html } }));
      expect(again.split('\n').slice(0, 2)).toEqual([url, 'Unchanged: the link already shows this file (version 1), so no new version was made.']);
      expect(again.split('\n')[2]).toMatch(/^The link expires in 24 hours, on /);
    } finally {
      await client.close();
    }
  });
});
