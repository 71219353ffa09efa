import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { APP, api, enc, publish, visit } from './helpers';
import { SELF } from 'cloudflare:test';
import { renameEntry } from './zip-tools';

/** Names that are properties of every plain object: a lookup through one would find the prototype's. */
const NAMES = ['__proto__', 'constructor', 'x.constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'dir/__proto__', 'prototype'];

describe('user input never goes through a plain object\'s prototype', () => {
  it('a manifest whose files are named like Object.prototype members publishes and serves each file', async () => {
    const bundle: Record<string, string> = { 'index.html': '<p>keys</p>' };
    // defineProperty: plain assignment to `__proto__` would set the test object's prototype instead.
    for (const n of NAMES) Object.defineProperty(bundle, n, { value: `file ${n}`, enumerable: true });
    const { id } = await publish(bundle);
    for (const n of NAMES) {
      const res = await visit(id, `/${n}`);
      expect(res.status, n).toBe(200);
      expect(await res.text(), n).toBe(`file ${n}`);
    }
  });

  it('a zip holding such names publishes and serves each file', async () => {
    // Zipped under same-length stand-in names, then renamed in place: fflate's own zipSync walks its
    // input as a plain object and cannot take `__proto__` as a name.
    const standIn = (n: string) => n.replace(/[^/]/g, 'x');
    const files: Record<string, Uint8Array> = { 'index.html': enc.encode('<p>zip keys</p>') };
    NAMES.forEach((n, i) => { files[standIn(n).replace(/x$/, String(i % 10))] = enc.encode(`zipped ${n}`); });
    let zip: Uint8Array = zipSync(files);
    NAMES.forEach((n, i) => { zip = renameEntry(zip, standIn(n).replace(/x$/, String(i % 10)), n); });
    const res = await SELF.fetch(`${APP}/api/shares`, { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip as Uint8Array<ArrayBuffer> });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    for (const n of NAMES) expect(await (await visit(id, `/${n}`)).text(), n).toBe(`zipped ${n}`);
  });

  it.each(['null', '[]', '"text"', '42', 'true'])('a JSON body %s is a 400, never a 500', async (body) => {
    for (const path of ['/api/reports', '/api/shares', '/api/admin/keys']) {
      const res = await api(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status, `${path} ${body}`).toBeLessThan(500);
      expect(res.status, `${path} ${body}`).toBeGreaterThanOrEqual(400);
    }
  });
});
