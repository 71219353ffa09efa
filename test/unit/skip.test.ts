import { describe, expect, it } from 'vitest';
import { orderRuleFiles, rulesFor, ShareRules } from '../../core/ignore-rules';
import { formatBytes } from '../../core/limits';
import { commonTopFolder } from '../../core/paths';
import { isEnvFileName, isSkippedPath } from '../../core/skip';
import { extractTitle } from '../../core/title';

describe('the skip list (core/skip.ts): one list for every client', () => {
  it.each([
    ['.git/config', 'version control'], ['a/.git/HEAD', 'version control, nested'], ['.svn/entries', 'Subversion'], ['.hg/store', 'Mercurial'],
    ['node_modules/x/index.js', 'dependencies'], ['web/node_modules/x.js', 'nested dependencies'],
    ['__MACOSX/site/._index.html', 'macOS zip litter'], ['.DS_Store', 'Finder settings'], ['img/.DS_Store', 'nested Finder settings'],
    ['._index.html', 'an AppleDouble twin'], ['css/._site.css', 'a nested AppleDouble twin'], ['Thumbs.db', 'Windows thumbnails'], ['desktop.ini', 'Windows folder settings'],
    ['.env', 'an env file'], ['.env.local', 'an .env.* file'], ['sub/.env.production', 'a nested .env.* file'], ['config/prod.env', 'a *.env file'],
    ['.gitignore', 'a rule file'], ['sub/.shareignore', 'a nested rule file'],
  ])('leaves out %s (%s)', (path) => {
    expect(isSkippedPath(path)).toBe(true);
  });
  it.each(['index.html', 'css/site.css', '.well-known/x.txt', 'environment.js', 'my.env.html', 'gitignore.txt', 'a._b.html', 'git/x', 'modules/x.js', '.github/workflows/x.yml'])('keeps %s', (path) => {
    expect(isSkippedPath(path)).toBe(false);
  });
  it('asks about folders by name: node_modules and .git are skipped, a folder named .env is not', () => {
    expect(isSkippedPath('node_modules', true)).toBe(true);
    expect(isSkippedPath('a/.git', true)).toBe(true);
    expect(isSkippedPath('.env', true)).toBe(false);
  });
  it('knows env files by name anywhere in a path', () => {
    expect(['.env', 'a/.env.local', 'prod.env'].map(isEnvFileName)).toEqual([true, true, true]);
    expect(['env.js', '.envrc', 'a.env.html'].map(isEnvFileName)).toEqual([false, false, false]);
  });
});

describe('ShareRules: .gitignore and .shareignore with git\'s semantics', () => {
  it('applies a root .gitignore: file patterns, folder patterns, anchored patterns', () => {
    const r = new ShareRules();
    r.addRuleFile('.gitignore', 'debug.log\ndist/\n/only-root.txt\n');
    expect(['debug.log', 'sub/debug.log', 'dist/app.js', 'only-root.txt'].filter((p) => r.skips(p))).toEqual(['debug.log', 'sub/debug.log', 'dist/app.js', 'only-root.txt']);
    expect(r.skips('sub/only-root.txt')).toBe(false);
    expect(r.skips('dist', true)).toBe(true);
    expect(r.skips('index.html')).toBe(false);
  });
  it('lets a folder\'s .shareignore take back what its .gitignore leaves out', () => {
    const r = new ShareRules();
    for (const path of orderRuleFiles(['.shareignore', 'x.html', '.gitignore'])) r.addRuleFile(path, path === '.gitignore' ? '*.log\n' : '!keep.log\n');
    expect(r.skips('debug.log')).toBe(true);
    expect(r.skips('keep.log')).toBe(false);
  });
  it('applies a nested rule file below its own folder only', () => {
    const r = new ShareRules();
    r.addRuleFile('sub/.gitignore', 'secret.txt\n');
    expect(r.skips('sub/secret.txt')).toBe(true);
    expect(r.skips('sub/deeper/secret.txt')).toBe(true);
    expect(r.skips('secret.txt')).toBe(false);
  });
  it('ignores a rule file inside a folder that is itself left out, as git does', async () => {
    const texts: Record<string, string> = { '.gitignore': 'vendor/\n', 'vendor/.gitignore': '!*\n', 'node_modules/.gitignore': 'index.html\n' };
    const r = await rulesFor(['index.html', ...Object.keys(texts)], async (p) => texts[p]);
    expect(r.skips('index.html')).toBe(false);
    expect(r.skips('vendor/a.js')).toBe(true);
  });
  it('orders rule files shallow first, .gitignore before .shareignore', () => {
    expect(orderRuleFiles(['a/b/.gitignore', 'a/.shareignore', 'x.js', '.shareignore', 'a/.gitignore', '.gitignore']))
      .toEqual(['.gitignore', '.shareignore', 'a/.gitignore', 'a/.shareignore', 'a/b/.gitignore']);
  });
  it('filter keeps what neither the fixed list nor the patterns leave out', () => {
    const r = new ShareRules();
    r.addRuleFile('.gitignore', '*.log\n');
    expect(r.filter([{ path: 'a.log' }, { path: '.env' }, { path: 'index.html' }]).map((f) => f.path)).toEqual(['index.html']);
  });
});

describe('formatBytes: one unit system (IEC) for every size a person reads', () => {
  it.each([
    [0, '0 B'], [1023, '1023 B'], [1024, '1 KiB'], [1536, '1.5 KiB'], [25 * 1024 * 1024, '25 MiB'], [25 * 1024 * 1024 + 1, '25 MiB'],
    [27_487_790, '26.2 MiB'], [100 * 1024 * 1024, '100 MiB'], [1024 * 1024 - 1, '1 MiB'], [3 * 1024 ** 3, '3 GiB'],
  ])('%i bytes → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('commonTopFolder and extractTitle', () => {
  it('finds the one folder every path sits in, or none', () => {
    expect(commonTopFolder(['site/index.html', 'site/css/a.css'])).toBe('site/');
    expect(commonTopFolder(['a/index.html', 'b/x.css'])).toBe('');
    expect(commonTopFolder(['index.html', 'site/a.css'])).toBe('');
    expect(commonTopFolder([])).toBe('');
  });
  it('reads, decodes and squeezes a page\'s <title>; null without one; at most 200 characters', () => {
    expect(extractTitle('<html><head><TITLE lang="en">\n  Plan &amp; notes &#8212; v2 &#x263A;\n</TITLE>')).toBe('Plan & notes — v2 ☺');
    expect(extractTitle('<h1>no title</h1>')).toBeNull();
    expect(extractTitle('<title>   </title>')).toBeNull();
    expect(extractTitle(`<title>${'x'.repeat(500)}</title>`)).toHaveLength(200);
  });
});
