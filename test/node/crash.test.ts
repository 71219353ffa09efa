import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShareInfo, UploadPlan } from '../../core/api-types';
import { apiClient, http, manifestOf } from '../contract/client';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';

const MiB = 1024 * 1024;

describe('kill -9 during a publish', () => {
  let server: RunningNodeServer | undefined;
  afterAll(async () => { await server?.stop(); });

  it('leaves no partial share, keeps every earlier link byte-exact, and the publish can be retried', async () => {
    server = await startNodeServer();
    const { dataDir, port } = server;
    let api = apiClient(server.url);
    const earlierFiles = { 'index.html': '<p>earlier</p>', 'data.bin': randomBytes(2 * MiB) };
    const earlier = await api.publish(earlierFiles);
    const updated = await api.publish({ 'index.html': '<p>v1</p>' });
    const v2 = { 'index.html': '<p>v2</p>' };

    const bundle = { 'index.html': '<p>pending</p>', 'one.bin': randomBytes(MiB), 'two.bin': randomBytes(MiB), 'three.bin': randomBytes(MiB) };
    const { plan, files, bytes } = await api.start(bundle);
    await api.upload(plan, files, bytes, plan.ownerToken!, plan.missing.slice(0, 2));
    // The third upload is in flight (headers and half its body sent) when the server dies.
    const third = files.find((f) => f.sha256 === plan.missing[2])!;
    const inFlight = http(`${server.url}${plan.uploadPath}${third.sha256}`, { method: 'PUT', headers: { authorization: `Bearer ${plan.ownerToken}`, 'content-length': String(third.size) }, body: bytes.get(third.path)!.subarray(0, third.size / 2) });
    inFlight.catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    await server.kill9();

    server = await startNodeServer({ dataDir, port });
    api = apiClient(server.url);
    const shareDir = readdirSync(join(dataDir, 'blobs', plan.id));
    expect(shareDir.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await http(plan.url)).status).toBe(404);
    expect((await http(`${plan.url}one.bin`)).status).toBe(404);
    expect((await http(earlier.url)).body.toString()).toBe('<p>earlier</p>');
    expect((await http(`${earlier.url}data.bin`)).body.equals(earlierFiles['data.bin'] as Buffer)).toBe(true);
    expect((await http(updated.url)).body.toString()).toBe('<p>v1</p>');

    const info = await api.call(`/api/shares/${plan.id}`, { token: plan.ownerToken });
    expect(info.json<ShareInfo>()).toMatchObject({ state: 'pending', version: null });
    const retry = await api.start(bundle);
    await api.upload(retry.plan, retry.files, retry.bytes, retry.plan.ownerToken!);
    expect((await api.call(retry.plan.finalizePath, { method: 'POST', token: retry.plan.ownerToken })).status).toBe(200);
    expect((await http(`${retry.plan.url}three.bin`)).body.equals(bundle['three.bin'])).toBe(true);
    // The interrupted one can also simply be finished: its first uploads survived.
    await api.upload(plan, files, bytes, plan.ownerToken!, plan.missing.slice(2));
    expect((await api.call(plan.finalizePath, { method: 'POST', token: plan.ownerToken })).status).toBe(200);
    expect((await http(plan.url)).body.toString()).toBe('<p>pending</p>');
    // And an update of an earlier share still works on the recovered database.
    const next = manifestOf(v2);
    const up = await api.call(`/api/shares/${updated.id}/versions`, { token: updated.token, json: { files: next.files, baseVersion: 1 } });
    expect(up.status).toBe(201);
    const upPlan = up.json<UploadPlan>();
    await api.upload(upPlan, next.files, next.bytes, updated.token);
    expect((await api.call(upPlan.finalizePath, { method: 'POST', token: updated.token })).status).toBe(200);
    expect((await http(updated.url)).body.toString()).toBe('<p>v2</p>');
  });
});
