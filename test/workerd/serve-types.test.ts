import { beforeAll, describe, expect, it } from 'vitest';
import { publish, visit } from './helpers';

/** JavaScript MIME essences (WHATWG MIME Sniffing §4.6): with nosniff a browser runs a script only with one. */
const JS_MIME = /^(text\/javascript|application\/javascript|application\/ecmascript|text\/ecmascript|application\/x-javascript)(;|$)/;
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** A build folder as bundlers write one: each file with how a browser will use it. */
const BUILD: Record<string, [string | Uint8Array, 'script' | 'style' | 'wasm' | 'json']> = {
  'lib.umd.cjs': ['window.types_umd = 1', 'script'],
  'lib.es.js': ['export const types_es = 1', 'script'],
  'lib.mjs': ['export const types_mjs = 1', 'script'],
  'out.cjs': ['module.exports = 1', 'script'],
  'App.jsx': ['window.types_jsx = 1', 'script'],
  'assets/index-B2x9fQ.js': ['console.log(1)', 'script'],
  'assets/worker-Cz81.js': ['self.onmessage = () => {}', 'script'],
  'a.out.worker.js': ['self.x = 1', 'script'],
  'sw.js': ['self.addEventListener("fetch", () => {})', 'script'],
  'assets/index-Dk3.css': ['body{}', 'style'],
  'assets/module-9fz.wasm': [WASM, 'wasm'],
  'assets/index-B2x9fQ.js.map': ['{"version":3,"sources":[],"mappings":""}', 'json'],
  'manifest.webmanifest': ['{"name":"types"}', 'json'],
  '.vite/manifest.json': ['{}', 'json'],
};

let id: string;
beforeAll(async () => {
  id = (await publish({ 'index.html': '<script src="lib.umd.cjs"></script>', ...Object.fromEntries(Object.entries(BUILD).map(([p, [c]]) => [p, c])) })).id;
});

describe('every file a browser runs, applies or instantiates is served with a type it accepts under nosniff', () => {
  for (const [path, [, use]] of Object.entries(BUILD)) {
    it(`${path} (${use})`, async () => {
      const res = await visit(id, `/${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const type = res.headers.get('content-type')!;
      if (use === 'script') expect(type).toMatch(JS_MIME);
      if (use === 'style') expect(type).toMatch(/^text\/css(;|$)/);
      if (use === 'wasm') expect(type).toBe('application/wasm');
      if (use === 'json') expect(type).toMatch(/^application\/(json|manifest\+json)(;|$)/);
      await res.arrayBuffer();
    });
  }
});
