import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiClient, http, manifestOf } from '../contract/client';
import { startNodeServer } from '../helpers/node-server';
import { freePort, ROOT } from '../helpers/server';

describe('the Node server process', () => {
  it('refuses bad configuration at start with one line and exit code 1', () => {
    const res = spawnSync(process.execPath, [join(ROOT, 'bin', 'share-server.mjs')], {
      env: { ...process.env, PORT: 'eighty', DATA_DIR: mkdtempSync(join(tmpdir(), 'share-cfg-')) }, encoding: 'utf8', timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n').filter((l) => l.startsWith('share-server:'))).toEqual(['share-server: PORT must be a whole number from 0 to 65535, got "eighty"']);
  });

  it('starts with `npm run start:node`, keeping SQLite and files under DATA_DIR', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'share-npm-'));
    const child = spawn('npm', ['run', '--silent', 'start:node'], { cwd: ROOT, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    try {
      await expect.poll(() => out, { timeout: 30_000, interval: 100 }).toContain('share is listening');
      const res = await apiClient(`http://localhost:${port}`).publishZip({ 'index.html': '<p>npm</p>' });
      expect(res.status).toBe(201);
      expect((await http(res.json<{ url: string }>().url)).body.toString()).toBe('<p>npm</p>');
      expect(existsSync(join(dataDir, 'share.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'blobs', res.json<{ id: string }>().id))).toBe(true);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });

  it('on SIGTERM stops accepting, finishes the request in flight, then exits 0', async () => {
    const server = await startNodeServer();
    const api = apiClient(server.url);
    const big = new Uint8Array(256 * 1024).fill(7);
    const { plan, files } = await api.start({ 'index.html': '<p>x</p>', 'big.bin': big });
    const sha = files.find((f) => f.path === 'big.bin')!.sha256;
    // Open an upload and send half of it; the rest follows after the signal.
    const reply = new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'PUT', path: `${plan.uploadPath}${sha}`, headers: { host: `localhost:${server.port}`, authorization: `Bearer ${plan.ownerToken}`, 'content-length': String(big.length) } }, (res) => { res.resume(); resolve(res.statusCode!); });
      req.on('error', reject);
      req.write(big.subarray(0, big.length / 2));
      setTimeout(() => req.end(big.subarray(big.length / 2)), 700);
    });
    await new Promise((r) => setTimeout(r, 200));
    const stopped = server.stop();
    await new Promise((r) => setTimeout(r, 200));
    await expect(http(`${server.url}/api`)).rejects.toThrow(/ECONNREFUSED/);
    expect(await reply).toBe(204);
    await stopped;
    expect(server.output()).toMatch(/share: stopped on SIGTERM \(requests drained, \d+ ms\)/);
    // The upload landed before the database closed: a restart on the same data can finalize.
    const again = await startNodeServer({ dataDir: server.dataDir });
    try {
      const rest = manifestOf({ 'index.html': '<p>x</p>' });
      await apiClient(again.url).upload(plan, rest.files, rest.bytes, plan.ownerToken!, [rest.files[0].sha256]);
      expect((await apiClient(again.url).call(plan.finalizePath, { method: 'POST', token: plan.ownerToken })).status).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it('runs cleanup on a timer: an abandoned publish and its files go after PENDING_TTL_SECONDS', async () => {
    const server = await startNodeServer({ env: { PENDING_TTL_SECONDS: '1', CLEANUP_INTERVAL_SECONDS: '1' } });
    try {
      const api = apiClient(server.url);
      const { plan, files, bytes } = await api.start({ 'index.html': '<p>abandoned</p>', 'a.css': 'a{}' });
      await api.upload(plan, files, bytes, plan.ownerToken!, [files[0].sha256]);
      expect(existsSync(join(server.dataDir, 'blobs', plan.id, files[0].sha256))).toBe(true);
      await expect.poll(async () => (await api.call(`/api/shares/${plan.id}`, { token: plan.ownerToken })).status, { timeout: 10_000, interval: 250 }).toBe(404);
      expect(existsSync(join(server.dataDir, 'blobs', plan.id, files[0].sha256))).toBe(false);
      expect(server.output()).toMatch(/"event":"cleanup".*"abandonedShares":1/);
    } finally {
      await server.stop();
    }
  });

  it('behind a reverse proxy: the forwarded Host picks app or share, links use CONTENT_DOMAIN and PUBLIC_SCHEME', async () => {
    const server = await startNodeServer({ env: { CONTENT_DOMAIN: 'usercontent.test', APP_HOST: 'share.test', PUBLIC_SCHEME: 'https' } });
    try {
      const via = (host: string, path: string, init: Parameters<typeof http>[1] = {}) => http(`http://127.0.0.1:${server.port}${path}`, { ...init, headers: { ...init.headers, host } });
      const zip = await apiClient(server.url).publishZip({ 'index.html': '<p>proxied</p>' });
      expect(zip.status).toBe(404);
      const { zipSync } = await import('fflate');
      const res = await via('share.test', '/api/shares', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zipSync({ 'index.html': new TextEncoder().encode('<p>proxied</p>') }) });
      expect(res.status).toBe(201);
      const { id, url } = res.json<{ id: string; url: string }>();
      expect(url).toBe(`https://${id}.usercontent.test/`);
      expect((await via(`${id}.usercontent.test`, '/')).body.toString()).toBe('<p>proxied</p>');
      const api = await via(`${id}.usercontent.test`, '/api');
      expect(api.status).toBe(404);
      expect(String(api.headers['content-type'])).toMatch(/^text\/html/);
    } finally {
      await server.stop();
    }
  });
});
