import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PublishResult } from '../../core/api-types';
import { api, enc, publish, updateShare, visit } from './helpers';

/** windows-1252 bytes of a Latin-1 string. */
const cp1252 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
/** 日本語 in Shift_JIS. */
const SJIS = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea];

export const PAGES = {
  'index.html': '<!doctype html><meta charset="utf-8"><p>charset: utf-8 café 日本語</p>',
  'cp1252.html': cp1252('<!doctype html><meta charset="windows-1252"><p>charset: caf\u00e9 na\u00efve</p>'),
  'sjis.html': new Uint8Array([...ascii('<!doctype html><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>'), ...SJIS, ...ascii('</p>')]),
  'ascii-but-declared.html': '<!doctype html><meta charset="windows-1252"><p>charset: plain ascii</p>',
  'no-meta.html': '<p>charset: utf-8 without a meta</p>',
  'latin.css': cp1252('@charset "windows-1252";\n.x::before { content: "\u00e9" }'),
  'utf8.css': '.x::before { content: "é" }',
  'utf8.js': 'console.log("日本語")',
  'sjis.js': new Uint8Array([...ascii('console.log("'), ...SJIS, ...ascii('")')]),
  'sjis.svg': new Uint8Array([...ascii('<?xml version="1.0" encoding="Shift_JIS"?><svg xmlns="http://www.w3.org/2000/svg"><text>'), ...SJIS, ...ascii('</text></svg>')]),
  'utf8.svg': '<svg xmlns="http://www.w3.org/2000/svg"><text>日本語</text></svg>',
  'utf16.txt': new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]),
  'bom.txt': new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('bom then utf-8 é')]),
  'data.json': '{"charset":"日本語"}',
  'docs/index.html': cp1252('<meta charset="windows-1252"><p>charset: docs caf\u00e9</p>'),
  'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

const EXPECTED: [string, string][] = [
  ['/', 'text/html; charset=utf-8'],
  ['/cp1252.html', 'text/html'],
  ['/sjis.html', 'text/html'],
  ['/ascii-but-declared.html', 'text/html'],
  ['/no-meta.html', 'text/html; charset=utf-8'],
  ['/latin.css', 'text/css'],
  ['/utf8.css', 'text/css; charset=utf-8'],
  ['/utf8.js', 'text/javascript; charset=utf-8'],
  ['/sjis.js', 'text/javascript'],
  ['/sjis.svg', 'image/svg+xml'],
  ['/utf8.svg', 'image/svg+xml; charset=utf-8'],
  ['/utf16.txt', 'text/plain'],
  ['/bom.txt', 'text/plain; charset=utf-8'],
  ['/data.json', 'application/json; charset=utf-8'],
  ['/docs/', 'text/html'],
  ['/docs/index.html', 'text/html'],
  ['/logo.png', 'image/png'],
];

let share: { id: string; token: string };
beforeAll(async () => { share = await publish(PAGES); });

describe('charset=utf-8 is claimed only for UTF-8 bytes that declare nothing else', () => {
  for (const [path, type] of EXPECTED) {
    it(`${path} → ${type}`, async () => {
      const res = await visit(share.id, path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      await res.arrayBuffer();
    });
  }

  it('the decision is stored: a new version that reuses the bytes (not uploaded again) is served the same', async () => {
    const plan = await updateShare(share.id, share.token, { ...PAGES, 'index.html': '<p>charset: v2</p>' });
    expect(plan.missing).toHaveLength(1);
    for (const [path, type] of EXPECTED) {
      const res = await visit(share.id, path);
      expect(res.headers.get('content-type'), path).toBe(type);
      await res.arrayBuffer();
    }
  });

  it('the zip path decides the same way', async () => {
    const entries = Object.fromEntries(Object.entries(PAGES).map(([p, c]) => [p, typeof c === 'string' ? enc.encode(c) : c]));
    const res = await api('/api/shares', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zipSync(entries) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as PublishResult;
    for (const [path, type] of EXPECTED) {
      const page = await visit(id, path);
      expect(page.headers.get('content-type'), path).toBe(type);
      await page.arrayBuffer();
    }
  });
});
