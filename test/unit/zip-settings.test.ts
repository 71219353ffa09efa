import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectBundle, type SourceFile } from '../../core/bundle';
import { DEFAULT_LIMITS } from '../../core/limits';
import { readZip } from '../../core/zip';
import { bundleZip } from '../../cli/publish-once';
import { storedZip } from '../../cli/zip-write';
import { MAPPED_SETTINGS, zipRoute } from '../../cli/zip-settings';
import { ROOT } from '../helpers/server';

/**
 * The one-request publish (cli/publish-once.ts) sends a first publish's settings in the zip
 * route's query and headers (cli/zip-settings.ts) and the bundle as a stored zip. These hold that
 * no setting is dropped on the way and that the zip reads back as exactly the bundle.
 */

/** The property names of `interface PublishRequest` in core/api-types.ts, read with the TypeScript parser. */
function publishRequestKeys(): string[] {
  const path = join(ROOT, 'core', 'api-types.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022);
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'PublishRequest');
  if (!decl) throw new Error('no interface PublishRequest in core/api-types.ts');
  return decl.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text);
}

describe('zipRoute: every publish setting has a place in the zip route, or keeps the three steps', () => {
  it('maps every key of PublishRequest but files (a setting added later fails here until it is mapped)', () => {
    const keys = publishRequestKeys();
    expect(keys).toContain('files');
    expect([...MAPPED_SETTINGS].sort()).toEqual(keys.filter((k) => k !== 'files').sort());
  });

  it('puts entry, title, expires, maxViews and spa in the query, the password in X-Share-Password', () => {
    const route = zipRoute({ entry: 'docs/é page.html', title: 'Q3 & more', expires: '24h', maxViews: 3, spa: true, password: 'pw-1 two' });
    expect('unsupported' in route).toBe(false);
    if ('unsupported' in route) return;
    const query = new URLSearchParams(route.query.slice(1));
    expect(route.query.startsWith('?')).toBe(true);
    expect(Object.fromEntries(query)).toEqual({ entry: 'docs/é page.html', title: 'Q3 & more', expires: '24h', maxViews: '3', spa: '1' });
    expect(route.headers).toEqual({ 'x-share-password': 'pw-1 two' });
    expect(zipRoute({ spa: false })).toEqual({ query: '?spa=0', headers: {} });
    expect(zipRoute({})).toEqual({ query: '', headers: {} });
  });

  it('leaves out what a first publish asks for by default: undefined, null, an empty allowlist', () => {
    expect(zipRoute({ entry: 'index.html', maxViews: null, password: null, allow: [], title: undefined })).toEqual({ query: '?entry=index.html', headers: {} });
    expect(zipRoute({ allow: null })).toEqual({ query: '', headers: {} });
  });

  it('puts the allowlist in the comma form the zip route splits, and feedback and live as flags', () => {
    expect(zipRoute({ allow: ['ann@acme.example', '*@partner.example'], feedback: true, live: false })).toEqual({ query: `?${new URLSearchParams({ allow: 'ann@acme.example,*@partner.example', feedback: '1', live: '0' })}`, headers: {} });
  });

  it('keeps the three steps for values a query or header would not carry exactly, and for keys it does not know', () => {
    const unsupported = [
      { password: ' padded' }, { password: 'padded ' }, { password: 'pässwort' }, { password: '密码' }, { password: 'a\tb' }, { password: '' },
      { maxViews: 0 }, { maxViews: 2.5 }, { title: '' }, { title: 'half \ud83d' }, { spa: 'yes' as unknown as boolean },
      { allow: ['a@x.example,b@x.example'] }, { allow: [' a@x.example'] }, { allow: ['a@x.example', ''] }, { feedback: 1 as unknown as boolean },
      { colour: 'red' } as Record<string, unknown>,
    ];
    for (const settings of unsupported) expect(zipRoute(settings), JSON.stringify(settings)).toHaveProperty('unsupported');
  });
});

const file = (path: string, bytes: string | Uint8Array): SourceFile => {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return { path, size: data.byteLength, read: async () => data };
};

describe('bundleZip: the zip holds exactly the bundle, as the server reads it', () => {
  it('reads back the same paths and bytes: nested, non-ASCII, empty, binary', async () => {
    const bin = new Uint8Array(4096).map((_, i) => (i * 31) % 256);
    const bundle = await collectBundle({
      mode: 'folder',
      files: [file('index.html', '<p>hi</p>'), file('css/main style.css', 'p{}'), file('img/café.bin', bin), file('empty.txt', ''), file('a/b/c/d.js', 'export {}')],
    });
    const zip = await bundleZip(bundle);
    expect(zip).not.toBeNull();
    const read = await readZip(zip!, DEFAULT_LIMITS);
    expect(read.map((f) => f.path)).toEqual(bundle.files.map((f) => f.path));
    for (const [i, f] of read.entries()) expect(Buffer.from(f.bytes).equals(Buffer.from(bundle.files[i].bytes)), f.path).toBe(true);
  });

  it('is null for a file named __proto__ (fflate keeps names as object keys), so that bundle goes in three steps', async () => {
    const bundle = await collectBundle({ mode: 'folder', files: [file('index.html', '<p>hi</p>'), file('__proto__', 'x')] });
    expect(bundle.files.map((f) => f.path).sort()).toEqual(['__proto__', 'index.html']);
    expect(await bundleZip(bundle)).toBeNull();
  });

  it('storedZip writes a zip another reader (fflate) reads the same, names as UTF-8, nothing compressed', () => {
    const files = [{ path: 'index.html', bytes: new TextEncoder().encode('<p>é</p>') }, { path: 'dossier/été.txt', bytes: new Uint8Array([0, 1, 2, 255]) }, { path: 'empty', bytes: new Uint8Array(0) }];
    const zip = storedZip(files);
    expect(zip.byteLength).toBe(files.reduce((n, f) => n + 30 + 46 + 2 * Buffer.byteLength(f.path) + f.bytes.length, 22));
    const read = unzipSync(zip);
    expect(Object.keys(read)).toEqual(files.map((f) => f.path));
    for (const f of files) expect(Buffer.from(read[f.path]).equals(Buffer.from(f.bytes)), f.path).toBe(true);
  });

  it('is null when every file is inside one folder: the zip reader would remove it, where the manifest keeps it', async () => {
    const bundle = await collectBundle({ mode: 'folder', files: [file('dist/index.html', '<p>x</p>'), file('dist/app.js', '1')] });
    expect(bundle.files.map((f) => f.path).sort()).toEqual(['dist/app.js', 'dist/index.html']);
    expect(await bundleZip(bundle)).toBeNull();
  });
});
