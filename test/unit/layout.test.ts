import { describe, expect, it } from 'vitest';
import { referenceWarnings } from '../../core/bundle-warnings';
import { pickEntry } from '../../core/entry';
import { caseWarnings, folderIndexes, indexPageOf } from '../../core/index-pages';
import { DEFAULT_LIMITS } from '../../core/limits';
import { validateManifest } from '../../core/manifest';
import { applyRoot, chooseRoot } from '../../core/root';

const enc = new TextEncoder();
const H = (n: number) => n.toString(16).padStart(64, '0');
const manifest = (paths: string[], extra: Record<string, unknown> = {}) => validateManifest({ files: paths.map((path, i) => ({ path, size: 1, sha256: H(i) })), ...extra }, DEFAULT_LIMITS);

describe('the root rule: every page under one folder makes it the root', () => {
  it('a bundler dist/ next to a README', () => {
    expect(chooseRoot(['README.txt', 'dist/index.html', 'dist/assets/app.js'])).toBe('dist/');
  });
  it('the common folder of everything under the pages\' top folder, so relative links between its subfolders survive', () => {
    expect(chooseRoot(['docs/guide/page.html', 'docs/img/x.png'])).toBe('docs/');
    expect(chooseRoot(['site/web/index.html', 'site/web/a.js'])).toBe('site/web/');
    expect(chooseRoot(['dist/index.html', 'dist/about/index.html', 'src/main.ts', 'package.json'])).toBe('dist/');
  });
  it('no root when a page is at the top, pages are spread over folders, there is no page, or the named entry is outside', () => {
    expect(chooseRoot(['index.html', 'dist/index.html'])).toBeNull();
    expect(chooseRoot(['a/index.html', 'b/index.html'])).toBeNull();
    expect(chooseRoot(['dist/app.js'])).toBeNull();
    expect(chooseRoot(['dist/index.html', 'notes.txt'], 'notes.txt')).toBeNull();
  });
  it('applyRoot strips the prefix; outside files stay unless a rooted file takes their path', () => {
    const out = applyRoot([{ path: 'README.txt' }, { path: 'dist/index.html' }, { path: 'dist/README.txt' }, { path: 'src/x.ts' }], 'dist/');
    expect(out.files.map((f) => f.path)).toEqual(['index.html', 'README.txt', 'src/x.ts']);
    expect(out.dropped).toEqual(['README.txt']);
  });
  it('validateManifest serves the root and says so', () => {
    const m = manifest(['README.txt', 'dist/index.html', 'dist/about.html', 'dist/assets/app.js']);
    expect(m.root).toBe('dist/');
    expect(m.entry).toBe('index.html');
    expect(m.files.map((f) => f.path).sort()).toEqual(['README.txt', 'about.html', 'assets/app.js', 'index.html']);
    expect(manifest(['dist/index.html'], { entry: 'dist/index.html' })).toMatchObject({ root: 'dist/', entry: 'index.html' });
    expect(manifest(['index.html', 'a/b.html'])).toMatchObject({ root: null, entry: 'index.html' });
  });
  it('pickEntry names the entry as uploaded, with the root', () => {
    expect(pickEntry(['README.txt', 'dist/index.html', 'dist/about.html'])).toEqual({ entry: 'dist/index.html', root: 'dist/' });
    expect(pickEntry(['dist/a.html', 'dist/b.html'])).toEqual({ entry: null, reason: 'ambiguous', choices: ['dist/a.html', 'dist/b.html'] });
  });
});

describe('the index rule: index.html, index.htm, then a lone case-only match', () => {
  it('per folder', () => {
    expect(indexPageOf(['docs/index.htm', 'docs/index.html'], 'docs/')).toEqual({ path: 'docs/index.html', caseOnly: false });
    expect(indexPageOf(['docs/index.htm', 'docs/Index.html'], 'docs/')).toEqual({ path: 'docs/index.htm', caseOnly: false });
    expect(indexPageOf(['docs/Index.html', 'docs/a.css'], 'docs/')).toEqual({ path: 'docs/Index.html', caseOnly: true });
    expect(indexPageOf(['docs/Index.html', 'docs/INDEX.HTM'], 'docs/')).toEqual({ path: null, ambiguous: ['docs/Index.html', 'docs/INDEX.HTM'] });
    expect(indexPageOf(['docs/a.html'], 'docs/')).toBeNull();
  });
  it('the same rule picks the entry at the top', () => {
    expect(pickEntry(['INDEX.HTML', 'other.html'])).toEqual({ entry: 'INDEX.HTML', root: null });
    expect(pickEntry(['index.htm', 'other.html'])).toEqual({ entry: 'index.htm', root: null });
  });
  it('folderIndexes lists every folder below the top that has one', () => {
    expect([...folderIndexes(['index.html', 'docs/Index.html', 'a/b/index.htm', 'c/x.html'])]).toEqual([['docs/', 'docs/Index.html'], ['a/b/', 'a/b/index.htm']]);
  });
  it('warns about case-only differences at publish', () => {
    const w = caseWarnings(['index.html', 'docs/Index.html', 'x/Index.html', 'x/INDEX.html', 'img/Logo.png', 'img/logo.png']);
    expect(w).toHaveLength(3);
    expect(w[0]).toMatch(/docs\/Index\.html is served at \/docs\//);
    expect(w[1]).toMatch(/x\/Index\.html, x\/INDEX\.html differ only in case/);
    expect(w[2]).toMatch(/img\/Logo\.png and img\/logo\.png differ only in case/);
    expect(manifest(['index.html', 'docs/Index.html']).warnings).toHaveLength(1);
  });
});

describe('referenceWarnings: references that work from disk but not from the link', () => {
  const file = (path: string, text = '') => ({ path, bytes: enc.encode(text) });
  it('a reference whose target differs only in case', () => {
    const w = referenceWarnings([file('index.html', '<img src="img/Logo.PNG"><link rel=stylesheet href="css/site.css">'), file('img/logo.png'), file('css/site.css', 'body{background:url(../IMG/logo.png)}')]);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/index\.html refers to img\/Logo\.PNG, but the file is img\/logo\.png/);
    expect(w[1]).toMatch(/css\/site\.css refers to \.\.\/IMG\/logo\.png/);
  });
  it('root-absolute references that resolve only from the entry\'s folder, when it cannot be the root', () => {
    const files = [file('index.html', '<p>top</p>'), file('dist/app.html', '<script src="/assets/app.js"></script>'), file('dist/assets/app.js')];
    const w = referenceWarnings(files, 'dist/app.html');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/dist\/app\.html loads \/assets\/app\.js, which only resolves from dist\//);
  });
  it('nothing to say when the folder became the root, or everything resolves', () => {
    expect(referenceWarnings([file('README.txt'), file('dist/index.html', '<script src="/assets/app.js"></script>'), file('dist/assets/app.js')])).toEqual([]);
    expect(referenceWarnings([file('index.html', '<img src="a.png"><a href="https://x.test/B.png">x</a>'), file('a.png')])).toEqual([]);
  });
});

describe('the spa field', () => {
  it('is a boolean or absent', () => {
    expect(manifest(['index.html'], { spa: true }).spa).toBe(true);
    expect(manifest(['index.html']).spa).toBeUndefined();
    expect(() => manifest(['index.html'], { spa: 'yes' })).toThrow(/"spa" must be true or false/);
  });
});
