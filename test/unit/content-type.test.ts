import { describe, expect, it } from 'vitest';
import { contentTypeFor, precompressed } from '../../core/content-type';

/** JavaScript MIME type essences (WHATWG MIME Sniffing §4.6): with nosniff, a script runs only with one of these. */
const JS_MIME = new Set([
  'application/ecmascript', 'application/javascript', 'application/x-ecmascript', 'application/x-javascript', 'text/ecmascript',
  'text/javascript', 'text/javascript1.0', 'text/javascript1.1', 'text/javascript1.2', 'text/javascript1.3', 'text/javascript1.4',
  'text/javascript1.5', 'text/jscript', 'text/livescript', 'text/x-ecmascript', 'text/x-javascript',
]);
/** A JSON MIME type (WHATWG MIME Sniffing §4.6): JSON modules and web app manifests need one. */
const isJson = (t: string) => t === 'application/json' || t === 'text/json' || t.endsWith('+json');

/** What each bundler writes into a build folder, by how a browser uses the file. */
const SCRIPTS = [
  // Vite / Rollup (app and library mode)
  'assets/index-B2x9fQ.js', 'assets/worker-Cz81.js', 'lib.umd.cjs', 'lib.umd.js', 'lib.es.js', 'lib.iife.js', 'lib.mjs', 'lib.cjs',
  'sw.js', 'registerSW.js', 'workbox-5ffe50d4.js', 'bundle.cjs.js', 'bundle.esm.js', 'bundle.min.js',
  // webpack
  'main.js', 'main.bundle.js', '123.chunk.js', 'runtime~main.js', 'remoteEntry.js', 'static/js/main.8f1a.js',
  // esbuild (--out-extension) and Parcel
  'out.js', 'out.mjs', 'out.cjs', 'index.a1b2c3.js',
  // Emscripten, Godot, Unity
  'a.out.js', 'a.out.worker.js', 'index.audio.worklet.js', 'index.service.worker.js', 'Build/game.loader.js',
  // source a page may load directly (Babel standalone, htm)
  'App.jsx',
];
const STYLES = ['assets/index-Dk3.css', 'main.css', 'static/css/main.0a1b.css', 'out.css', 'index.a1b2c3.css', 'style.css'];
const WASM = ['assets/module-9fz.wasm', 'a.out.wasm', 'index.wasm', 'index.side.wasm'];
const JSON_FILES = ['main.js.map', 'out.css.map', '.vite/manifest.json', 'asset-manifest.json', 'manifest.webmanifest', 'site.webmanifest', 'data.json', 'scene.gltf'];

describe('contentTypeFor: what bundlers emit gets a type the browser will use', () => {
  it.each(SCRIPTS)('%s is a JavaScript MIME type', (name) => {
    expect(JS_MIME.has(contentTypeFor(name))).toBe(true);
  });
  it.each(STYLES)('%s is text/css', (name) => {
    expect(contentTypeFor(name)).toBe('text/css');
  });
  it.each(WASM)('%s is application/wasm (instantiateStreaming needs exactly that)', (name) => {
    expect(contentTypeFor(name)).toBe('application/wasm');
  });
  it.each(JSON_FILES)('%s is a JSON type', (name) => {
    expect(isJson(contentTypeFor(name))).toBe(true);
  });
  it('pages, SVG and XSLT are their document types', () => {
    expect(contentTypeFor('index.html')).toBe('text/html');
    expect(contentTypeFor('index.htm')).toBe('text/html');
    expect(contentTypeFor('page.xhtml')).toBe('application/xhtml+xml');
    expect(contentTypeFor('vite.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('style.xsl')).toBe('application/xml');
  });
  it('TypeScript is not run by browsers: .ts stays an HLS video segment, .tsx is source text', () => {
    expect(contentTypeFor('segment0.ts')).toBe('video/mp2t');
    expect(contentTypeFor('App.tsx')).toBe('text/plain');
  });
  it('a few formats mrmime lacks', () => {
    expect(contentTypeFor('favicon.ico')).toBe('image/x-icon');
    expect(contentTypeFor('stream.m3u8')).toBe('application/vnd.apple.mpegurl');
    expect(contentTypeFor('unknown.qqq')).toBe('application/octet-stream');
    expect(contentTypeFor('README')).toBe('application/octet-stream');
  });
  it('never carries a charset: that is decided from the bytes at publish', () => {
    for (const name of [...SCRIPTS, ...STYLES, ...JSON_FILES, 'index.html', 'a.svg', 'a.txt']) expect(contentTypeFor(name)).not.toContain('charset');
  });
});

describe('precompressed: x.ext.gz and x.ext.br carry x.ext', () => {
  it.each([
    ['Build/game.js.gz', 'gzip', 'text/javascript'],
    ['Build/game.wasm.gz', 'gzip', 'application/wasm'],
    ['Build/game.framework.js.br', 'br', 'text/javascript'],
    ['Build/game.wasm.br', 'br', 'application/wasm'],
    ['Build/game.data.br', 'br', 'application/octet-stream'],
    ['assets/index.css.gz', 'gzip', 'text/css'],
    ['icons/logo.svgz', 'gzip', 'image/svg+xml'],
    ['index.html.gz', 'gzip', 'text/html'],
  ])('%s → Content-Encoding %s, type %s', (path, coding, type) => {
    expect(precompressed(path)?.coding).toBe(coding);
    expect(contentTypeFor(path)).toBe(type);
  });
  it.each(['data.gz', 'backup.tar.gz', 'site.tgz', 'x.zip.gz', 'a.br', '.gz', 'dir.v2/file.gz'])('%s is a download, served as it is', (path) => {
    expect(precompressed(path)).toBeNull();
  });
});
