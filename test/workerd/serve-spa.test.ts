import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PublishResult, ShareInfo } from '../../core/api-types';
import { api, enc, NAVIGATION, publish, updateShare, visit } from './helpers';

const APP = {
  'index.html': '<!doctype html><div id="app"></div><script type="module" src="/assets/index.js"></script>',
  'assets/index.js': 'spa_router()',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};
const nav = (method = 'GET') => ({ method, headers: { accept: NAVIGATION } });

describe('single-page apps: unknown page routes get the app, asset paths stay 404', () => {
  it('a 200.html answers every unknown navigation with 200', async () => {
    const { id } = await publish({ ...APP, '200.html': '<p>spa: the 200 page</p>' });
    for (const path of ['/about', '/users/42', '/deep/link/', '/about?tab=1']) {
      const res = await visit(id, path, nav());
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toBe('<p>spa: the 200 page</p>');
    }
    for (const path of ['/assets/missing.js', '/missing.css', '/img/x.png', '/app.wasm']) {
      const res = await visit(id, path, nav());
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
    // Not a navigation: fetch() and scripts do not accept HTML.
    expect((await visit(id, '/about', { headers: { accept: '*/*' } })).status).toBe(404);
    expect((await visit(id, '/about')).status).toBe(404);
  });

  it('"spa": true answers unknown navigations with the entry page; HEAD agrees; real files still win', async () => {
    const { id, token } = await publish({ ...APP, 'about.html': '<p>a real page</p>' }, { spa: true });
    const page = await visit(id, '/settings/profile', nav());
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(APP['index.html']);
    const head = await visit(id, '/settings/profile', nav('HEAD'));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(enc.encode(APP['index.html']).byteLength));
    expect(await (await visit(id, '/about', nav())).text()).toBe('<p>a real page</p>');
    expect((await visit(id, '/assets/nope.js', nav())).status).toBe(404);
    const info = (await (await api(`/api/shares/${id}`, { token })).json()) as ShareInfo;
    expect(info.spa).toBe(true);
  });

  it('an existing 404.html keeps answering asset paths (and everything, without the option)', async () => {
    const bundle = { ...APP, '404.html': '<p>spa: custom 404</p>' };
    const plain = await publish(bundle);
    const miss = await visit(plain.id, '/about', nav());
    expect(miss.status).toBe(404);
    expect(await miss.text()).toBe('<p>spa: custom 404</p>');
    const spa = await publish(bundle, { spa: true });
    expect(await (await visit(spa.id, '/about', nav())).text()).toBe(APP['index.html']);
    const asset = await visit(spa.id, '/missing.png', nav());
    expect(asset.status).toBe(404);
    expect(await asset.text()).toBe('<p>spa: custom 404</p>');
  });

  it('an update keeps the setting unless it names it', async () => {
    const { id, token } = await publish(APP, { spa: true });
    await updateShare(id, token, { ...APP, 'index.html': `${APP['index.html']}<!-- v2 -->` });
    expect((await visit(id, '/x', nav())).status).toBe(200);
    await updateShare(id, token, APP, { spa: false });
    expect((await visit(id, '/x', nav())).status).toBe(404);
  });

  it('the zip path takes ?spa=1, and a non-boolean spa is refused', async () => {
    const zip = zipSync(Object.fromEntries(Object.entries(APP).map(([p, c]) => [p, enc.encode(c)])));
    const res = await api('/api/shares?spa=1', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });
    expect(res.status).toBe(201);
    const share = (await res.json()) as PublishResult;
    expect(share.spa).toBe(true);
    expect((await visit(share.id, '/route', nav())).status).toBe(200);
    const bad = await api('/api/shares', { method: 'POST', json: { files: [{ path: 'index.html', size: 1, sha256: '0'.repeat(64) }], spa: 'yes' } });
    expect(bad.status).toBe(400);
  });
});
