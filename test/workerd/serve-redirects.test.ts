import { beforeAll, describe, expect, it } from 'vitest';
import { SELF } from 'cloudflare:test';
import { publish, visit } from './helpers';

const form = (password: string) => ({ method: 'POST', body: new URLSearchParams({ password }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '203.0.113.9' }, redirect: 'manual' as const });

/** A Location stays on the share's origin: one leading slash followed by a segment, never `//` or `/\`. */
function expectSameOrigin(location: string | null, origin: string) {
  expect(location).not.toBeNull();
  expect(location!).toMatch(/^\/(?![/\\])/);
  expect(new URL(location!, `${origin}/x`).origin).toBe(origin);
}

let site: { id: string };
let origin: string;
beforeAll(async () => {
  // A saved web page's folder is named after its host.
  site = await publish({ 'index.html': '<p>redirects</p>', 'example.com/index.html': '<p>saved page</p>', 'evil.test/index.html': '<p>saved 2</p>' });
  origin = `http://${site.id}.localhost:8787`;
});

describe('no Location leaves the share\'s origin', () => {
  it('GET //example.com redirects to /example.com/, not to another host', async () => {
    const res = await visit(site.id, '//example.com', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/example.com/');
    const followed = await visit(site.id, res.headers.get('location')!);
    expect(await followed.text()).toBe('<p>saved page</p>');
  });

  it('/\\host, encoded slashes and backslashes, and a query string', async () => {
    for (const path of ['/\\evil.test', '//evil.test?x=1', '/%2Fevil.test', '/%2F%2Fevil.test', '///evil.test', '/%5Cevil.test']) {
      const res = await SELF.fetch(`${origin}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status === 301) expectSameOrigin(res.headers.get('location'), origin);
      else expect(res.status, path).toBe(404);
    }
  });

  it('the entry-page redirect is built from the stored path', async () => {
    const nested = await publish({ 'README.md': '# x', 'a/one.html': '<p>one</p>', 'b/two.html': '<p>two</p>' }, { entry: 'a/one.html' });
    const res = await visit(nested.id, '//?next=//evil.test', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/a/one.html?next=//evil.test');
  });

  it('the password form posted to //host answers 303 to /host on the same origin', async () => {
    const locked = await publish({ 'index.html': '<p>locked</p>', 'host/index.html': '<p>locked host</p>' }, { password: 'open sesame' });
    for (const path of ['//host', '/\\host', '//evil.test/x?y=1']) {
      const res = await SELF.fetch(`http://${locked.id}.localhost:8787${path}`, form('open sesame'));
      expect(res.status, path).toBe(303);
      expectSameOrigin(res.headers.get('location'), `http://${locked.id}.localhost:8787`);
    }
    const res = await SELF.fetch(`http://${locked.id}.localhost:8787//host`, form('open sesame'));
    expect(res.headers.get('location')).toBe('/host');
  });

  it('over many crafted paths, every redirect stays on the origin', async () => {
    const pieces = ['/', '//', '\\', 'example.com', 'evil.test', '%2F', '%5C', '@', '..', '%2e', '?q=//x', 'é'];
    let redirects = 0;
    for (let i = 0; i < 150; i++) {
      const path = `/${Array.from({ length: 1 + (i % 5) }, (_, k) => pieces[(i * 7 + k * 3) % pieces.length]).join('')}`;
      const res = await SELF.fetch(`${origin}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      expect(res.status, path).toBeLessThan(500);
      const location = res.headers.get('location');
      if (location !== null) { redirects++; expectSameOrigin(location, origin); }
    }
    expect(redirects).toBeGreaterThan(0);
  });
});
