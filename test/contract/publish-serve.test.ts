import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishResult, ShareInfo, UploadPlan } from '../../core/api-types';
import type { RunningServer } from '../helpers/server';
import { apiClient, enc, expectApiError, http, manifestOf, RUNTIMES, sha256 } from './client';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** One contract, two runtimes: every test below runs against the Worker and against the Node server. */
describe.each(RUNTIMES)('publish and serve on $name', ({ start }) => {
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => { server = await start(); api = apiClient(server.url); });
  afterAll(async () => { await server?.stop(); });

  it('publishes in three steps; nothing is visible before finalize, everything after', async () => {
    const tag = `three-step ${Math.random()}`;
    const bundle = { 'index.html': `<!doctype html><p>${tag}</p>`, 'style.css': 'p{color:red}', 'app.js': 'console.log(1)', 'img/dot.png': PNG };
    const { plan, files, bytes } = await api.start(bundle);
    expect(plan.version).toBe(1);
    expect(new Set(plan.missing)).toEqual(new Set(files.map((f) => f.sha256)));
    expect(plan.url).toMatch(new RegExp(`^http://${plan.id}\\.localhost:${server.port}/$`));
    expect((await http(plan.url)).status).toBe(404);
    await api.upload(plan, files, bytes, plan.ownerToken!);
    expect((await http(plan.url)).status).toBe(404);
    const fin = await api.call(plan.finalizePath, { method: 'POST', token: plan.ownerToken });
    expect(fin.status).toBe(200);
    expect(fin.json<ShareInfo>()).toMatchObject({ id: plan.id, state: 'live', version: 1, files: 4 });

    const page = await http(plan.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.toString()).toContain(tag);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await http(`${plan.url}style.css`)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await http(`${plan.url}app.js`)).headers['content-type']).toMatch(/^text\/javascript/);
    const png = await http(`${plan.url}img/dot.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.body.equals(PNG)).toBe(true);
  });

  it('publishes a zip in one request and serves its folders', async () => {
    const res = await api.publishZip({ 'index.html': '<p>zip home</p>', 'docs/index.html': '<p>docs</p>', 'docs/a.txt': 'plain' }, '?title=Zipped');
    expect(res.status, res.body.toString()).toBe(201);
    const share = res.json<PublishResult>();
    expect(share).toMatchObject({ state: 'live', version: 1, files: 3, title: 'Zipped' });
    expect(share.ownerToken).toMatch(/^[\w-]{43}$/);
    expect((await http(share.url)).body.toString()).toBe('<p>zip home</p>');
    expect((await http(`${share.url}docs/`)).body.toString()).toBe('<p>docs</p>');
    const redirect = await http(`${share.url}docs`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/docs/');
    expect((await http(`${share.url}docs/a.txt`)).headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('answers a missing path with the 404 page, or the share\'s own 404.html', async () => {
    const plain = await api.publish({ 'index.html': `<p>plain ${Math.random()}</p>` });
    const miss = await http(`${plain.url}nope.html`);
    expect(miss.status).toBe(404);
    expect(miss.headers['content-type']).toBe('text/html; charset=utf-8');
    const custom = await api.publish({ 'index.html': '<p>home</p>', '404.html': `<p>custom missing ${Math.random()}</p>` });
    const page = await http(`${custom.url}nope/deeper`);
    expect(page.status).toBe(404);
    expect(page.body.toString()).toContain('custom missing');
    expect((await http(`http://nosuchshare0000.localhost:${server.port}/`)).status).toBe(404);
  });

  it('answers ETag revalidation with 304 and Range with 206/416', async () => {
    const body = 'abcdefghijklmnopqrstuvwxyz'.repeat(40);
    const share = await api.publish({ 'index.html': '<p>r</p>', 'data.txt': body });
    const first = await http(`${share.url}data.txt`);
    expect(first.headers.etag).toBe(`"${sha256(enc.encode(body))}"`);
    expect(first.headers['accept-ranges']).toBe('bytes');
    const again = await http(`${share.url}data.txt`, { headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const part = await http(`${share.url}data.txt`, { headers: { range: 'bytes=100-149' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-149/${body.length}`);
    expect(part.body.toString()).toBe(body.slice(100, 150));
    const tail = await http(`${share.url}data.txt`, { headers: { range: 'bytes=-10' } });
    expect(tail.body.toString()).toBe(body.slice(-10));
    const bad = await http(`${share.url}data.txt`, { headers: { range: `bytes=${body.length + 5}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${body.length}`);
    const head = await http(`${share.url}data.txt`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(body.length));
  });

  it('updates a share: only new hashes are asked for, a stale base is refused', async () => {
    const share = await api.publish({ 'index.html': '<p>v1</p>', 'keep.css': 'p{}' });
    const next = manifestOf({ 'index.html': '<p>v2</p>', 'keep.css': 'p{}' });
    const res = await api.call(`/api/shares/${share.id}/versions`, { token: share.token, json: { files: next.files, baseVersion: 1 } });
    expect(res.status).toBe(201);
    const plan = res.json<UploadPlan>();
    expect(plan.version).toBe(2);
    expect(plan.missing).toEqual([sha256(enc.encode('<p>v2</p>'))]);
    expect((await http(share.url)).body.toString()).toBe('<p>v1</p>');
    await api.upload(plan, next.files, next.bytes, share.token);
    expect((await api.call(plan.finalizePath, { method: 'POST', token: share.token })).status).toBe(200);
    expect((await http(share.url)).body.toString()).toBe('<p>v2</p>');
    const stale = await api.call(`/api/shares/${share.id}/versions`, { token: share.token, json: { files: next.files, baseVersion: 1 } });
    expectApiError(stale, 409, 'version_conflict');
  });

  it('revokes: every URL answers 410 and the owner sees the tombstone', async () => {
    const share = await api.publish({ 'index.html': '<p>soon gone</p>', 'a.css': 'a{}' });
    const del = await api.call(`/api/shares/${share.id}`, { method: 'DELETE', token: share.token });
    expect(del.status).toBe(200);
    expect(del.json<ShareInfo>().state).toBe('revoked');
    for (const path of ['', 'a.css', 'missing']) expect((await http(`${share.url}${path}`)).status).toBe(410);
    const info = await api.call(`/api/shares/${share.id}`, { token: share.token });
    expect(info.json<ShareInfo>()).toMatchObject({ state: 'revoked', version: null });
    expectApiError(await api.call(`/api/shares/${share.id}/versions`, { token: share.token, json: { files: manifestOf({ 'index.html': 'x' }).files } }), 410, 'gone');
  });
});
