import { zipSync, type Zippable } from 'fflate';
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { PublishResult } from '../../core/api-types';
import { createApp } from '../../app/app';
import { silentLogger } from '../../app/lib/log';
import { depsFromEnv, type Env } from '../../worker/index';
import { APP, api, enc, sha256, visit } from './helpers';
import { expectRefusedWithNothingStored, r2Keys } from './storage';
import { centralRecords, entryData, patchEntry, readField, renameEntry } from './zip-tools';

const MiB = 1024 * 1024;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);

const postZip = (body: BodyInit, type = 'application/zip', query = '') =>
  api(`/api/shares${query}`, { method: 'POST', headers: { 'content-type': type }, body });

async function published(res: Response): Promise<PublishResult> {
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as PublishResult;
}

const refuse = (zip: BodyInit, status: number, code: string) => expectRefusedWithNothingStored(() => postZip(zip), status, code);

describe('publishing a zip', () => {
  it('publishes and serves a zip, unwrapping its single top-level folder and skipping junk', async () => {
    const files: Zippable = {
      'site/': new Uint8Array(0),
      'site/index.html': enc.encode('<!doctype html><title>zip site</title><h1>zip home</h1>'),
      'site/css/': new Uint8Array(0),
      'site/css/site.css': enc.encode('h1 { color: teal } /* zip */'),
      'site/js/app.js': enc.encode('console.log("zip app")'),
      'site/img/logo.png': PNG,
      'site/data/config.json': enc.encode('{"zip":true}'),
      'site/sub dir/ünï.txt': enc.encode('zip non-ascii text'),
      'site/docs/index.html': enc.encode('<p>zip docs</p>'),
      'site/.DS_Store': enc.encode('junk'),
      '__MACOSX/site/._index.html': enc.encode('junk'),
    };
    const result = await published(await postZip(zipSync(files)));
    expect(result.id).toMatch(/^[0-9a-z]{14}$/);
    expect(result.url).toBe(`http://${result.id}.localhost:8787/`);
    expect(result.state).toBe('live');
    expect(result.version).toBe(1);
    expect(result.files).toBe(7);
    expect(typeof result.ownerToken).toBe('string');
    expect(result.ownerToken!.length).toBeGreaterThanOrEqual(43);

    const expectations: [string, string, string][] = [
      ['/', 'text/html; charset=utf-8', 'zip home'],
      ['/css/site.css', 'text/css; charset=utf-8', 'teal'],
      ['/js/app.js', 'text/javascript; charset=utf-8', 'zip app'],
      ['/data/config.json', 'application/json; charset=utf-8', '"zip"'],
      [`/sub%20dir/${encodeURIComponent('ünï.txt')}`, 'text/plain; charset=utf-8', 'zip non-ascii text'],
      ['/docs/', 'text/html; charset=utf-8', 'zip docs'],
    ];
    for (const [path, type, text] of expectations) {
      const res = await visit(result.id, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(await res.text(), path).toContain(text);
    }
    const png = await visit(result.id, '/img/logo.png');
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(PNG);

    for (const junk of ['/.DS_Store', '/site/index.html', '/__MACOSX/site/._index.html']) expect((await visit(result.id, junk)).status, junk).toBe(404);
    expect((await r2Keys(`${result.id}/`)).length).toBe(7);

    const info = await api(`/api/shares/${result.id}`, { token: result.ownerToken });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ id: result.id, state: 'live', files: 7 });
  });

  it('keeps paths as they are when the zip has files at its top level', async () => {
    const result = await published(await postZip(zipSync({
      'index.html': enc.encode('<p>zip flat</p>'),
      'assets/a.css': enc.encode('.zip-flat{}'),
    })));
    expect(await (await visit(result.id, '/')).text()).toBe('<p>zip flat</p>');
    expect(await (await visit(result.id, '/assets/a.css')).text()).toBe('.zip-flat{}');
  });

  it('with several top-level folders, the one holding every page becomes the root and the others stay where they are', async () => {
    const result = await published(await postZip(zipSync({
      'app/index.html': enc.encode('<p>zip two folders</p>'),
      'lib/util.js': enc.encode('zip_two()'),
    })));
    expect(result.root).toBe('app/');
    expect(await (await visit(result.id, '/')).text()).toBe('<p>zip two folders</p>');
    expect(await (await visit(result.id, '/index.html')).text()).toBe('<p>zip two folders</p>');
    expect(await (await visit(result.id, '/lib/util.js')).text()).toBe('zip_two()');
  });

  it('reads stored (uncompressed) entries', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip stored</p>'), 'big.txt': enc.encode('zip stored '.repeat(1000)) }, { level: 0 });
    expect(readField(zip, 'index.html', 'method')).toBe(0);
    const result = await published(await postZip(zip));
    expect(await (await visit(result.id, '/big.txt')).text()).toBe('zip stored '.repeat(1000));
  });

  it('accepts application/x-zip-compressed and takes entry and title from the query', async () => {
    const zip = zipSync({ 'a.html': enc.encode('<p>zip a</p>'), 'b.html': enc.encode('<p>zip b</p>') });
    const result = await published(await postZip(zip, 'application/x-zip-compressed', '?entry=b.html&title=Zip%20title'));
    expect(result.title).toBe('Zip title');
    expect(await (await visit(result.id, '/')).text()).toBe('<p>zip b</p>');
  });

  it('normalises decomposed (macOS-style) names, so NFC and NFD URLs both find them', async () => {
    const nfd = 'Re\u0301sume\u0301.txt';
    const result = await published(await postZip(zipSync({ 'index.html': enc.encode('<p>zip nfd</p>'), [nfd]: enc.encode('zip nfd text') })));
    for (const name of [nfd.normalize('NFC'), nfd]) {
      const res = await visit(result.id, `/${encodeURIComponent(name)}`);
      expect(res.status, name).toBe(200);
      expect(await res.text()).toBe('zip nfd text');
    }
  });

  it('stores each distinct content once', async () => {
    const same = enc.encode('zip same bytes');
    const result = await published(await postZip(zipSync({ 'index.html': enc.encode('<p>zip dedupe</p>'), 'a.txt': same, 'b.txt': same })));
    expect((await r2Keys(`${result.id}/`)).sort()).toEqual([
      `${result.id}/${await sha256(enc.encode('<p>zip dedupe</p>'))}`,
      `${result.id}/${await sha256(same)}`,
    ].sort());
    expect(await (await visit(result.id, '/b.txt')).text()).toBe('zip same bytes');
  });

  it('hashes each file of the zip once (the store step does not hash the server\'s own hashes again)', async () => {
    const contents = ['<p>zip hashed once</p>', 'body { color: olive }', 'console.log("once")'].map((t) => enc.encode(`${t} ${crypto.randomUUID()}`));
    const zip = zipSync({ 'index.html': contents[0], 'site.css': contents[1], 'app.js': contents[2] });
    const app = createApp({ ...depsFromEnv(env as unknown as Env), log: silentLogger });
    const digested: Uint8Array[] = [];
    const digest = crypto.subtle.digest.bind(crypto.subtle);
    const spy = vi.spyOn(crypto.subtle, 'digest').mockImplementation((algorithm, data) => {
      digested.push(new Uint8Array(ArrayBuffer.isView(data) ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data));
      return digest(algorithm, data);
    });
    try {
      const res = await app.request(`${APP}/api/shares`, { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip }, env);
      expect(res.status, await res.clone().text()).toBe(201);
    } finally {
      spy.mockRestore();
    }
    const times = (bytes: Uint8Array) => digested.filter((d) => d.byteLength === bytes.byteLength && d.every((b, i) => b === bytes[i])).length;
    expect(contents.map(times)).toEqual([1, 1, 1]);
  });
});

describe('hostile zips are refused with nothing stored', () => {
  it('a symbolic link entry (Unix host, mode 0o120777) → 400 zip_symlink', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip symlink</p>'), 'passwd': enc.encode('/etc/passwd') });
    const hostile = patchEntry(zip, 'passwd', { host: 3, externalAttrs: (0o120777 << 16) >>> 0 });
    expect(readField(hostile, 'passwd', 'host')).toBe(3);
    expect(readField(hostile, 'passwd', 'externalAttrs') >>> 16).toBe(0o120777);
    const err = await refuse(hostile, 400, 'zip_symlink');
    expect(err.message).toContain('passwd');
  });

  it('a symlink written by fflate\'s own attributes → 400 zip_symlink', async () => {
    const zip = zipSync({
      'site/index.html': enc.encode('<p>zip symlink 2</p>'),
      'site/link': [enc.encode('../../secret'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    });
    await refuse(zip, 400, 'zip_symlink');
  });

  it('a regular Unix file mode is not mistaken for a link', async () => {
    const zip = patchEntry(zipSync({ 'index.html': enc.encode('<p>zip unix mode</p>') }), 'index.html', { host: 3, externalAttrs: (0o100644 << 16) >>> 0 });
    await published(await postZip(zip));
  });

  // Backslashes are separators in zips (Windows tools write them), turned into `/` before these checks.
  for (const name of ['../evil.html', 'site/../../evil.html', '/etc/evil.html', 'C:/evil.html', '..\\evil.html', 'site\\..\\..\\evil.html', '\\etc\\evil.html', 'C:\\evil.html', 'a//b.html', 'a\\\\b.html', 'nul\u0000.html']) {
    it(`an entry named ${JSON.stringify(name)} → 400 invalid_path`, async () => {
      const zip = zipSync({ 'index.html': enc.encode('<p>zip traversal</p>'), [name]: enc.encode('evil') });
      expect(centralRecords(zip).map((r) => r.name)).toContain(name);
      await refuse(zip, 400, 'invalid_path');
    });
  }

  it('two entries equal after NFC normalisation → 400 duplicate_path', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip nfc</p>'), 'caf\u00e9.txt': enc.encode('a'), 'cafe\u0301.txt': enc.encode('b') });
    await refuse(zip, 400, 'duplicate_path');
  });

  it('two entries with the very same name → 400 duplicate_path', async () => {
    const zip = renameEntry(zipSync({ 'index.html': enc.encode('<p>zip dup</p>'), 'a.txt': enc.encode('first'), 'b.txt': enc.encode('second') }), 'b.txt', 'a.txt');
    expect(centralRecords(zip).filter((r) => r.name === 'a.txt')).toHaveLength(2);
    await refuse(zip, 400, 'duplicate_path');
  });

  it('a zip bomb (30 MiB of zeros, declared honestly) → 413 file_too_large without inflating it', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip bomb</p>'), 'zeros.bin': new Uint8Array(30 * MiB) });
    expect(zip.byteLength).toBeLessThan(MiB);
    const started = Date.now();
    const err = await refuse(zip, 413, 'file_too_large');
    expect(err.message).toContain('zeros.bin');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a zip bomb that declares a small size but inflates larger → 400 zip_size_mismatch', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip liar</p>'), 'zeros.bin': new Uint8Array(50 * MiB) });
    const liar = patchEntry(zip, 'zeros.bin', { size: 1024 });
    const err = await refuse(liar, 400, 'zip_size_mismatch');
    expect(err.message).toContain('zeros.bin');
  });

  it('an entry that inflates to less than it declares → 400 zip_size_mismatch', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip short</p>'), 'data.bin': new Uint8Array(4096).fill(7) });
    await refuse(patchEntry(zip, 'data.bin', { size: 4097 }), 400, 'zip_size_mismatch');
  });

  it('a stored entry whose sizes disagree → 400 zip_size_mismatch', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip stored liar</p>'), 'data.txt': enc.encode('0123456789') }, { level: 0 });
    await refuse(patchEntry(zip, 'data.txt', { size: 5 }), 400, 'zip_size_mismatch');
  });

  it('an entry declared over the per-file limit → 413 file_too_large', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip declared big</p>'), 'big.bin': enc.encode('small really') });
    await refuse(patchEntry(zip, 'big.bin', { size: 25 * MiB + 1 }), 413, 'file_too_large');
  });

  it('entries whose declared sizes add up over the per-share limit → 413 share_too_large', async () => {
    const parts: Zippable = { 'index.html': enc.encode('<p>zip declared share</p>') };
    for (let i = 0; i < 5; i++) parts[`part${i}.bin`] = enc.encode(`zip part ${i}`);
    let zip: Uint8Array = zipSync(parts);
    for (let i = 0; i < 5; i++) zip = patchEntry(zip, `part${i}.bin`, { size: 21 * MiB });
    await refuse(zip, 413, 'share_too_large');
  });

  it('a zip body over the per-share limit → 413 share_too_large before it is read', async () => {
    await refuse(new Uint8Array(100 * MiB + 1), 413, 'share_too_large');
  });

  it('more than 1,000 entries → 413 too_many_files', async () => {
    const files: Zippable = { 'index.html': enc.encode('<p>zip many</p>') };
    for (let i = 0; i < 1000; i++) files[`f/${i}.txt`] = enc.encode(String(i));
    await refuse(zipSync(files), 413, 'too_many_files');
  });

  it('an encrypted entry → 400 zip_encrypted', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip encrypted</p>') });
    await refuse(patchEntry(zip, 'index.html', { flags: 1 }), 400, 'zip_encrypted');
  });

  it('an unsupported compression method → 400 zip_unsupported', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip bzip2</p>') });
    await refuse(patchEntry(zip, 'index.html', { method: 12 }), 400, 'zip_unsupported');
  });

  it('corrupt deflate data → 400 invalid_zip', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip corrupt</p>'.repeat(50)) });
    expect(readField(zip, 'index.html', 'method')).toBe(8);
    const data = entryData(zip, 'index.html');
    data[0] = 0xff; // BFINAL=1, BTYPE=11: a reserved block type
    await refuse(zip, 400, 'invalid_zip');
  });

  for (const [label, bytes] of [
    ['garbage bytes', enc.encode('this is definitely not a zip file, just some text that goes on for a while')],
    ['an empty body', new Uint8Array(0)],
    ['a few bytes', new Uint8Array([0x50, 0x4b])],
    ['a zip cut off before its directory', zipSync({ 'index.html': enc.encode('<p>zip truncated</p>') }).slice(0, 40)],
  ] as const) {
    it(`${label} → 400 invalid_zip`, async () => {
      await refuse(bytes, 400, 'invalid_zip');
    });
  }

  it('a central directory that points past the end → 400 invalid_zip', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip bad offset</p>') });
    const v = new DataView(zip.buffer);
    v.setUint32(zip.length - 22 + 16, zip.length + 100, true);
    await refuse(zip, 400, 'invalid_zip');
  });

  it('a local header offset that points at garbage → 400 zip_gap (the bytes before it belong to no entry)', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip bad local</p>') });
    const record = centralRecords(zip)[0];
    new DataView(zip.buffer).setUint32(record.offset + 42, 5, true);
    await refuse(zip, 400, 'zip_gap');
  });

  it('a local header that is not one (garbage where the directory points) → 400 invalid_zip', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip bad local 2</p>') });
    new DataView(zip.buffer).setUint32(centralRecords(zip)[0].localOffset, 0xdeadbeef, true);
    await refuse(zip, 400, 'invalid_zip');
  });

  it('a zip with only folders → 400 empty_bundle', async () => {
    await refuse(zipSync({ 'site/': new Uint8Array(0), 'site/css/': new Uint8Array(0) }), 400, 'empty_bundle');
  });

  it('a zip with no HTML page → 400 no_entry_page', async () => {
    await refuse(zipSync({ 'style.css': enc.encode('.zip-no-entry{}') }), 400, 'no_entry_page');
  });

  it('a zip with several pages and no index.html → 400 ambiguous_entry', async () => {
    await refuse(zipSync({ 'a.html': enc.encode('zip-a'), 'b.html': enc.encode('zip-b') }), 400, 'ambiguous_entry');
  });
});
