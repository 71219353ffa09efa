import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishResult, ShareInfo, UploadPlan } from '../../core/api-types';
import type { RunningServer } from '../helpers/server';
import { apiClient, enc, http, manifestOf, RUNTIMES } from './client';

const NAV = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const cp1252 = (s: string) => Buffer.from(s, 'latin1');
const JS = `console.log(${JSON.stringify('contract game code '.repeat(300))})`;

/**
 * Issue 13's serving classes, each held on both runtimes (the Worker under wrangler dev, the Node
 * server), over real HTTP: raw request lines (`//host`, `/\host`, `/100%.png`) and raw bytes.
 */
describe.each(RUNTIMES)('serving rules on $name', ({ start }) => {
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => { server = await start(); api = apiClient(server.url); });
  afterAll(async () => { await server?.stop(); });
  const at = (share: { url: string }, path: string) => `${share.url.replace(/\/$/, '')}${path}`;

  it('1. names with %: as a browser sends them, and percent-encoded; a decoding problem is the share\'s 404', async () => {
    const share = await api.publish({ 'index.html': '<img src="100%.png">', '100%.png': 'png bytes', '50%off.html': '<p>half</p>', '%FF.txt': 'ff', '404.html': '<p>own 404</p>' });
    for (const path of ['/100%.png', '/100%25.png', '/50%off.html', '/50%off', '/%FF.txt', '/%25FF.txt']) expect((await http(at(share, path))).status, path).toBe(200);
    const miss = await http(at(share, '/%E0%A4%A'));
    expect(miss.status).toBe(404);
    expect(miss.body.toString()).toBe('<p>own 404</p>');
  });

  it('2. charset=utf-8 only for UTF-8 bytes that declare nothing else', async () => {
    const share = await api.publish({
      'index.html': '<p>utf-8 café</p>',
      'cp1252.html': cp1252('<meta charset="windows-1252"><p>caf\u00e9</p>'),
      'sjis.html': Buffer.concat([Buffer.from('<meta charset="Shift_JIS"><p>'), Buffer.from([0x93, 0xfa, 0x96, 0x7b]), Buffer.from('</p>')]),
      'latin.css': cp1252('@charset "iso-8859-1"; a::after{content:"\u00e9"}'),
      'app.js': 'console.log("é")',
    });
    const types = Object.fromEntries(await Promise.all(['/', '/cp1252.html', '/sjis.html', '/latin.css', '/app.js'].map(async (p) => [p, (await http(at(share, p))).headers['content-type']])));
    expect(types).toEqual({ '/': 'text/html; charset=utf-8', '/cp1252.html': 'text/html', '/sjis.html': 'text/html', '/latin.css': 'text/css', '/app.js': 'text/javascript; charset=utf-8' });
  });

  it('3. every script a bundler emits gets a JavaScript type, wasm application/wasm', async () => {
    const share = await api.publish({ 'index.html': '<script src="lib.umd.cjs"></script>', 'lib.umd.cjs': 'window.x=1', 'lib.mjs': 'export {}', 'App.jsx': 'x', 'a.wasm': new Uint8Array([0, 0x61, 0x73, 0x6d]), 'a.js.map': '{}' });
    expect((await http(at(share, '/lib.umd.cjs'))).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await http(at(share, '/lib.mjs'))).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await http(at(share, '/App.jsx'))).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await http(at(share, '/a.wasm'))).headers['content-type']).toBe('application/wasm');
    expect((await http(at(share, '/a.js.map'))).headers['content-type']).toMatch(/^application\/json/);
  });

  it('4. no Location leaves the origin: //example.com, /\\host, the password form posted to //host', async () => {
    const share = await api.publish({ 'index.html': '<p>r</p>', 'example.com/index.html': '<p>saved</p>', 'host/index.html': '<p>h</p>' });
    const dir = await http(at(share, '//example.com'));
    expect(dir.status).toBe(301);
    expect(dir.headers.location).toBe('/example.com/');
    const backslash = await http(at(share, '/\\host'));
    expect([301, 404]).toContain(backslash.status);
    if (backslash.status === 301) expect(backslash.headers.location).toBe('/host/');
    const locked = await api.publish({ 'index.html': '<p>locked</p>' }, { password: 'open sesame' });
    const posted = await http(at(locked, '//host'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'password=open+sesame' });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('/host');
  });

  it('5. If-Range with an old ETag after an update: the whole new file, 200', async () => {
    const v1 = 'one '.repeat(300);
    const v2 = 'TWO '.repeat(300);
    const share = await api.publish({ 'index.html': '<p>r</p>', 'big.txt': v1 });
    const part = await http(at(share, '/big.txt'), { headers: { range: 'bytes=0-499' } });
    expect(part.status).toBe(206);
    const { files, bytes } = manifestOf({ 'index.html': '<p>r</p>', 'big.txt': v2 });
    const plan = (await api.call(`/api/shares/${share.id}/versions`, { json: { files }, token: share.token })).json<UploadPlan>();
    await api.upload(plan, files, bytes, share.token);
    expect((await api.call(plan.finalizePath, { method: 'POST', token: share.token })).status).toBe(200);
    const resumed = await http(at(share, '/big.txt'), { headers: { range: 'bytes=500-', 'if-range': part.headers.etag as string } });
    expect(resumed.status).toBe(200);
    expect(resumed.body.toString()).toBe(v2);
    const current = (await http(at(share, '/big.txt'))).headers.etag as string;
    expect((await http(at(share, '/big.txt'), { headers: { range: 'bytes=500-', 'if-range': current } })).status).toBe(206);
  });

  it('6. single-page apps: 200.html and "spa": true answer navigations; assets stay 404; 404.html keeps working', async () => {
    const withPage = await api.publish({ 'index.html': '<p>app</p>', '200.html': '<p>the 200 page</p>', '404.html': '<p>gone</p>' });
    const route = await http(at(withPage, '/about'), { headers: { accept: NAV } });
    expect(route.status).toBe(200);
    expect(route.body.toString()).toBe('<p>the 200 page</p>');
    const asset = await http(at(withPage, '/missing.js'), { headers: { accept: NAV } });
    expect(asset.status).toBe(404);
    expect(asset.body.toString()).toBe('<p>gone</p>');
    const spa = await api.publish({ 'index.html': '<p>entry</p>', 'app.js': 'x' }, { spa: true });
    expect((await http(at(spa, '/deep/link'), { headers: { accept: NAV } })).body.toString()).toBe('<p>entry</p>');
    expect((await http(at(spa, '/deep/link'), { headers: { accept: '*/*' } })).status).toBe(404);
    expect((await http(at(spa, '/logo.png'), { headers: { accept: NAV } })).status).toBe(404);
    expect((await api.call(`/api/shares/${spa.id}`, { token: spa.token })).json<ShareInfo>().spa).toBe(true);
  });

  it('7. a zip whose pages all live under dist/: dist/ is the root, and the answer says so', async () => {
    const res = await api.publishZip({ 'README.txt': 'readme', 'dist/index.html': '<script src="/assets/app.js"></script>', 'dist/assets/app.js': 'app()' });
    expect(res.status).toBe(201);
    const share = res.json<PublishResult>();
    expect(share.root).toBe('dist/');
    expect((await http(share.url)).body.toString()).toBe('<script src="/assets/app.js"></script>');
    expect((await http(at(share, '/assets/app.js'))).body.toString()).toBe('app()');
  });

  it('8. the index rule: docs/Index.html answers /docs/ and /docs redirects there', async () => {
    const share = await api.publish({ 'index.html': '<p>top</p>', 'docs/Index.html': '<p>docs</p>' });
    expect((await http(at(share, '/docs/'))).body.toString()).toBe('<p>docs</p>');
    const redirect = await http(at(share, '/docs'));
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/docs/');
  });

  it('9. pre-compressed files: sent encoded to clients that accept it, decompressed for the others', async () => {
    const gz = gzipSync(JS);
    const br = brotliCompressSync(enc.encode(JS));
    const share = await api.publish({ 'index.html': '<p>game</p>', 'Build/game.js.gz': gz, 'Build/game.framework.js.br': br });
    // On the wire the Worker's answer passes the local edge (Miniflare), which, like Cloudflare's,
    // may re-encode text for the client; what holds everywhere: an encoding the client accepted,
    // the inner file's type, Vary, and the original bytes once decoded.
    const decoded = (body: Buffer, coding: unknown) => (coding === 'gzip' ? gunzipSync(body) : coding === 'br' ? brotliDecompressSync(body) : body).toString();
    for (const [path, coding, stored] of [['/Build/game.js.gz', 'gzip', gz], ['/Build/game.framework.js.br', 'br', br]] as const) {
      const encoded = await http(at(share, path), { headers: { 'accept-encoding': coding } });
      expect(encoded.status, path).toBe(200);
      expect(encoded.headers['content-encoding']).toBe(coding);
      expect(encoded.headers['content-type']).toBe('text/javascript');
      expect(String(encoded.headers.vary)).toMatch(/accept-encoding/i);
      expect(decoded(encoded.body, coding), `${path} sent encoded`).toBe(JS);
      const any = await http(at(share, path), { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(['gzip', 'br']).toContain(any.headers['content-encoding']);
      expect(decoded(any.body, any.headers['content-encoding'])).toBe(JS);
      const plain = await http(at(share, path), { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toBe('text/javascript');
      expect(plain.body.toString(), `${path} decompressed`).toBe(JS);
      expect(stored.byteLength).toBeLessThan(JS.length);
    }
  });
});
