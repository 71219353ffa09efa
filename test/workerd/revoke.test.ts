import { env } from 'cloudflare:test';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ShareInfo, UploadPlan } from '../../core/api-types';
import { api, enc, manifestOf, publish, sha256, visit } from './helpers';
import { count, expectApiError, r2Keys, shareRow } from './storage';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7, 6]);

function folder(marker: string) {
  return {
    'index.html': `<!doctype html><h1>revoke ${marker}</h1>`,
    'css/site.css': `/* revoke ${marker} */ body{}`,
    'js/app.js': `console.log("revoke ${marker}")`,
    'img/logo.png': new Uint8Array([...PNG, ...enc.encode(marker)]),
    'docs/index.html': `<p>revoke docs ${marker}</p>`,
    'media/clip.mp4': enc.encode(`revoke clip ${marker}`.repeat(100)),
    '404.html': `<p>revoke custom 404 ${marker}</p>`,
  };
}

const URLS = ['/', '/index.html', '/css/site.css', '/js/app.js', '/img/logo.png', '/docs/', '/docs', '/media/clip.mp4', '/404.html', '/missing', '/missing/deep.png'];

async function revoke(id: string, token: string) {
  return api(`/api/shares/${id}`, { method: 'DELETE', token });
}

async function expectRevokedPage(res: Response, label: string) {
  expect(res.status, label).toBe(410);
  expect(res.headers.get('content-type'), label).toBe('text/html; charset=utf-8');
  expect(res.headers.get('cache-control'), label).toBe('no-store');
  expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
  expect(res.headers.get('x-robots-tag'), label).toContain('noindex');
  expect(res.headers.get('referrer-policy'), label).toBe('no-referrer');
  expect(res.headers.get('etag'), label).toBeNull();
  const text = await res.text();
  expect(text, label).toContain('This link was revoked');
  expect(text, label).not.toContain('revoke ');
}

describe('revoking a share', () => {
  it('turns every URL (page, each asset, a missing path) into 410 with the revoked page, at once', async () => {
    const { id, token } = await publish(folder('all-urls'));
    for (const path of URLS) {
      const res = await visit(id, path, { redirect: 'manual' });
      expect([200, 301, 404], path).toContain(res.status);
      await res.arrayBuffer();
    }
    const res = await revoke(id, token);
    expect(res.status).toBe(200);
    const info = (await res.json()) as ShareInfo;
    expect(info).toMatchObject({ id, state: 'revoked', version: null });

    for (const path of URLS) await expectRevokedPage(await visit(id, path, { redirect: 'manual' }), path);
    await expectRevokedPage(await visit(id, '/media/clip.mp4', { headers: { range: 'bytes=0-9' } }), 'range');
    await expectRevokedPage(await visit(id, '/css/site.css', { headers: { 'if-none-match': `"${await sha256(enc.encode(folder('all-urls')['css/site.css']))}"` } }), 'conditional');
    const head = await visit(id, '/', { method: 'HEAD' });
    expect(head.status).toBe(410);
    expect(await head.text()).toBe('');
  });

  it('deletes every R2 object under <id>/ and every blob row, but keeps the tombstone row', async () => {
    const { id, token } = await publish(folder('storage'));
    const before = await r2Keys(`${id}/`);
    expect(before.length).toBe(7);
    expect(await count('blobs', id)).toBe(7);

    expect((await revoke(id, token)).status).toBe(200);

    expect(await r2Keys(`${id}/`)).toEqual([]);
    for (const key of before) expect(await env.BLOBS.head(key), key).toBeNull();
    expect(await count('blobs', id)).toBe(0);
    expect(await count('files', id)).toBe(0);
    expect(await count('versions', id)).toBe(0);
    const row = await shareRow(id);
    expect(row).not.toBeNull();
    expect(row!.state).toBe('revoked');
    expect(row!.current_version).toBeNull();
    expect(row!.revoked_at).toBeGreaterThan(0);
  });

  it('leaves other shares, even with identical files, untouched', async () => {
    const bundle = folder('neighbour');
    const a = await publish(bundle);
    const b = await publish(bundle);
    expect((await revoke(a.id, a.token)).status).toBe(200);
    expect((await r2Keys(`${b.id}/`)).length).toBe(7);
    for (const path of ['/', '/css/site.css', '/img/logo.png']) {
      const res = await visit(b.id, path);
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
    await expectRevokedPage(await visit(a.id, '/'), 'a');
  });

  it('refuses a wrong token with 403 and changes nothing', async () => {
    const { id, token } = await publish(folder('wrong-token'));
    const other = await publish({ 'index.html': '<p>revoke other owner</p>' });
    for (const wrong of [other.token, `${token}x`, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()]) {
      await expectApiError(await revoke(id, wrong), 403, 'forbidden');
    }
    await expectApiError(await api(`/api/shares/${id}`, { method: 'DELETE' }), 401, 'unauthorized');
    expect((await shareRow(id))!.state).toBe('live');
    expect((await r2Keys(`${id}/`)).length).toBe(7);
    expect(await (await visit(id, '/')).text()).toContain('revoke wrong-token');
  });

  it('is idempotent: revoking twice answers 200 with the same tombstone', async () => {
    const { id, token } = await publish(folder('twice'));
    const first = (await (await revoke(id, token)).json()) as ShareInfo;
    const second = await revoke(id, token);
    expect(second.status).toBe(200);
    const info = (await second.json()) as ShareInfo;
    expect(info).toMatchObject({ id, state: 'revoked' });
    expect(info.updatedAt).toBe(first.updatedAt);
    await expectRevokedPage(await visit(id, '/'), 'after second revoke');
  });

  it('a revoked share still refuses a wrong token (no information for probers)', async () => {
    const { id, token } = await publish(folder('revoked-probe'));
    expect((await revoke(id, token)).status).toBe(200);
    await expectApiError(await revoke(id, 'guess'), 403, 'forbidden');
    await expectApiError(await api(`/api/shares/${id}`), 401, 'unauthorized');
  });

  it('the owner can still read the tombstone', async () => {
    const { id, token } = await publish(folder('inspect'));
    expect((await revoke(id, token)).status).toBe(200);
    const res = await api(`/api/shares/${id}`, { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, state: 'revoked', version: null, files: 0, bytes: 0 });
  });

  it('updates, uploads and finalizes after revoke answer 410 gone and store nothing', async () => {
    const { id, token } = await publish(folder('after'));
    const { files, bytes } = await manifestOf({ 'index.html': '<p>revoke after v2</p>' });
    const update = await api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files, baseVersion: 1 } });
    expect(update.status).toBe(201);
    const plan = (await update.json()) as UploadPlan;

    expect((await revoke(id, token)).status).toBe(200);

    await expectApiError(await api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files, baseVersion: 1 } }), 410, 'gone');
    await expectApiError(await api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files, force: true } }), 410, 'gone');
    await expectApiError(await api(`${plan.uploadPath}${files[0].sha256}`, { method: 'PUT', token, body: bytes.get('index.html') }), 410, 'gone');
    await expectApiError(await api(plan.finalizePath, { method: 'POST', token }), 410, 'gone');
    expect(await r2Keys(`${id}/`)).toEqual([]);
    expect(await count('versions', id)).toBe(0);
    expect((await shareRow(id))!.state).toBe('revoked');
    await expectRevokedPage(await visit(id, '/'), 'after refused update');
  });

  it('a share revoked mid-publish never becomes visible', async () => {
    const { files, bytes } = await manifestOf({ 'index.html': '<p>revoke mid publish</p>', 'a.css': '.revoke-mid{}' });
    const res = await api('/api/shares', { method: 'POST', json: { files } });
    const plan = (await res.json()) as UploadPlan;
    const token = plan.ownerToken!;
    const first = files[0];
    expect((await api(`${plan.uploadPath}${first.sha256}`, { method: 'PUT', token, body: bytes.get(first.path) })).status).toBe(204);
    expect((await r2Keys(`${plan.id}/`)).length).toBe(1);

    expect((await revoke(plan.id, token)).status).toBe(200);
    expect(await r2Keys(`${plan.id}/`)).toEqual([]);
    await expectApiError(await api(plan.finalizePath, { method: 'POST', token }), 410, 'gone');
    await expectRevokedPage(await visit(plan.id, '/'), 'revoked while pending');
  });

  it('a zip-published share revokes the same way', async () => {
    const zip = zipSync({ 'site/index.html': enc.encode('<p>revoke zip</p>'), 'site/a.js': enc.encode('revoke_zip()') });
    const res = await api('/api/shares', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });
    expect(res.status).toBe(201);
    const { id, ownerToken } = (await res.json()) as { id: string; ownerToken: string };
    expect((await visit(id, '/a.js')).status).toBe(200);
    expect((await revoke(id, ownerToken)).status).toBe(200);
    await expectRevokedPage(await visit(id, '/a.js'), 'zip asset');
    expect(await r2Keys(`${id}/`)).toEqual([]);
  });
});
