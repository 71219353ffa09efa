import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInfo } from '../../core/api-types';
import type { RunningServer } from '../helpers/server';
import { apiClient, enc, expectApiError, fakeHash, manifestOf, RUNTIMES, sha256 } from './client';

const MiB = 1024 * 1024;

/** Refusals and limits, identical on both runtimes: same status, same JSON error code. */
describe.each(RUNTIMES)('refusals and limits on $name', ({ start }) => {
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => { server = await start(); api = apiClient(server.url); });
  afterAll(async () => { await server?.stop(); });

  it('reports its limits', async () => {
    const info = (await api.call('/api')).json<ServerInfo>();
    expect(info).toMatchObject({ service: 'share', limits: { maxFileBytes: 25 * MiB, maxShareBytes: 100 * MiB, maxFiles: 1000 } });
  });

  it('refuses bad manifests with JSON errors', async () => {
    expectApiError(await api.call('/api/shares', { json: { files: [] } }), 400, 'empty_bundle');
    expectApiError(await api.call('/api/shares', { body: '{"files": [', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    expectApiError(await api.call('/api/shares', { body: 'x', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    expectApiError(await api.call('/api/shares', { json: { files: [{ path: '../etc/passwd', size: 1, sha256: fakeHash('p') }] } }), 400, 'invalid_path');
    expectApiError(await api.call('/api/shares', { json: { files: [{ path: 'a.css', size: 1, sha256: fakeHash('a') }] } }), 400, 'no_entry_page');
  });

  it('enforces the limits before a byte moves', async () => {
    expectApiError(await api.call('/api/shares', { json: { files: [{ path: 'index.html', size: 25 * MiB + 1, sha256: fakeHash('big') }] } }), 413, 'file_too_large');
    const five = Array.from({ length: 5 }, (_, i) => ({ path: i === 0 ? 'index.html' : `f${i}.bin`, size: 24 * MiB, sha256: fakeHash(`s${i}`) }));
    expectApiError(await api.call('/api/shares', { json: { files: five } }), 413, 'share_too_large');
    const many = Array.from({ length: 1001 }, (_, i) => ({ path: i === 0 ? 'index.html' : `f${i}.txt`, size: 1, sha256: fakeHash(`m${i}`) }));
    expectApiError(await api.call('/api/shares', { json: { files: many } }), 413, 'too_many_files');
  });

  it('guards uploads: owner only, expected hashes only, bytes must match', async () => {
    const { plan, files } = await api.start({ 'index.html': `<p>${Math.random()}</p>` });
    const sha = files[0].sha256;
    const path = `${plan.uploadPath}${sha}`;
    expectApiError(await api.call(path, { method: 'PUT', body: 'x' }), 401, 'unauthorized');
    expectApiError(await api.call(path, { method: 'PUT', body: 'x', token: 'not-the-token' }), 403, 'forbidden');
    expectApiError(await api.call(`${plan.uploadPath}${sha256(enc.encode('other'))}`, { method: 'PUT', body: 'other', token: plan.ownerToken }), 404, 'not_expected');
    expectApiError(await api.call(path, { method: 'PUT', body: 'wrong size entirely', token: plan.ownerToken }), 400, 'size_mismatch');
    const sameLength = 'x'.repeat(files[0].size);
    expectApiError(await api.call(path, { method: 'PUT', body: sameLength, token: plan.ownerToken }), 400, 'hash_mismatch');
    expectApiError(await api.call(`${plan.uploadPath}NOTAHASH`, { method: 'PUT', body: 'x', token: plan.ownerToken }), 400, 'invalid_hash');
    expectApiError(await api.call(plan.finalizePath, { method: 'POST', token: plan.ownerToken }), 409, 'missing_files');
  });

  it('refuses an upload over the per-file limit', async () => {
    const { plan, files } = await api.start({ 'index.html': `<p>${Math.random()}</p>` });
    const res = await api.call(`${plan.uploadPath}${files[0].sha256}`, { method: 'PUT', body: new Uint8Array(25 * MiB + 1), token: plan.ownerToken });
    expectApiError(res, 413, 'file_too_large');
  });

  it('answers unknown API routes and unknown shares with JSON 404s', async () => {
    expectApiError(await api.call('/api/nothing-here'), 404, 'not_found');
    expectApiError(await api.call('/api/shares/zzzzzzzzzzzzzz', { token: 'x' }), 404, 'not_found');
    const { files } = manifestOf({ 'index.html': 'x' });
    expectApiError(await api.call('/api/shares/zzzzzzzzzzzzzz/versions', { token: 'x', json: { files } }), 404, 'not_found');
  });

  it('refuses a zip that is not one', async () => {
    const res = await api.call('/api/shares', { body: 'PK not a zip', headers: { 'content-type': 'application/zip' } });
    expect(res.status).toBe(400);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  });
});
