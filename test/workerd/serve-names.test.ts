import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PublishResult } from '../../core/api-types';
import { api, enc, publish, visit } from './helpers';

/** The path a browser requests for a reference written as `ref` on the page at `/` (WHATWG URL parser). */
const requested = (ref: string) => new URL(ref, 'http://share.test/').pathname;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
const BUNDLE = {
  'index.html': '<img src="100%.png"><a href="50%off.html">sale</a>',
  '100%.png': PNG,
  '50%off.html': '<p>names: half off</p>',
  '100% real/notes.txt': 'names: folder with a percent',
  '%FF.txt': 'names: not an escape of UTF-8',
  'a%20b.txt': 'names: a literal %20',
  'x%.y%': 'names: trailing percent',
  '404.html': '<p>names: custom 404</p>',
};

let id: string;
beforeAll(async () => { id = (await publish(BUNDLE)).id; });

describe('names with % are reachable at the URL a browser builds from the reference', () => {
  for (const [name, content] of Object.entries(BUNDLE)) {
    if (name === 'index.html') continue;
    const expected = typeof content === 'string' ? enc.encode(content) : content;
    it(`${name}: as written and percent-encoded`, async () => {
      for (const ref of [name, name.split('/').map(encodeURIComponent).join('/')]) {
        const res = await visit(id, requested(ref));
        expect(res.status, `${ref} → ${requested(ref)}`).toBe(200);
        expect(new Uint8Array(await res.arrayBuffer())).toEqual(expected);
      }
    });
  }

  it('the page\'s own <img src="100%.png"> is what the browser asks for, and it is served', async () => {
    expect(requested('100%.png')).toBe('/100%.png');
    const res = await visit(id, '/100%.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  it('/50%off (no extension) finds 50%off.html', async () => {
    const res = await visit(id, '/50%off');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>names: half off</p>');
  });

  it('a decoding problem is never its own 404: a missing name gets the share\'s 404 page', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/nope%zz.png', '/%C3%28.txt']) {
      const res = await visit(id, path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toBe('<p>names: custom 404</p>');
    }
  });

  it('names from a zip are reachable the same way', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>z</p>'), '100%.png': PNG, 'off 50%/a.txt': enc.encode('names: zip folder') });
    const res = await api('/api/shares', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });
    expect(res.status).toBe(201);
    const share = (await res.json()) as PublishResult;
    expect((await visit(share.id, '/100%.png')).status).toBe(200);
    expect(await (await visit(share.id, requested('off 50%/a.txt'))).text()).toBe('names: zip folder');
  });
});
