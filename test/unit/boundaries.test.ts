import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkBoundaries } from '../../scripts/boundaries.mjs';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  for (const dir of ['core', 'app', 'worker', 'server', 'cli', 'web']) mkdirSync(join(root, dir), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('folder boundaries (README "Layout")', () => {
  it('hold in this repository', () => {
    expect(checkBoundaries()).toEqual([]);
  });

  it('refuse a client importing the app', () => {
    const root = tree({ 'app/x.ts': 'export const x = 1;', 'cli/a.ts': "import { x } from '../app/x';" });
    expect(checkBoundaries(root)).toEqual(['cli/a.ts imports app/x.ts: cli/ may import only cli, core']);
  });

  it('refuse the CLI importing anything outside cli/ and core/ (its npm package holds only cli/)', () => {
    const root = tree({ 'skill/scripts/share.mjs': 'export {};', 'cli/bin/share.mjs': "import '../../skill/scripts/share.mjs';" });
    expect(checkBoundaries(root)).toEqual(['cli/bin/share.mjs imports skill/scripts/share.mjs: cli/ may import only cli, core']);
  });

  it('refuse the app importing a runtime', () => {
    const root = tree({ 'worker/r2.ts': 'export const r = 1;', 'app/a.ts': "import type { R } from '../worker/r2';" });
    expect(checkBoundaries(root)).toEqual(['app/a.ts imports worker/r2.ts: app/ may import only app, core']);
  });

  it('refuse node: built-ins in the core and the web app', () => {
    const root = tree({ 'core/a.ts': "import { join } from 'node:path';", 'web/b.ts': "export { x } from 'node:fs';" });
    expect(checkBoundaries(root)).toEqual(['core/a.ts imports node:path: core/ must run outside Node too', 'web/b.ts imports node:fs: web/ must run outside Node too']);
  });

  it('let the Worker entry use only the node: modules workerd provides natively (zlib, stream)', () => {
    const root = tree({ 'worker/a.ts': "import { createBrotliDecompress } from 'node:zlib';\nimport { Duplex } from 'node:stream';", 'worker/b.ts': "import { readFileSync } from 'node:fs';" });
    expect(checkBoundaries(root)).toEqual(['worker/b.ts imports node:fs: worker/ must run outside Node too']);
  });

  it('refuse import cycles, type-only ones included', () => {
    const root = tree({ 'app/a.ts': "import type { B } from './b';\nexport type A = 1;", 'app/b.ts': "import type { A } from './a';\nexport type B = 2;" });
    expect(checkBoundaries(root)).toEqual(['import cycle: app/a.ts → app/b.ts → app/a.ts']);
  });
});
