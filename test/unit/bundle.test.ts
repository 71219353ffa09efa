import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectBundle, type CollectInput, type SourceFile } from '../../core/bundle';
import { ApiError } from '../../core/errors';
import type { Limits } from '../../core/limits';

/** Source files from a map of path → text, recording which were read. */
function sources(files: Record<string, string>, reads: string[] = []): SourceFile[] {
  return Object.entries(files).map(([path, text]) => {
    const bytes = new TextEncoder().encode(text);
    return { path, size: bytes.byteLength, read: async () => { reads.push(path); return bytes; } };
  });
}

const folder = (files: Record<string, string>, more: Partial<CollectInput> = {}) => collectBundle({ mode: 'folder', files: sources(files), ...more });
const paths = async (p: ReturnType<typeof collectBundle>) => (await p).files.map((f) => f.path);
// Built at run time, so this file itself holds nothing key-shaped.
const fakeKey = () => `${'sk-ant-'}api03-${'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBaXy12'}`;

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('collectBundle: the one collect step (folder mode)', () => {
  it('leaves out the skip list and what .gitignore lists; rule files are read, not published', async () => {
    const files = { 'index.html': '<title>Hi</title>', '.gitignore': 'debug.log\n', 'debug.log': 'x', '._index.html': 'x', '.DS_Store': 'x', '.git/HEAD': 'x', 'node_modules/a.js': 'x', '.env': 'A=1', 'css/a.css': 'p{}' };
    expect(await paths(folder(files))).toEqual(['index.html', 'css/a.css']);
  });

  it('hashes, sizes and titles the bundle', async () => {
    const html = '<title>Plan &amp; notes</title>';
    const b = await folder({ 'index.html': html });
    expect(b.files[0]).toMatchObject({ path: 'index.html', size: 31, sha256: createHash('sha256').update(html).digest('hex') });
    expect(b).toMatchObject({ entry: 'index.html', title: 'Plan & notes', bytes: 31, warnings: [], missing: [], findings: [] });
  });

  it('an AppleDouble twin never counts as a page: demo.html + ._demo.html is one page', async () => {
    const b = await folder({ 'demo.html': '<p>demo', '._demo.html': '\u0000\u0005\u0016\u0007' });
    expect(b.entry).toBe('demo.html');
    expect(b.files.map((f) => f.path)).toEqual(['demo.html']);
  });

  it('opens a nested folder\'s pages at their paths and the requested entry', async () => {
    const b = await folder({ 'a.html': 'a', 'about/index.html': 'b' }, { entry: 'about/index.html' });
    expect(b.entry).toBe('about/index.html');
  });
});

describe('collectBundle: every refusal', () => {
  it('invalid_path: a name the server could never store', async () => {
    expect((await refusal(folder({ 'index.html': 'x', 'bad\u0001name.css': 'x' }))).code).toBe('invalid_path');
  });
  it('duplicate_path: two names equal after Unicode normalisation', async () => {
    expect((await refusal(folder({ 'index.html': 'x', 'caf\u00e9.css': 'x', 'cafe\u0301.css': 'y' }))).code).toBe('duplicate_path');
  });
  it('empty_bundle: nothing picked', async () => {
    expect((await refusal(folder({}))).code).toBe('empty_bundle');
  });
  it('empty_bundle: everything left out by the rules', async () => {
    const err = await refusal(folder({ '.gitignore': '*\n', 'index.html': 'x', '.env': 'A=1' }));
    expect(err.code).toBe('empty_bundle');
    expect(err.message).toContain('.gitignore');
  });
  it('no_entry_page: no HTML page at all', async () => {
    expect((await refusal(folder({ 'notes.txt': 'x' }))).code).toBe('no_entry_page');
  });
  it('no_entry_page: the requested entry is not there', async () => {
    const err = await refusal(folder({ 'index.html': 'x' }, { entry: 'other.html' }));
    expect(err.code).toBe('no_entry_page');
    expect(err.message).toContain('other.html');
  });
  it('ambiguous_entry: several pages and no index.html, with the choices', async () => {
    const err = await refusal(folder({ 'b.html': 'b', 'a.html': 'a', 'style.css': '' }));
    expect(err.code).toBe('ambiguous_entry');
    expect(err.details).toEqual({ choices: ['b.html', 'a.html'] });
  });
  const limits: Limits = { maxFileBytes: 10, maxShareBytes: 15, maxFiles: 2 };
  it('too_many_files, before any byte is read', async () => {
    const reads: string[] = [];
    const err = await refusal(collectBundle({ mode: 'folder', files: sources({ 'index.html': 'x', 'a': 'x', 'b': 'x' }, reads), limits }));
    expect([err.status, err.code]).toEqual([413, 'too_many_files']);
    expect(reads).toEqual([]);
  });
  it('file_too_large, before any byte is read, naming the file and its size', async () => {
    const reads: string[] = [];
    const err = await refusal(collectBundle({ mode: 'folder', files: sources({ 'index.html': 'x', 'big.bin': 'x'.repeat(11) }, reads), limits }));
    expect([err.status, err.code, err.details]).toEqual([413, 'file_too_large', { path: 'big.bin', size: 11 }]);
    expect(err.message).toBe('big.bin is 11 B; the limit per file is 10 B.');
    expect(reads).toEqual([]);
  });
  it('share_too_large, before any byte is read', async () => {
    const reads: string[] = [];
    const err = await refusal(collectBundle({ mode: 'folder', files: sources({ 'index.html': 'x'.repeat(8), 'a.css': 'x'.repeat(8) }, reads), limits }));
    expect([err.status, err.code]).toEqual([413, 'share_too_large']);
    expect(reads).toEqual([]);
  });
  it('likely_secrets: a fake key in a .js file, as file:line with a redacted preview', async () => {
    const err = await refusal(folder({ 'index.html': '<script src="config.js"></script>', 'config.js': `// config\nconst KEY = "${fakeKey()}";\n` }));
    expect(err.code).toBe('likely_secrets');
    expect(err.message).toContain('config.js:2 Anthropic API key (sk-ant-…Xy12)');
    expect(err.message).not.toContain('Zx9Yw8Vu');
    expect(err.details).toEqual({ findings: [{ file: 'config.js', line: 2, kind: 'Anthropic API key', preview: 'sk-ant-…Xy12' }] });
  });
  it('allowSecrets publishes them, and says so in a warning', async () => {
    const b = await folder({ 'index.html': `<script>k="${fakeKey()}"</script>` }, { allowSecrets: true });
    expect(b.findings).toHaveLength(1);
    expect(b.warnings).toEqual(['sharing 1 likely secret on purpose: index.html:1 Anthropic API key (sk-ant-…Xy12)']);
  });
});

describe('collectBundle: a lone page (page mode)', () => {
  it('brings what the page loads through lookup, and lists what is missing', async () => {
    const disk: Record<string, string> = { 'style.css': 'body{background:url(img/bg.png)}', 'img/bg.png': 'png' };
    const b = await collectBundle({
      mode: 'page',
      files: sources({ 'dashboard.html': '<link rel=stylesheet href=style.css><script src=app.js></script><img src="logo.png">' }),
      lookup: async (p) => (p in disk ? sources({ [p]: disk[p] })[0] : null),
    });
    expect(b.files.map((f) => f.path)).toEqual(['dashboard.html', 'style.css', 'img/bg.png']);
    expect(b.missing.map((m) => m.path)).toEqual(['app.js', 'logo.png']);
    expect(b.warnings).toEqual([
      'missing: app.js (referenced by dashboard.html) was not found',
      'missing: logo.png (referenced by dashboard.html) was not found',
    ]);
  });

  it('checks every picked page, and picked files count as found', async () => {
    const b = await collectBundle({ mode: 'page', files: sources({ 'index.html': '<a href=x><img src=a.png>', 'a.png': '', 'other.html': '<script src=o.js></script>' }) });
    // `<a href=x>` names a page of the share (issue 13, item 12): one that is not there is missing too.
    expect(b.missing.map((m) => m.path)).toEqual(['x', 'o.js']);
    expect(b.files.map((f) => f.path)).toEqual(['index.html', 'a.png', 'other.html']);
  });

  it('never brings an env file or a junk file, even when the page names it', async () => {
    const b = await collectBundle({
      mode: 'page', files: sources({ 'index.html': '<script src=".env"></script><link rel=stylesheet href="._a.css">' }),
      lookup: async (p) => sources({ [p]: 'SECRET=1' })[0],
    });
    expect(b.files.map((f) => f.path)).toEqual(['index.html']);
    expect(b.warnings).toEqual([
      'not included: .env (referenced by index.html) is a file that is never shared',
      'not included: ._a.css (referenced by index.html) is a file that is never shared',
    ]);
  });

  it('scans what the page brings for secrets too', async () => {
    const err = await refusal(collectBundle({
      mode: 'page', files: sources({ 'index.html': '<script src=app.js></script>' }),
      lookup: async (p) => (p === 'app.js' ? sources({ 'app.js': `fetch(x, {headers: {k: "${fakeKey()}"}})` })[0] : null),
    }));
    expect(err.message).toContain('app.js:1 Anthropic API key');
  });
});
