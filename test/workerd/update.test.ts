import { describe, expect, it } from 'vitest';
import type { ShareInfo, UploadPlan } from '../../core/api-types';
import { api, enc, manifestOf, publish, sha256, uploadAll, visit, type Bundle } from './helpers';
import { count, expectApiError, expectRefusedWithNothingStored, r2Keys, shareRow } from './storage';

async function startUpdate(id: string, token: string, bundle: Bundle, extra: Record<string, unknown> = {}) {
  const { files, bytes } = await manifestOf(bundle);
  const res = await api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files, ...extra } });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return { plan: JSON.parse(text) as UploadPlan, files, bytes };
}

async function finalize(plan: UploadPlan, token: string) {
  return api(plan.finalizePath, { method: 'POST', token });
}

async function textAt(id: string, path: string) {
  const res = await visit(id, path);
  return { status: res.status, text: await res.text() };
}

describe('updating a share', () => {
  it('replaces content at the same URL; only missing hashes are asked for; the old version serves until finalize', async () => {
    const v1 = {
      'index.html': '<p>update v1</p>',
      'css/a.css': '.update-shared{}',
      'img/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
      'old.txt': 'update only in v1',
    };
    const { id, url, token } = await publish(v1);
    const v2 = {
      'index.html': '<p>update v2</p>',
      'css/a.css': '.update-shared{}',
      'img/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
      'js/new.js': 'update_new()',
    };
    const { plan, files, bytes } = await startUpdate(id, token, v2, { baseVersion: 1 });
    expect(plan.id).toBe(id);
    expect(plan.url).toBe(url);
    expect(plan.version).toBe(2);
    expect(plan.ownerToken).toBeUndefined();
    expect(plan.finalizePath).toBe(`/api/shares/${id}/versions/2/finalize`);
    expect(plan.missing.sort()).toEqual([await sha256(enc.encode(v2['index.html'])), await sha256(enc.encode(v2['js/new.js']))].sort());

    // Pending: visitors still see version 1 exactly.
    expect(await textAt(id, '/')).toEqual({ status: 200, text: v1['index.html'] });
    expect((await textAt(id, '/js/new.js')).status).toBe(404);
    expect(await textAt(id, '/old.txt')).toEqual({ status: 200, text: v1['old.txt'] });

    await uploadAll(plan, files, bytes, token);
    // Every byte is stored, but until finalize nothing changes for visitors.
    expect(await textAt(id, '/')).toEqual({ status: 200, text: v1['index.html'] });
    expect((await textAt(id, '/js/new.js')).status).toBe(404);

    const fin = await finalize(plan, token);
    expect(fin.status).toBe(200);
    expect(await fin.json()).toMatchObject({ id, url, state: 'live', version: 2, files: 4 });

    expect(await textAt(id, '/')).toEqual({ status: 200, text: v2['index.html'] });
    expect(await textAt(id, '/js/new.js')).toEqual({ status: 200, text: v2['js/new.js'] });
    expect(await textAt(id, '/css/a.css')).toEqual({ status: 200, text: v2['css/a.css'] });
    expect((await textAt(id, '/old.txt')).status).toBe(404);
    const png = await visit(id, '/img/logo.png');
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(v2['img/logo.png']);
  });

  it('the page\'s ETag changes with its content; unchanged files keep theirs', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update etag v1</p>', 'same.css': '.update-etag{}' });
    const pageTag = (await visit(id, '/')).headers.get('etag')!;
    const cssTag = (await visit(id, '/same.css')).headers.get('etag')!;
    const { plan, files, bytes } = await startUpdate(id, token, { 'index.html': '<p>update etag v2</p>', 'same.css': '.update-etag{}' });
    await uploadAll(plan, files, bytes, token);
    expect((await finalize(plan, token)).status).toBe(200);
    const page = await visit(id, '/', { headers: { 'if-none-match': pageTag } });
    expect(page.status).toBe(200);
    expect(page.headers.get('etag')).not.toBe(pageTag);
    expect(await page.text()).toBe('<p>update etag v2</p>');
    expect((await visit(id, '/same.css', { headers: { 'if-none-match': cssTag } })).status).toBe(304);
  });

  it('an update that only rearranges existing files needs no upload at all', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update rename</p>', 'a.txt': 'update rename a' });
    const { plan } = await startUpdate(id, token, { 'index.html': '<p>update rename</p>', 'moved/b.txt': 'update rename a' }, { baseVersion: 1 });
    expect(plan.missing).toEqual([]);
    expect((await finalize(plan, token)).status).toBe(200);
    expect(await textAt(id, '/moved/b.txt')).toEqual({ status: 200, text: 'update rename a' });
    expect((await textAt(id, '/a.txt')).status).toBe(404);
    expect((await r2Keys(`${id}/`)).length).toBe(2);
  });

  it('without baseVersion the update is based on the current version', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update implicit v1</p>' });
    const { plan, files, bytes } = await startUpdate(id, token, { 'index.html': '<p>update implicit v2</p>' });
    await uploadAll(plan, files, bytes, token);
    expect((await finalize(plan, token)).status).toBe(200);
    expect(await textAt(id, '/')).toEqual({ status: 200, text: '<p>update implicit v2</p>' });
  });

  it('can change the entry page', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update entry index</p>' });
    const { plan, files, bytes } = await startUpdate(id, token, { 'index.html': '<p>update entry index</p>', 'start.html': '<p>update entry start</p>' }, { entry: 'start.html' });
    await uploadAll(plan, files, bytes, token);
    expect((await finalize(plan, token)).status).toBe(200);
    expect(await textAt(id, '/')).toEqual({ status: 200, text: '<p>update entry start</p>' });
  });

  it('finalizing twice is idempotent', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update twice v1</p>' });
    const { plan, files, bytes } = await startUpdate(id, token, { 'index.html': '<p>update twice v2</p>' }, { baseVersion: 1 });
    await uploadAll(plan, files, bytes, token);
    expect((await finalize(plan, token)).status).toBe(200);
    const again = await finalize(plan, token);
    expect(again.status).toBe(200);
    expect(((await again.json()) as ShareInfo).version).toBe(2);
  });
});

describe('conflicts', () => {
  it('a stale baseVersion → 409 version_conflict and nothing is stored', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update stale v1</p>' });
    const second = await startUpdate(id, token, { 'index.html': '<p>update stale v2</p>' }, { baseVersion: 1 });
    await uploadAll(second.plan, second.files, second.bytes, token);
    expect((await finalize(second.plan, token)).status).toBe(200);

    const { files } = await manifestOf({ 'index.html': '<p>update stale from v1</p>' });
    for (const baseVersion of [1, 7, 0]) {
      const err = await expectRefusedWithNothingStored(
        () => api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files, baseVersion } }),
        409, 'version_conflict',
      );
      expect(err.message).toContain('version 2');
    }
    expect(await textAt(id, '/')).toEqual({ status: 200, text: '<p>update stale v2</p>' });
  });

  it('force: true overrides a stale baseVersion', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update force v1</p>' });
    const second = await startUpdate(id, token, { 'index.html': '<p>update force v2</p>' }, { baseVersion: 1 });
    await uploadAll(second.plan, second.files, second.bytes, token);
    expect((await finalize(second.plan, token)).status).toBe(200);

    const forced = await startUpdate(id, token, { 'index.html': '<p>update force v3</p>' }, { baseVersion: 1, force: true });
    expect(forced.plan.version).toBe(3);
    await uploadAll(forced.plan, forced.files, forced.bytes, token);
    const fin = await finalize(forced.plan, token);
    expect(fin.status).toBe(200);
    expect(((await fin.json()) as ShareInfo).version).toBe(3);
    expect(await textAt(id, '/')).toEqual({ status: 200, text: '<p>update force v3</p>' });
  });

  it('two updates from the same base: the first to finalize wins, the second gets 409 and changes nothing', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update race v1</p>' });
    const a = await startUpdate(id, token, { 'index.html': '<p>update race A</p>' }, { baseVersion: 1 });
    const b = await startUpdate(id, token, { 'index.html': '<p>update race B</p>' }, { baseVersion: 1 });
    expect([a.plan.version, b.plan.version]).toEqual([2, 3]);
    await uploadAll(a.plan, a.files, a.bytes, token);
    await uploadAll(b.plan, b.files, b.bytes, token);

    // Before either finalizes, visitors see v1.
    expect((await textAt(id, '/')).text).toBe('<p>update race v1</p>');
    expect((await finalize(a.plan, token)).status).toBe(200);
    await expectApiError(await finalize(b.plan, token), 409, 'version_conflict');

    expect(await textAt(id, '/')).toEqual({ status: 200, text: '<p>update race A</p>' });
    expect((await shareRow(id))!.current_version).toBe(2);
  });

  it('an older version cannot be finalized over a newer one', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update older v1</p>' });
    const old = await startUpdate(id, token, { 'index.html': '<p>update older v2</p>' }, { baseVersion: 1 });
    const forced = await startUpdate(id, token, { 'index.html': '<p>update older v3</p>' }, { force: true });
    await uploadAll(forced.plan, forced.files, forced.bytes, token);
    expect((await finalize(forced.plan, token)).status).toBe(200);
    await uploadAll(old.plan, old.files, old.bytes, token);
    await expectApiError(await finalize(old.plan, token), 409, 'version_conflict');
    expect((await textAt(id, '/')).text).toBe('<p>update older v3</p>');
  });

  it('finalizing version 1 again after an update does not roll the share back', async () => {
    const { id, token, plan: first } = await publish({ 'index.html': '<p>update rollback v1</p>' });
    const next = await startUpdate(id, token, { 'index.html': '<p>update rollback v2</p>' }, { baseVersion: 1 });
    await uploadAll(next.plan, next.files, next.bytes, token);
    expect((await finalize(next.plan, token)).status).toBe(200);
    await expectApiError(await finalize(first, token), 409, 'version_conflict');
    expect((await textAt(id, '/')).text).toBe('<p>update rollback v2</p>');
  });
});

describe('update refusals', () => {
  it('an invalid manifest is refused with nothing stored', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update refused</p>' });
    const hash = await sha256(enc.encode('update refused x'));
    const cases: [unknown, number, string][] = [
      [{ files: [] }, 400, 'empty_bundle'],
      [{ files: [{ path: '../x.html', size: 1, sha256: hash }] }, 400, 'invalid_path'],
      [{ files: [{ path: 'a.css', size: 1, sha256: hash }] }, 400, 'no_entry_page'],
      [{ files: [{ path: 'index.html', size: 26214401, sha256: hash }] }, 413, 'file_too_large'],
    ];
    for (const [json, status, code] of cases) {
      await expectRefusedWithNothingStored(() => api(`/api/shares/${id}/versions`, { method: 'POST', token, json }), status, code);
    }
    await expectRefusedWithNothingStored(
      () => api(`/api/shares/${id}/versions`, { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: '{nope' }),
      400, 'invalid_json',
    );
    expect(await count('versions', id)).toBe(1);
  });

  it('naming a stored hash with a different size → 400 size_mismatch, nothing stored, old version still served whole', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update size lie</p>', 'a.txt': 'hello' });
    const hash = await sha256(enc.encode('hello'));
    const page = await sha256(enc.encode('<p>update size lie</p>'));
    for (const size of [1000, 1, 0]) {
      await expectRefusedWithNothingStored(
        () => api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files: [{ path: 'index.html', size: 22, sha256: page }, { path: 'a.txt', size, sha256: hash }] } }),
        400, 'size_mismatch',
      );
    }
    const res = await visit(id, '/a.txt');
    expect(res.headers.get('content-length')).toBe('5');
    expect(await res.text()).toBe('hello');
  });

  it('uploads for an update are checked against its manifest like a first publish', async () => {
    const { id, token } = await publish({ 'index.html': '<p>update upload check v1</p>' });
    const { plan } = await startUpdate(id, token, { 'index.html': '<p>update upload check v2</p>' });
    const wrong = enc.encode('<p>update upload check XX</p>');
    await expectRefusedWithNothingStored(() => api(`${plan.uploadPath}${plan.missing[0]}`, { method: 'PUT', token, body: wrong }), 400, 'hash_mismatch');
    await expectApiError(await finalize(plan, token), 409, 'missing_files');
    expect((await textAt(id, '/')).text).toBe('<p>update upload check v1</p>');
  });
});
