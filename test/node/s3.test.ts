import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareInfo } from '../../core/api-types';
import { s3Store } from '../../server/s3';
import { apiClient, expectApiError, http, sha256 } from '../contract/client';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';
import { S3_BUCKET, S3_CREDENTIALS, startS3, type RunningS3 } from '../helpers/s3';

const MiB = 1024 * 1024;
const bytesOf = async (body: ReadableStream<Uint8Array>) => Buffer.from(await new Response(body).arrayBuffer());

let s3: RunningS3;
beforeAll(async () => { s3 = await startS3(); });
afterAll(async () => { await s3?.stop(); });

describe('the S3 BlobStore against s3rver', () => {
  const store = () => s3Store({ bucket: S3_BUCKET, endpoint: s3.endpoint, region: 'us-east-1', ...S3_CREDENTIALS, prefix: 'p/' });

  it('round-trips a 20 MiB file byte-exact, with range reads', async () => {
    const data = randomBytes(20 * MiB);
    const key = `bigfileshare01/${sha256(data)}`;
    await store().put(key, data, 'application/octet-stream');
    const whole = (await store().get(key))!;
    expect(whole.size).toBe(data.length);
    expect((await bytesOf(whole.body)).equals(data)).toBe(true);
    const offset = 13 * MiB + 7;
    const part = (await store().get(key, { offset, length: 4096 }))!;
    expect(part.size).toBe(data.length);
    expect((await bytesOf(part.body)).equals(data.subarray(offset, offset + 4096))).toBe(true);
  });

  it('answers null for a missing key and deletes in one batch', async () => {
    const keys = ['a', 'b', 'c'].map((s) => `batchshare0001/${sha256(Buffer.from(s))}`);
    for (const k of keys) await store().put(k, Buffer.from(k), 'text/plain');
    await store().delete([...keys, `batchshare0001/${sha256(Buffer.from('never'))}`]);
    for (const k of keys) expect(await store().get(k)).toBeNull();
    await store().ping();
  });
});

describe('the Node server on S3', () => {
  let server: RunningNodeServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => { server = await startNodeServer({ env: s3.env }); api = apiClient(server.url); });
  afterAll(async () => { await server?.stop(); });

  it('publishes, serves, and revoke deletes the objects', async () => {
    const share = await api.publish({ 'index.html': '<p>on s3</p>', 'big.bin': randomBytes(3 * MiB) });
    expect((await http(share.url)).body.toString()).toBe('<p>on s3</p>');
    expect((await api.call(`/api/shares/${share.id}`, { method: 'DELETE', token: share.token })).status).toBe(200);
    expect((await http(share.url)).status).toBe(410);
    const store = s3Store({ bucket: S3_BUCKET, endpoint: s3.endpoint, region: 'us-east-1', ...S3_CREDENTIALS });
    expect(await store.get(`${share.id}/${sha256(Buffer.from('<p>on s3</p>'))}`)).toBeNull();
  });

  it('survives the store failing mid-publish: an error, nothing visible, old links back with the store', async () => {
    const earlier = await api.publish({ 'index.html': '<p>earlier</p>' });
    const bundle = { 'index.html': '<p>new</p>', 'a.css': 'a{}', 'b.js': 'b()' };
    const { plan, files, bytes } = await api.start(bundle);
    await api.upload(plan, files, bytes, plan.ownerToken!, [files[0].sha256]);

    await s3.stop();
    const failed = await api.call(`${plan.uploadPath}${files[1].sha256}`, { method: 'PUT', body: bytes.get('a.css'), token: plan.ownerToken });
    expectApiError(failed, 503, 'unavailable');
    expect(failed.headers['retry-after']).toBe('5');
    expect(failed.body.toString()).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    expectApiError(await api.call(plan.finalizePath, { method: 'POST', token: plan.ownerToken }), 409, 'missing_files');
    expect((await http(plan.url)).status).toBe(404);

    await s3.restart();
    expect((await http(earlier.url)).body.toString()).toBe('<p>earlier</p>');
    expect((await http(plan.url)).status).toBe(404);
    await api.upload(plan, files, bytes, plan.ownerToken!, [files[1].sha256, files[2].sha256]);
    const fin = await api.call(plan.finalizePath, { method: 'POST', token: plan.ownerToken });
    expect(fin.json<ShareInfo>()).toMatchObject({ state: 'live', files: 3 });
    expect((await http(`${plan.url}b.js`)).body.toString()).toBe('b()');
  });
});
