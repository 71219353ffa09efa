import { env } from 'cloudflare:test';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PublishResult } from '../../core/api-types';
import { runCleanup } from '../../app/jobs/cleanup';
import { depsFromEnv, type Env } from '../../worker/index';
import { SPOOL_PREFIX } from '../../worker/r2-spool';
import { overlappingZip, unicodePathField, writeZip } from '../helpers/zip-writer';
import { api, enc, visit } from './helpers';
import { expectApiError, expectRefusedWithNothingStored, r2Keys } from './storage';

/**
 * The server's zip path through the API, on workerd with real R2 and D1: who owns which bytes
 * (issue 12 fault 5), how names are decoded (issue 13 item 10), and the spool that keeps the
 * Worker's memory bounded (issue 15). The same rules are unit-tested in test/unit/zip-reader.test.ts.
 */

const post = (body: BodyInit) => api('/api/shares', { method: 'POST', headers: { 'content-type': 'application/zip' }, body });
const refuse = (zip: Uint8Array, status: number, code: string) => expectRefusedWithNothingStored(() => post(zip), status, code);

async function published(res: Response): Promise<PublishResult> {
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as PublishResult;
}

const page = (text: string) => ({ name: 'index.html', data: enc.encode(`<p>${text}</p>`) });

describe('each zip entry owns its bytes', () => {
  it('999 records on one entry (the 54 KB zip that unpacked to 100 MB) → 400 zip_overlap, nothing unpacked or stored', async () => {
    const zip = overlappingZip();
    expect(zip.byteLength).toBeLessThan(80 * 1024);
    const err = await refuse(zip, 400, 'zip_overlap');
    expect(err.message).toMatch(/p\d*\.txt and p\d*\.txt share bytes/);
  });

  it('bytes between entries that no entry accounts for → 400 zip_gap', async () => {
    const zip = writeZip([page('gap'), { name: 'a.txt', data: enc.encode('after the gap') }], { before: { 1: enc.encode('x'.repeat(100)) } });
    const err = await refuse(zip, 400, 'zip_gap');
    expect(err.message).toContain('100 bytes after the entry index.html');
  });

  it('a record pointing into the central directory → 400 zip_overlap', async () => {
    const zip = writeZip([page('into dir')], { records: (rs, dir) => [...rs, { ...rs[0], name: enc.encode('b.txt'), localOffset: dir + 4 }] });
    const err = await refuse(zip, 400, 'zip_overlap');
    expect(err.message).toContain('b.txt points into');
  });

  it('an entry of 2 MiB of zeros (about 1,030:1) → 400 zip_ratio before it is unpacked', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>ratio</p>'), 'zeros.bin': new Uint8Array(2 * 1024 * 1024) });
    const err = await refuse(zip, 400, 'zip_ratio');
    expect(err.message).toContain('zeros.bin');
  });

  it('entries with data descriptors (streaming zip writers) are read', async () => {
    const zip = writeZip([{ ...page('descriptor'), descriptor: true }, { name: 'a.css', data: enc.encode('p{}'), descriptor: true, method: 0 }]);
    const result = await published(await post(zip));
    expect(await (await visit(result.id, '/')).text()).toBe('<p>descriptor</p>');
    expect(await (await visit(result.id, '/a.css')).text()).toBe('p{}');
  });
});

describe('zip entry names', () => {
  it('a CP437 name without the UTF-8 flag (older Windows tools) is served under its real name', async () => {
    const cafe = new Uint8Array([0x63, 0x61, 0x66, 0x82, 0x2e, 0x70, 0x6e, 0x67]); // "café.png" in CP437
    const result = await published(await post(writeZip([page('cp437'), { name: cafe, data: enc.encode('png bytes') }])));
    const res = await visit(result.id, `/${encodeURIComponent('café.png')}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('png bytes');
  });

  it('Shift_JIS names without the flag (Japanese Windows tools) are served under their real names', async () => {
    // 画像/ロゴ.png in Shift_JIS; ロゴ's second byte is 0x53 ("S") and ソ's is 0x5C ("\"), which must not become a folder.
    const logo = new Uint8Array([0x89, 0xe6, 0x91, 0x9c, 0x2f, 0x83, 0x8d, 0x83, 0x53, 0x2e, 0x70, 0x6e, 0x67]);
    const source = new Uint8Array([0x83, 0x5c, 0x81, 0x5b, 0x83, 0x58, 0x2e, 0x6a, 0x73]); // ソース.js
    const result = await published(await post(writeZip([page('sjis'), { name: logo, data: enc.encode('logo') }, { name: source, data: enc.encode('src()') }])));
    expect(await (await visit(result.id, `/${encodeURIComponent('画像')}/${encodeURIComponent('ロゴ.png')}`)).text()).toBe('logo');
    expect(await (await visit(result.id, `/${encodeURIComponent('ソース.js')}`)).text()).toBe('src()');
  });

  it('the Info-ZIP Unicode Path field names the file when its CRC matches the header name, and is ignored when not', async () => {
    const header = enc.encode('logo.png');
    const result = await published(await post(writeZip([
      page('unicode path'),
      { name: header, data: enc.encode('by the field'), extra: unicodePathField(header, 'логотип.png') },
      { name: 'stale.txt', data: enc.encode('stale field'), extra: unicodePathField(enc.encode('other'), 'renamed.txt') },
    ])));
    expect(await (await visit(result.id, `/${encodeURIComponent('логотип.png')}`)).text()).toBe('by the field');
    expect((await visit(result.id, '/logo.png')).status).toBe(404);
    expect(await (await visit(result.id, '/stale.txt')).text()).toBe('stale field');
  });

  it('backslash separators become folders: css\\style.css is served at /css/style.css', async () => {
    const result = await published(await post(writeZip([page('backslash'), { name: 'css\\style.css', data: enc.encode('p{color:red}') }])));
    expect(await (await visit(result.id, '/css/style.css')).text()).toBe('p{color:red}');
  });

  it('a name flagged UTF-8 that is not → 400 zip_name_encoding naming the entry, never stored with U+FFFD', async () => {
    const bad = new Uint8Array([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]); // "bad\xFF.txt"
    const err = await refuse(writeZip([page('flagged'), { name: bad, data: enc.encode('x'), flags: 0x800 }]), 400, 'zip_name_encoding');
    expect(err.message).toContain('bad');
    expect(err.message).toContain('.txt');
  });
});

describe('the zip is spooled to R2, not held', () => {
  it('a chunked body (no Content-Length) over one 8 MiB part goes up in parts and publishes', async () => {
    const big = crypto.getRandomValues(new Uint8Array(65536));
    const data = new Uint8Array(9 * 1024 * 1024);
    for (let at = 0; at < data.length; at += big.length) data.set(big, at);
    data[data.length - 1] = 7;
    const zip = zipSync({ 'index.html': enc.encode('<p>chunked</p>'), 'data.bin': data }, { level: 0 });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < zip.length; at += 1024 * 1024) controller.enqueue(zip.slice(at, at + 1024 * 1024));
        controller.close();
      },
    });
    const result = await published(await post(body));
    const served = new Uint8Array(await (await visit(result.id, '/data.bin')).arrayBuffer());
    expect(served.length).toBe(data.length);
    expect(served[served.length - 1]).toBe(7);
    expect(await r2Keys(SPOOL_PREFIX)).toEqual([]);
  });

  it('a second zip publish while one is unpacking → 503 busy with Retry-After (one per isolate)', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const zip = zipSync({ 'index.html': enc.encode('<p>first</p>') });
    const slow = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(zip.slice(0, 10));
        await held;
        controller.enqueue(zip.slice(10));
        controller.close();
      },
    });
    const first = post(slow);
    // The first request is inside the gate once its first bytes are being spooled.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await post(zipSync({ 'index.html': enc.encode('<p>second</p>') }));
    const err = await expectApiError(second, 503, 'busy');
    expect(second.headers.get('retry-after')).toBe('10');
    expect(err.message).toContain('try again');
    release();
    await published(await first);
    await published(await post(zipSync({ 'index.html': enc.encode('<p>third</p>') })));
  });

  it('the scheduled cleanup deletes spooled uploads a stopped isolate left behind', async () => {
    await env.BLOBS.put(`${SPOOL_PREFIX}left-behind`, new Uint8Array(10));
    const deps = depsFromEnv(env as unknown as Env);
    const later = { ...deps, clock: { now: () => Date.now() + deps.config.pendingTtlMs + 60_000 } };
    const report = await runCleanup(later);
    expect(report.spooledUploads).toBeGreaterThanOrEqual(1);
    expect(await r2Keys(SPOOL_PREFIX)).toEqual([]);
  });
});
