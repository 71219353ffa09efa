import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../cli/collect';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'share-ign-'));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

describe('folders: what is skipped', () => {
  it('skips .git, node_modules, .DS_Store, ._* twins, .env* and the rule files themselves', async () => {
    const dir = tree({ 'index.html': 'x', '._index.html': 'x', '.git/HEAD': 'x', 'node_modules/a/index.js': 'x', '.DS_Store': 'x', '.env': 'A=1', '.env.local': 'A=1', 'prod.env': 'A=1', '.shareignore': '', '.gitignore': '', 'desktop.ini': 'x', 'a.js': 'x' });
    expect((await collect(dir)).files.map((f) => f.path)).toEqual(['a.js', 'index.html']);
  });
  it('honours .gitignore and .shareignore at the root, with negation and folder patterns', async () => {
    const dir = tree({ 'index.html': 'x', '.gitignore': 'dist/\n*.log\n', '.shareignore': 'drafts/\n!keep.log\n', 'dist/x.js': 'x', 'debug.log': 'x', 'keep.log': 'x', 'drafts/a.html': 'x', 'src/a.js': 'x' });
    expect((await collect(dir)).files.map((f) => f.path)).toEqual(['index.html', 'keep.log', 'src/a.js']);
  });
  it('applies a nested .gitignore below its own folder only', async () => {
    const dir = tree({ 'index.html': 'x', 'sub/.gitignore': 'secret.txt\n', 'sub/secret.txt': 'x', 'sub/ok.txt': 'x', 'secret.txt': 'x' });
    expect((await collect(dir)).files.map((f) => f.path)).toEqual(['index.html', 'secret.txt', 'sub/ok.txt']);
  });
});

describe('a single HTML file brings its references', () => {
  it('includes referenced files at their relative paths and warns about missing ones', async () => {
    const dir = tree({ 'site/index.html': '<link rel=stylesheet href="style.css"><script type=module src="js/app.js"></script><img src="nope.png">', 'site/style.css': 'body{background:url(img/bg.png)}', 'site/img/bg.png': 'p', 'site/js/app.js': "import './dep.js'", 'site/js/dep.js': '', 'site/unrelated.txt': 'x' });
    const b = await collect(join(dir, 'site', 'index.html'));
    expect(b.files.map((f) => f.path)).toEqual(['index.html', 'style.css', 'js/app.js', 'img/bg.png', 'js/dep.js']);
    expect(b.entry).toBe('index.html');
    expect(b.warnings).toEqual(['missing: nope.png (referenced by index.html) was not found']);
  });
});
