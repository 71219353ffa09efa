import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, enc, publish, sha256, visit } from './helpers';
import { snapshot } from './storage';

/** Deterministic binary content of a given length, so ranges can be checked byte for byte. */
function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) % 251;
  return out;
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...pattern(200, 1)]);
const WOFF2 = new Uint8Array([0x77, 0x4f, 0x46, 0x32, ...pattern(300, 2)]);
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const MP4 = pattern(1000, 3);

const SITE = {
  'index.html': '<!doctype html><title>serve-site</title><link rel="stylesheet" href="css/site.css"><h1>serve home</h1>',
  'css/site.css': 'body { color: rebeccapurple } /* serve */',
  'js/app.js': 'console.log("serve app");',
  'js/mod.mjs': 'export const serve = 1;',
  'img/logo.png': PNG,
  'img/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
  'fonts/inter.woff2': WOFF2,
  'data/config.json': '{"serve":true}',
  'wasm/add.wasm': WASM,
  'media/clip.mp4': MP4,
  'docs/index.html': '<p>serve docs index</p>',
  'docs/deep/nested/page.html': '<p>serve deep page</p>',
  'about.html': '<p>serve about</p>',
  'über/index.html': '<p>serve über index</p>',
  'my file.txt': 'serve text with a space in its name',
  'café/menü.html': '<p>serve non-ascii page</p>',
  '日本語/データ.json': '{"serve":"日本語"}',
  '100%.txt': 'serve percent',
  'copy-a.txt': 'same bytes in two files',
  'copy-b.txt': 'same bytes in two files',
  'empty.txt': '',
  'manifest.webmanifest': '{"name":"serve"}',
};

const CUSTOM_404 = '<!doctype html><title>gone fishing</title><p>serve custom 404</p>';

const bytesOf = (v: string | Uint8Array) => (typeof v === 'string' ? enc.encode(v) : v);
const bodyBytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

function expectContentHeaders(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-robots-tag')).toContain('noindex');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('set-cookie')).toBeNull();
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
}

let site: string;
let with404: string;

beforeAll(async () => {
  site = (await publish(SITE)).id;
  with404 = (await publish({ 'index.html': '<p>serve has custom 404</p>', '404.html': CUSTOM_404, 'sub/index.html': '<p>serve sub</p>' })).id;
});

describe('content types and bytes', () => {
  const cases: [string, string, string][] = [
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/css/site.css', 'css/site.css', 'text/css; charset=utf-8'],
    ['/js/app.js', 'js/app.js', 'text/javascript; charset=utf-8'],
    ['/js/mod.mjs', 'js/mod.mjs', 'text/javascript; charset=utf-8'],
    ['/img/logo.png', 'img/logo.png', 'image/png'],
    ['/img/icon.svg', 'img/icon.svg', 'image/svg+xml; charset=utf-8'],
    ['/fonts/inter.woff2', 'fonts/inter.woff2', 'font/woff2'],
    ['/data/config.json', 'data/config.json', 'application/json; charset=utf-8'],
    ['/wasm/add.wasm', 'wasm/add.wasm', 'application/wasm'],
    ['/media/clip.mp4', 'media/clip.mp4', 'video/mp4'],
    ['/manifest.webmanifest', 'manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['/docs/deep/nested/page.html', 'docs/deep/nested/page.html', 'text/html; charset=utf-8'],
    ['/my%20file.txt', 'my file.txt', 'text/plain; charset=utf-8'],
    [`/${encodeURIComponent('café')}/${encodeURIComponent('menü.html')}`, 'café/menü.html', 'text/html; charset=utf-8'],
    [`/${encodeURIComponent('日本語')}/${encodeURIComponent('データ.json')}`, '日本語/データ.json', 'application/json; charset=utf-8'],
    ['/100%25.txt', '100%.txt', 'text/plain; charset=utf-8'],
    ['/copy-a.txt', 'copy-a.txt', 'text/plain; charset=utf-8'],
    ['/copy-b.txt', 'copy-b.txt', 'text/plain; charset=utf-8'],
  ];
  for (const [url, file, type] of cases) {
    it(`GET ${url} serves ${file} as ${type}`, async () => {
      const res = await visit(site, url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expectContentHeaders(res);
      const expected = bytesOf(SITE[file as keyof typeof SITE]);
      expect(res.headers.get('etag')).toBe(`"${await sha256(expected)}"`);
      expect(await bodyBytes(res)).toEqual(expected);
    });
  }

  it('serves an empty file as 200 with no bytes', async () => {
    const res = await visit(site, '/empty.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('0');
    expect((await bodyBytes(res)).byteLength).toBe(0);
  });

  it('finds a non-ASCII name whichever Unicode normalisation the URL uses', async () => {
    const decomposed = 'café/menü.html'.normalize('NFD');
    expect(decomposed).not.toBe('café/menü.html'.normalize('NFC'));
    const url = `/${decomposed.split('/').map(encodeURIComponent).join('/')}`;
    const res = await visit(site, url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('serve non-ascii page');
  });

  it('does not treat a raw (unencoded) space as a different file', async () => {
    const res = await visit(site, '/my file.txt');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('serve text with a space in its name');
  });
});

describe('path resolution', () => {
  it('/dir/ serves dir/index.html', async () => {
    const res = await visit(site, '/docs/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe('<p>serve docs index</p>');
  });

  it('/page serves page.html, also nested', async () => {
    const about = await visit(site, '/about');
    expect(about.status).toBe(200);
    expect(await about.text()).toBe('<p>serve about</p>');
    const deep = await visit(site, '/docs/deep/nested/page');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe('<p>serve deep page</p>');
  });

  it('/index serves index.html and /index.html serves it directly', async () => {
    for (const path of ['/index', '/index.html']) {
      const res = await visit(site, path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('serve home');
    }
  });

  it('/dir redirects with 301 to /dir/', async () => {
    const res = await visit(site, '/docs', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get('location')!, `http://${site}.localhost:8787/docs`).pathname).toBe('/docs/');
    expectContentHeaders(res);
  });

  it('/dir for a non-ASCII folder redirects to its percent-encoded /dir/, which resolves', async () => {
    const dir = `/${encodeURIComponent('über')}`;
    const res = await visit(site, dir, { redirect: 'manual' });
    expect(res.status).toBe(301);
    const location = new URL(res.headers.get('location')!, `http://${site}.localhost:8787${dir}`);
    expect(location.pathname).toBe(`${dir}/`);
    const followed = await visit(site, location.pathname);
    expect(followed.status).toBe(200);
    expect(await followed.text()).toBe('<p>serve über index</p>');
  });

  it('/dir keeps its query string when redirecting to /dir/', async () => {
    const res = await visit(site, '/docs?tab=2&q=a%20b', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/docs/?tab=2&q=a%20b');
  });

  it('a query string does not change which file is served', async () => {
    const res = await visit(site, '/css/site.css?v=123');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(SITE['css/site.css']);
    expect(await (await visit(site, '/?from=link')).text()).toContain('serve home');
  });

  it('/dir redirects even when the share has a custom 404 page', async () => {
    const res = await visit(with404, '/sub', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/sub/');
    expect(await (await visit(with404, '/sub/')).text()).toBe('<p>serve sub</p>');
  });

  it('/dir for a folder that has no index.html is a plain 404, not a redirect', async () => {
    const res = await visit(site, `/${encodeURIComponent('café')}`, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(res.headers.get('location')).toBeNull();
  });

  it('a folder without index.html answers 404 for /dir/', async () => {
    const res = await visit(site, '/css/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('never resolves paths outside the share', async () => {
    for (const path of ['/..%2F..%2Findex.html', '/docs/%2e%2e%2F%2e%2e%2Fabout.html', '/docs/..%2Fabout.html', '/a%00b', '/a%5Cb', '/%E0%A4%A']) {
      const res = await visit(site, path);
      expect(res.status, path).toBe(404);
      expectContentHeaders(res);
      expect(await res.text()).not.toContain('serve');
    }
  });

  it('dot segments the URL parser resolves stay inside the share', async () => {
    const res = await visit(site, '/docs/%2e%2e/about.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>serve about</p>');
  });
});

describe('not found', () => {
  it('serves the share\'s own 404.html with status 404', async () => {
    for (const path of ['/nope', '/deep/missing.png', '/missing/']) {
      const res = await visit(with404, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expectContentHeaders(res);
      expect(await res.text()).toBe(CUSTOM_404);
    }
  });

  it('the custom 404 page is not answered as 304 or 206', async () => {
    const etag = `"${await sha256(enc.encode(CUSTOM_404))}"`;
    const res = await visit(with404, '/nope', { headers: { 'if-none-match': etag, range: 'bytes=0-3' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe(CUSTOM_404);
  });

  it('HEAD of a missing path with a custom 404 has no body', async () => {
    const res = await visit(with404, '/nope', { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });

  it('serves a plain 404 page when the share has no 404.html', async () => {
    const res = await visit(site, '/no/such/file.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectContentHeaders(res);
    const text = await res.text();
    expect(text).toContain('Not found');
    expect(text).not.toContain('serve');
  });

  it('an unknown share id answers the 404 page', async () => {
    const res = await visit('zzzzzzzzzzzzzz', '/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectContentHeaders(res);
    expect(await res.text()).toContain('Not found');
  });

  it('host labels that cannot be share ids answer the 404 page', async () => {
    for (const url of [
      'http://short.localhost:8787/',
      'http://has-dash-123456.localhost:8787/',
      `http://www.${'a'.repeat(14)}.localhost:8787/`,
      `http://x.${site}.localhost:8787/`,
    ]) {
      const res = await SELF.fetch(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expectContentHeaders(res);
    }
  });

  it('a share id in upper case is the same origin label (hostnames are case-insensitive)', async () => {
    const res = await SELF.fetch(`http://${site.toUpperCase()}.localhost:8787/about`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>serve about</p>');
  });
});

describe('conditional requests', () => {
  it('answers 304 to a matching If-None-Match, with the ETag and no body', async () => {
    const first = await visit(site, '/css/site.css');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    await first.arrayBuffer();
    const res = await visit(site, '/css/site.css', { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(etag);
    expectContentHeaders(res);
    expect(await res.text()).toBe('');
  });

  it('accepts weak, listed and * validators', async () => {
    const etag = `"${await sha256(enc.encode(SITE['js/app.js']))}"`;
    for (const header of [`W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await visit(site, '/js/app.js', { headers: { 'if-none-match': header } });
      expect(res.status, header).toBe(304);
    }
  });

  it('answers 200 to a non-matching If-None-Match', async () => {
    const other = `"${await sha256(enc.encode('something else'))}"`;
    const res = await visit(site, '/js/app.js', { headers: { 'if-none-match': other } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(SITE['js/app.js']);
  });

  it('files with the same bytes share an ETag; different files do not', async () => {
    const a = await visit(site, '/copy-a.txt');
    const b = await visit(site, '/copy-b.txt');
    const c = await visit(site, '/about');
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
    expect(a.headers.get('etag')).not.toBe(c.headers.get('etag'));
  });

  it('pages are revalidated rather than cached blindly', async () => {
    const res = await visit(site, '/');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('HEAD', () => {
  it('answers with headers and Content-Length but no body', async () => {
    const res = await visit(site, '/media/clip.mp4', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe(String(MP4.byteLength));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toBe(`"${await sha256(MP4)}"`);
    expectContentHeaders(res);
    expect((await bodyBytes(res)).byteLength).toBe(0);
  });

  it('HEAD of the root and of a missing path', async () => {
    const root = await visit(site, '/', { method: 'HEAD' });
    expect(root.status).toBe(200);
    expect(root.headers.get('content-length')).toBe(String(enc.encode(SITE['index.html']).byteLength));
    expect(await root.text()).toBe('');
    const missing = await visit(site, '/missing', { method: 'HEAD' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');
  });

  it('HEAD with a Range answers 206 with the range length and no body', async () => {
    const res = await visit(site, '/media/clip.mp4', { method: 'HEAD', headers: { range: 'bytes=10-19' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-length')).toBe('10');
    expect(res.headers.get('content-range')).toBe(`bytes 10-19/${MP4.byteLength}`);
    expect(await res.text()).toBe('');
  });
});

describe('Range requests', () => {
  const size = MP4.byteLength;
  const ranges: [string, number, number][] = [
    ['bytes=0-99', 0, 99],
    ['bytes=100-100', 100, 100],
    ['bytes=990-', 990, size - 1],
    ['bytes=500-5000', 500, size - 1],
    ['bytes=-10', size - 10, size - 1],
    ['bytes=-5000', 0, size - 1],
    ['bytes=0-', 0, size - 1],
  ];
  for (const [header, start, end] of ranges) {
    it(`${header} → 206 bytes ${start}-${end}`, async () => {
      const res = await visit(site, '/media/clip.mp4', { headers: { range: header } });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect(res.headers.get('content-type')).toBe('video/mp4');
      expectContentHeaders(res);
      expect(await bodyBytes(res)).toEqual(MP4.slice(start, end + 1));
    });
  }

  for (const header of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`, 'bytes=-0', 'bytes=20-10']) {
    it(`${header} → 416 with Content-Range bytes */size`, async () => {
      const res = await visit(site, '/media/clip.mp4', { headers: { range: header } });
      expect(res.status).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
      expectContentHeaders(res);
      await res.arrayBuffer();
    });
  }

  for (const header of ['bytes=abc', 'bytes=0-1,5-6', 'items=0-5', 'bytes=-']) {
    it(`an unusable Range (${header}) is ignored: 200 with the whole file`, async () => {
      const res = await visit(site, '/media/clip.mp4', { headers: { range: header } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-range')).toBeNull();
      expect(await bodyBytes(res)).toEqual(MP4);
    });
  }

  it('Range works on text files too', async () => {
    const res = await visit(site, '/my%20file.txt', { headers: { range: 'bytes=0-4' } });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('serve');
  });

  it('a range of an empty file is unsatisfiable', async () => {
    const res = await visit(site, '/empty.txt', { headers: { range: 'bytes=0-' } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */0');
  });
});

describe('entry pages', () => {
  it('a folder with one HTML file that is not index.html serves it at /', async () => {
    const { id } = await publish({ 'demo.html': '<p>serve only page</p>', 'demo.css': 'p{}', 'img/a.png': PNG });
    const root = await visit(id, '/');
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await root.text()).toBe('<p>serve only page</p>');
    const byName = await visit(id, '/demo');
    expect(await byName.text()).toBe('<p>serve only page</p>');
    const css = await visit(id, '/demo.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('an explicitly named entry page is served at / even when index.html exists', async () => {
    const { id } = await publish({ 'index.html': '<p>serve not me</p>', 'start.html': '<p>serve start</p>' }, { entry: 'start.html' });
    expect(await (await visit(id, '/')).text()).toBe('<p>serve start</p>');
    expect(await (await visit(id, '/index.html')).text()).toBe('<p>serve not me</p>');
  });

  it('a lone HTML page in a subfolder opens at / with its relative assets resolving', async () => {
    const page = '<!doctype html><link rel="stylesheet" href="style.css"><script src="js/app.js"></script><p>serve nested entry</p>';
    const { id } = await publish({ 'app/home.html': page, 'app/style.css': '.serve-nested{}', 'app/js/app.js': 'serve_nested()' });
    const base = `http://${id}.localhost:8787/`;
    const res = await visit(id, '/', { redirect: 'manual' });
    expect([200, 302]).toContain(res.status);
    // Wherever the page ends up, its relative links must resolve to its own assets.
    const pageUrl = res.status === 302 ? new URL(res.headers.get('location')!, base) : new URL('/', base);
    const final = await visit(id, pageUrl.pathname + pageUrl.search);
    expect(final.status).toBe(200);
    expect(await final.text()).toBe(page);
    const css = await visit(id, new URL('style.css', pageUrl).pathname);
    expect(css.status).toBe(200);
    expect(await css.text()).toBe('.serve-nested{}');
    const js = await visit(id, new URL('js/app.js', pageUrl).pathname);
    expect(js.status).toBe(200);
    expect(await js.text()).toBe('serve_nested()');
  });

  it('index.htm is an entry page too', async () => {
    const { id } = await publish({ 'index.htm': '<p>serve htm</p>', 'other.html': '<p>serve other</p>' });
    const res = await visit(id, '/');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>serve htm</p>');
  });
});

describe('origin isolation', () => {
  it('the content origin never answers the API', async () => {
    for (const path of ['/api', '/api/shares', `/api/shares/${site}`]) {
      const res = await visit(site, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expectContentHeaders(res);
      const text = await res.text();
      expect(() => JSON.parse(text)).toThrow();
      expect(text).not.toContain('limits');
    }
  });

  it('the content origin refuses to publish, and nothing is stored', async () => {
    const before = await snapshot();
    const res = await visit(site, '/api/shares', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ files: [{ path: 'index.html', size: 1, sha256: await sha256(enc.encode('x')) }] }),
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expectContentHeaders(res);
    await res.arrayBuffer();
    expect(await snapshot()).toEqual(before);
  });

  it('other methods on content are refused with 405', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await visit(site, '/index.html', { method });
      expect(res.status, method).toBe(405);
      await res.arrayBuffer();
    }
  });

  it('the app origin does not serve share content', async () => {
    for (const path of [`/${site}/`, `/${site}/index.html`, '/index.html', '/about']) {
      const res = await api(path);
      const text = await res.text();
      expect(res.status, path).toBe(404);
      expect(text).not.toContain('serve');
    }
  });

  it('the app API answers JSON on the app origin', async () => {
    const res = await api('/api');
    expect(res.status).toBe(200);
    const info = (await res.json()) as { service: string; limits: { maxFiles: number } };
    expect(info.service).toBe('share');
    expect(info.limits.maxFiles).toBe(1000);
  });

  it('content responses never set cookies or expose the owner token', async () => {
    const { id, token } = await publish({ 'index.html': '<p>serve token check</p>' });
    const res = await visit(id, '/');
    const text = await res.text();
    expect(text).not.toContain(token);
    for (const [, value] of res.headers) expect(value).not.toContain(token);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
