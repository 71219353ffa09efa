import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadPlan } from '../../core/api-types';
import { launchBrowser } from '../helpers/browser';
import { app, chooseFolder, createLink, folder } from './helpers';

let ctx: BrowserContext;
beforeAll(async () => { ctx = await launchBrowser(); });
afterAll(async () => { await ctx?.close(); });

/** Publishes bytes through the API exactly as a client does (manifest, blobs, finalize); returns the link. */
async function publish(files: Record<string, Buffer>): Promise<string> {
  const manifest = Object.entries(files).map(([path, b]) => ({ path, size: b.length, sha256: createHash('sha256').update(b).digest('hex') }));
  const plan = (await (await fetch(`${app()}/api/shares`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files: manifest }) })).json()) as UploadPlan;
  for (const f of manifest) {
    if (!plan.missing.includes(f.sha256)) continue;
    await fetch(`${app()}${plan.uploadPath}${f.sha256}`, { method: 'PUT', headers: { authorization: `Bearer ${plan.ownerToken}` }, body: new Uint8Array(files[f.path]) });
  }
  const done = await fetch(`${app()}${plan.finalizePath}`, { method: 'POST', headers: { authorization: `Bearer ${plan.ownerToken}` } });
  expect(done.status).toBe(200);
  return plan.url;
}

describe('pages saved in legacy encodings render as they do from disk', () => {
  // “café naïve — 50 €” in windows-1252: curly quotes 0x93/0x94, é 0xE9, ï 0xEF, em dash 0x97, euro 0x80.
  const cp1252 = Buffer.concat([
    Buffer.from('<!doctype html><html><head><meta charset="windows-1252"><title>cp1252</title></head><body><p id="t">'),
    Buffer.from([0x93, 0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x20, 0x97, 0x20, 0x35, 0x30, 0x20, 0x80, 0x94]),
    Buffer.from('</p></body></html>'),
  ]);
  // 日本語のページ in Shift_JIS, declared with the http-equiv form.
  const sjis = Buffer.concat([
    Buffer.from('<!doctype html><html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>sjis</title></head><body><p id="t">'),
    Buffer.from('93FA967B8CEA82CC8379815B8357', 'hex'),
    Buffer.from('</p></body></html>'),
  ]);

  it('a windows-1252 page and a Shift_JIS page show their text, not mojibake', async () => {
    const link = await publish({ 'index.html': cp1252, 'sjis.html': sjis });
    const page = await ctx.newPage();
    const first = await page.goto(link);
    expect(first!.headers()['content-type']).toBe('text/html');
    expect(await page.evaluate(() => document.characterSet)).toBe('windows-1252');
    expect(await page.locator('#t').textContent()).toBe('\u201ccaf\u00e9 na\u00efve \u2014 50 \u20ac\u201d');
    await page.goto(`${link}sjis.html`);
    expect(await page.evaluate(() => document.characterSet)).toBe('Shift_JIS');
    expect(await page.locator('#t').textContent()).toBe('日本語のページ');
    await page.close();
  });
});

describe('the single-page-app toggle on the home page', () => {
  it('a client-routed app opened at a deep link, and reloaded there, renders its route', async () => {
    const page = await ctx.newPage();
    const dir = folder({
      'index.html': '<!doctype html><title>Router</title><div id="view"></div><script type="module" src="/assets/router.js"></script>',
      'assets/router.js': 'document.getElementById("view").textContent = "route:" + location.pathname;',
    });
    await chooseFolder(page, dir);
    await page.getByLabel('Single-page app').check();
    const link = await createLink(page);
    const visitor = await ctx.newPage();
    const res = await visitor.goto(`${link}settings/profile`);
    expect(res!.status()).toBe(200);
    await expect.poll(() => visitor.locator('#view').textContent()).toBe('route:/settings/profile');
    await visitor.reload();
    await expect.poll(() => visitor.locator('#view').textContent()).toBe('route:/settings/profile');
    // An asset path stays a 404: a missing script must not come back as the page.
    expect(await visitor.evaluate(async () => (await fetch('/assets/missing.js')).status)).toBe(404);
    await visitor.close();
    await page.close();
  });
});

describe('a game-engine export with pre-compressed files', () => {
  it('runs its .js.gz and .js.br scripts and instantiates its .wasm.gz in Chromium', async () => {
    const link = await publish({
      'index.html': Buffer.from('<!doctype html><p id="out">loading</p><script src="Build/a.js.gz"></script><script src="Build/b.framework.js.br"></script><script src="Build/boot.js"></script>'),
      'Build/a.js.gz': gzipSync('window.fromGzip = "gz ok";'),
      'Build/b.framework.js.br': brotliCompressSync(Buffer.from('window.fromBrotli = "br ok";')),
      'Build/game.wasm.gz': gzipSync(Buffer.from('0061736d01000000', 'hex')),
      'Build/boot.js': Buffer.from('WebAssembly.instantiateStreaming(fetch("Build/game.wasm.gz")).then(() => "wasm ok", (e) => "wasm failed: " + e.message).then((w) => { document.getElementById("out").textContent = [window.fromGzip, window.fromBrotli, w].join(", "); });'),
    });
    const page = await ctx.newPage();
    await page.goto(link);
    await expect.poll(() => page.locator('#out').textContent()).toBe('gz ok, br ok, wasm ok');
    await page.close();
  });
});
