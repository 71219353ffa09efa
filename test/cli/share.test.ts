import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigHome, scratch } from '../helpers/cli';
import { freePort, getUrl, ROOT, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let env: Record<string, string>;


const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  server = await startServer();
  env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() };
});
afterAll(async () => { await server?.stop(); });

describe('share <path>', () => {
  it('publishes a single HTML file: the link alone on stdout, progress on stderr', async () => {
    const dir = scratch({ 'page.html': `<!doctype html><title>One</title><p>single ${Date.now()}</p>` });
    const res = await runCli([join(dir, 'page.html')], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/\n$/);
    expect(res.stderr).toContain('published 1 file');
    const page = await getUrl(res.stdout.trim());
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.toString()).toContain('single');
  });

  it('publishes a folder with nested assets, spaces and non-ASCII names, each with its type', async () => {
    const dir = scratch({
      'index.html': '<link rel="stylesheet" href="css/main style.css"><script type="module" src="js/app.js"></script><img src="img/café.png">',
      'css/main style.css': 'body { color: rgb(1, 2, 3) }',
      'js/app.js': 'export const x = 1;',
      'img/café.png': PNG,
      'data/info.json': '{"ok":true}',
    });
    const res = await runCli([dir, '--json'], env);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { id: string; url: string; files: number };
    expect(out.id).toMatch(/^[0-9a-z]{14}$/);
    expect(out.files).toBe(5);
    const expectations: [string, string][] = [
      ['', 'text/html; charset=utf-8'],
      ['css/main%20style.css', 'text/css; charset=utf-8'],
      ['js/app.js', 'text/javascript; charset=utf-8'],
      [`img/${encodeURIComponent('café.png')}`, 'image/png'],
      ['data/info.json', 'application/json; charset=utf-8'],
    ];
    for (const [path, type] of expectations) {
      const asset = await getUrl(`${out.url}${path}`);
      expect(asset.status, path).toBe(200);
      expect(asset.headers['content-type'], path).toBe(type);
    }
    expect((await getUrl(`${out.url}img/${encodeURIComponent('café.png')}`)).body.equals(PNG)).toBe(true);
  });

  it('publishes a zip, unwrapping its single top-level folder', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const zip = zipSync({ 'proto/index.html': enc('<p>from zip</p>'), 'proto/style.css': enc('p{}') });
    const dir = scratch({ 'proto.zip': Buffer.from(zip) });
    const res = await runCli([join(dir, 'proto.zip')], env);
    expect(res.code).toBe(0);
    const url = res.stdout.trim();
    expect((await getUrl(url)).body.toString()).toBe('<p>from zip</p>');
    expect((await getUrl(`${url}style.css`)).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('updates the same link when the same path is shared again, and --new makes a fresh one', async () => {
    const dir = scratch({ 'index.html': '<p>v1</p>' });
    const first = await runCli([dir], env);
    writeFileSync(join(dir, 'index.html'), '<p>v2</p>');
    const second = await runCli([dir], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toContain('updated (version 2)');
    expect((await getUrl(second.stdout.trim())).body.toString()).toBe('<p>v2</p>');
    const fresh = await runCli([dir, '--new'], env);
    expect(fresh.stdout).not.toBe(first.stdout);
  });

  it('keeps owner tokens in a 0600 state file under $XDG_CONFIG_HOME/share', async () => {
    const dir = scratch({ 'index.html': '<p>state</p>' });
    const res = await runCli([dir], env);
    const statePath = join(env.XDG_CONFIG_HOME, 'share', 'state.json');
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { shares: { url: string; ownerToken: string }[] };
    const saved = state.shares.find((s) => s.url === res.stdout.trim());
    expect(saved?.ownerToken.length).toBeGreaterThanOrEqual(43);
    const list = await runCli(['list', '--json'], env);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as { url: string; state: string; ownerToken?: string }[];
    const row = rows.find((r) => r.url === res.stdout.trim());
    expect(row?.state).toBe('live');
    expect(row).not.toHaveProperty('ownerToken');
  });
});

describe('share revoke', () => {
  it('turns the page and every asset into 410 Gone', async () => {
    const dir = scratch({ 'index.html': '<p>bye</p>', 'a.css': 'a{}', 'sub/b.js': '1' });
    const url = (await runCli([dir], env)).stdout.trim();
    expect((await getUrl(`${url}a.css`)).status).toBe(200);
    const res = await runCli(['revoke', url], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`revoked ${url}\n`);
    for (const path of ['', 'a.css', 'sub/b.js', 'missing.html']) {
      const page = await getUrl(`${url}${path}`);
      expect(page.status, path).toBe(410);
      expect(page.body.toString()).toContain('revoked');
    }
  });

  it('refuses an unknown link with one line and a non-zero exit', async () => {
    const res = await runCli(['revoke', 'zzzzzzzzzzzzzz'], env);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^share: unknown link zzzzzzzzzzzzzz/);
  });
});

describe('failures: one readable line on stderr, non-zero exit, nothing on stdout', () => {
  const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

  it('file not found', async () => {
    const res = await runCli(['/no/such/thing.html'], env);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    oneLine(res.stderr);
    expect(res.stderr).toContain('no such file or folder: /no/such/thing.html');
  });

  it('empty folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-empty-'));
    const res = await runCli([dir], env);
    expect(res.code).toBe(2);
    oneLine(res.stderr);
    expect(res.stderr).toContain('has no files to share');
  });

  it('a folder with several pages and no index.html names the choices', async () => {
    const dir = scratch({ 'a.html': 'a', 'b.html': 'b' });
    const res = await runCli([dir], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('a.html, b.html');
  });

  it('server not reachable says how to start it', async () => {
    const dir = scratch({ 'index.html': 'x' });
    const port = await freePort();
    const res = await runCli([dir, '--server', `http://localhost:${port}`], env);
    expect(res.code).toBe(3);
    expect(res.stdout).toBe('');
    oneLine(res.stderr);
    expect(res.stderr).toContain('cannot reach the share server');
    expect(res.stderr).toContain('npm start');
  });

  it('a bundle the server refuses shows the server\'s message', async () => {
    const dir = scratch({ 'index.html': 'x', 'bad\u0001name.css': 'x' });
    const res = await runCli([dir], env);
    expect(res.code).toBe(4);
    oneLine(res.stderr);
    expect(res.stderr).toContain('control character');
  });

  it('a zip holding a symbolic link is refused before anything is uploaded', async () => {
    const enc = (t: string) => new TextEncoder().encode(t);
    const zip = zipSync({ 'index.html': enc('x'), link: [enc('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] });
    const dir = scratch({ 'evil.zip': Buffer.from(zip) });
    const res = await runCli([join(dir, 'evil.zip')], env);
    expect(res.code).toBe(4);
    expect(res.stdout).toBe('');
    oneLine(res.stderr);
    expect(res.stderr).toContain('symbolic link');
  });

  it('a symbolic link inside a folder is skipped, not followed', async () => {
    const dir = scratch({ 'site/index.html': 'x' });
    symlinkSync('/etc/passwd', join(dir, 'site', 'link'));
    const res = await runCli([join(dir, 'site')], env);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('skipped symbolic link link');
  });
});

describe('the service', () => {
  it('keeps every link working across a restart', async () => {
    const dir = scratch({ 'index.html': '<p>survives</p>' });
    const url = (await runCli([dir], env)).stdout.trim();
    const { dataDir, port } = server;
    await server.stop();
    server = await startServer({ dataDir, port });
    const page = await getUrl(url);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe('<p>survives</p>');
  });

  it('share doctor passes against a healthy server', async () => {
    const res = await runCli(['doctor'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('✓ server:');
    expect(res.stdout).toContain('✓ health: database and storage answer');
  });

  it('`npx share` resolves to the CLI from the repository after npm install', () => {
    expect(existsSync(join(ROOT, 'node_modules', '.bin', 'share'))).toBe(true);
  });
});
