import { describe, expect, it } from 'vitest';
import { discover } from '../../core/discover';
import { cssReferences, htmlReferences, jsReferences, parseSrcset } from '../../core/references';
import { resolveReference } from '../../core/resolve-reference';

describe('htmlReferences: one test per kind of reference', () => {
  it('<script src>, in any quoting and case', () => {
    expect(htmlReferences(`<script src="a.js"></script><SCRIPT SRC='b.js'></SCRIPT><script src=c.js defer></script>`)).toEqual(['a.js', 'b.js', 'c.js']);
  });
  it('<link href> for stylesheets and icons, not preconnect', () => {
    expect(htmlReferences('<link rel="stylesheet" href="css/site.css"><link rel=icon href="favicon.ico"><link rel="preconnect" href="https://x.test">')).toEqual(['css/site.css', 'favicon.ico']);
  });
  it('<img src> and srcset', () => {
    expect(htmlReferences('<img src="a.png" srcset="a@2x.png 2x, a@3x.png 3x" alt="x > y">')).toEqual(['a.png', 'a@2x.png', 'a@3x.png']);
  });
  it('<source src/srcset>, <video poster>, <audio src>, <track src>', () => {
    const html = '<video poster="poster.jpg" src="v.mp4"><source src="v.webm"><track src="subs.vtt"></video><picture><source srcset="p.avif 1x, p2.avif 2x"></picture><audio src="s.mp3"></audio>';
    expect(htmlReferences(html).sort()).toEqual(['p.avif', 'p2.avif', 'poster.jpg', 's.mp3', 'subs.vtt', 'v.mp4', 'v.webm']);
  });
  it('CSS url() and @import in <style> blocks and style attributes', () => {
    const html = `<style>@import "base.css"; body { background: url('bg.png') }</style><div style="background-image: url(&quot;tile.svg&quot;)"></div>`;
    expect(htmlReferences(html).sort()).toEqual(['base.css', 'bg.png', 'tile.svg']);
  });
  it('imports in inline module scripts, not in JSON or templates', () => {
    const html = `<script type="module">import { a } from './a.js'; import('./lazy.js');</script><script type="application/json">{"x":"import './no.js'"}</script>`;
    expect(htmlReferences(html)).toEqual(['./a.js', './lazy.js']);
  });
  it('ignores commented-out markup and entities in values', () => {
    expect(htmlReferences('<!-- <img src="old.png"> --><img src="a&amp;b.png">')).toEqual(['a&b.png']);
  });
});

describe('parseSrcset', () => {
  it('keeps commas inside URLs and drops descriptors', () => {
    expect(parseSrcset('data:image/png;base64,AAAA 1x, b.png 2x')).toEqual(['data:image/png;base64,AAAA', 'b.png']);
    expect(parseSrcset('small.jpg 480w,large.jpg 1080w')).toEqual(['small.jpg', 'large.jpg']);
    expect(parseSrcset('only.png')).toEqual(['only.png']);
  });
});

describe('cssReferences', () => {
  it('url() quoted and unquoted, @import string and url(), comments ignored', () => {
    const css = `@import url("a.css"); @import 'b.css'; /* url(old.png) */ .x { background: url( c.png ) } @font-face { src: url(f.woff2?v=2#x) format("woff2") }`;
    expect(cssReferences(css).sort()).toEqual(['a.css', 'b.css', 'c.png', 'f.woff2?v=2#x']);
  });
});

describe('jsReferences', () => {
  it('static imports, side-effect imports, re-exports and dynamic import(); only relative specifiers', () => {
    const js = `import a from './a.js';\nimport { b, c } from "../lib/b.mjs";\nimport './side.js';\nimport * as ns from '/root.js';\nexport { x } from './x.js';\nexport * from './all.js';\nconst m = await import('./dyn.js');\nimport React from 'react';`;
    expect(jsReferences(js)).toEqual(['./a.js', '../lib/b.mjs', './side.js', '/root.js', './x.js', './all.js', './dyn.js']);
  });
  it('does not take method calls named import', () => {
    expect(jsReferences(`loader.import('./no.js'); obj.export = 1;`)).toEqual([]);
  });
});

describe('resolveReference', () => {
  it('resolves relative to the referencing file and strips query and fragment', () => {
    expect(resolveReference('css/site.css', '../img/a.png?v=1#x')).toEqual({ kind: 'local', path: 'img/a.png' });
    expect(resolveReference('index.html', './js/app.js')).toEqual({ kind: 'local', path: 'js/app.js' });
  });
  it('decodes percent-escapes to match names on disk', () => {
    expect(resolveReference('index.html', 'my%20file.css')).toEqual({ kind: 'local', path: 'my file.css' });
  });
  it('treats /x as the share root, i.e. the shared file\'s folder', () => {
    expect(resolveReference('sub/page.css', '/img/a.png')).toEqual({ kind: 'local', path: 'img/a.png' });
  });
  it('flags references outside the folder', () => {
    expect(resolveReference('index.html', '../secret.txt').kind).toBe('outside');
    expect(resolveReference('index.html', '/../x.png').kind).toBe('outside');
  });
  it('ignores remote URLs, data:, mailto:, anchors and templates', () => {
    for (const ref of ['https://cdn.test/x.js', '//cdn.test/x.js', 'data:image/png;base64,AA', 'mailto:a@b.c', '#top', 'javascript:void(0)', '${base}/x.js', '{{ url }}', '']) {
      expect(resolveReference('index.html', ref), ref).toEqual({ kind: 'ignored' });
    }
  });
});

describe('discover', () => {
  it('follows HTML → CSS → fonts and JS → imports, once each, and warns about missing and outside files', async () => {
    const files: Record<string, string> = {
      'index.html': '<link rel=stylesheet href="css/a.css"><script type="module" src="js/app.js"></script><img src="missing.png"><img src="../up.png">',
      'css/a.css': '@import "b.css"; body { background: url(../img/bg.png) }',
      'css/b.css': '.x { background: url("../img/bg.png") }',
      'img/bg.png': '',
      'js/app.js': "import { f } from './util.js'; import('./lazy.js');",
      'js/util.js': "export * from './app.js';",
      'js/lazy.js': '',
    };
    const reads: string[] = [];
    const out = await discover('index.html', (p) => { reads.push(p); return p in files ? files[p] : null; });
    expect(out.found.sort()).toEqual(['css/a.css', 'css/b.css', 'img/bg.png', 'js/app.js', 'js/lazy.js', 'js/util.js']);
    expect(new Set(reads).size).toBe(reads.length);
    expect(out.warnings).toEqual([
      'missing: missing.png (referenced by index.html) was not found',
      'not included: ../up.png (referenced by index.html) is outside the shared file\'s folder',
    ]);
    expect(out.missing).toEqual([{ path: 'missing.png', ref: 'missing.png', from: 'index.html' }]);
  });

  it('reads through an async reader, and neither reads nor includes a path `keep` refuses', async () => {
    const files: Record<string, string> = { 'index.html': '<script src="app.js"></script><link rel=stylesheet href="._a.css">', 'app.js': '', '._a.css': 'x' };
    const reads: string[] = [];
    const out = await discover('index.html', async (p) => { reads.push(p); return files[p] ?? null; }, (p) => !p.startsWith('._'));
    expect(out.found).toEqual(['app.js']);
    expect(reads).not.toContain('._a.css');
    expect(out.warnings).toEqual(['not included: ._a.css (referenced by index.html) is a file that is never shared']);
  });
});
