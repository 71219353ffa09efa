import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { startProxy, type TestProxy } from '../helpers/proxy';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

/**
 * Issue 20, the CLI's local state: no live link the user does not know about or cannot take back.
 * The CLI runs as a child process against a running server, through a proxy where a test needs to
 * see (or interfere with) what goes over the wire.
 */
let server: RunningServer;
let proxy: TestProxy;

type State = { shares: { url: string; ownerToken: string; source: string | null }[] };
const readState = (cfg: string) => JSON.parse(readFileSync(join(cfg, 'share', 'state.json'), 'utf8')) as State;

beforeAll(async () => {
  server = await startServer({ vars: { RATE_LIMIT_PUBLISHES: '100000' } });
  proxy = await startProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

describe('local preconditions are checked before the first byte is uploaded', () => {
  const page = () => scratch({ 'index.html': `<p>pre ${Math.random()}</p>` });

  it('a read-only home: one line naming the folder, nothing sent to the server', async () => {
    proxy.requests.length = 0;
    const res = await runCli([page()], { SHARE_SERVER: proxy.url, HOME: '/sys', XDG_CONFIG_HOME: '' });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('/sys/.config/share');
    expect(res.stderr).toContain('nothing was uploaded');
    expect(res.stderr).toContain('XDG_CONFIG_HOME');
    expect(proxy.requests).toEqual([]);
  });

  it('an empty HOME (as some launchers start processes): refused, not written to the working folder', async () => {
    proxy.requests.length = 0;
    const cwd = mkdtempSync(join(tmpdir(), 'share-cwd-'));
    const res = await runCli([page()], { SHARE_SERVER: proxy.url, HOME: '', XDG_CONFIG_HOME: '' }, cwd);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^share: cannot tell where to keep share's state: HOME is empty/);
    expect(proxy.requests).toEqual([]);
  });

  it('an unreadable state file: nothing uploaded, the file is left for repair', async () => {
    proxy.requests.length = 0;
    const cfg = tempConfigHome();
    mkdirSync(join(cfg, 'share'));
    writeFileSync(join(cfg, 'share', 'state.json'), '{"shares": [');
    const res = await runCli([page()], { SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: cfg });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('is unreadable');
    expect(proxy.requests).toEqual([]);
    expect(readFileSync(join(cfg, 'share', 'state.json'), 'utf8')).toBe('{"shares": [');
  });

  // The request that makes the link live: finalize in three steps (SHARE_ONE_REQUEST=0), the zip POST of a one-request publish.
  it.each([
    ['finalize', { SHARE_ONE_REQUEST: '0' }, (method: string, path: string) => method === 'POST' && path.endsWith('/finalize')],
    ['the one-request publish', {}, (method: string, path: string) => method === 'POST' && path.startsWith('/api/shares?')],
  ])('saving fails after %s: the link on stdout, its owner token in a warning, exit 0', async (_name, extra, live) => {
    const cfg = tempConfigHome();
    const statePath = join(cfg, 'share', 'state.json');
    // While that request is on its way, the state file becomes unreadable (another tool broke it).
    proxy.rule = (method, path) => (live(method, path) ? { before: () => writeFileSync(statePath, 'garbage') } : 'forward');
    try {
      const res = await runCli([page()], { SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: cfg, ...extra });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/\n$/);
      expect((await getUrl(res.stdout.trim())).status).toBe(200);
      const token = /Keep this owner token: it is the only way to update or revoke the link: (\S+)/.exec(res.stderr)?.[1];
      expect(token?.length).toBeGreaterThanOrEqual(43);
      expect(res.stderr).toContain('warning: the link is live, but its owner token could not be saved');
      expect(res.stderr.length).toBeLessThan(2000);
    } finally {
      proxy.rule = () => 'forward';
    }
  });
});

describe('parallel CLI runs keep every owner token', () => {
  it('12 processes at once, two rounds: every link is in state.json with its token, and each can be revoked', async () => {
    const cfg = tempConfigHome();
    const env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg };
    const urls: string[] = [];
    for (let round = 0; round < 2; round++) {
      const dirs = Array.from({ length: 12 }, (_, i) => scratch({ 'index.html': `<p>round ${round} page ${i}</p>` }));
      const runs = await Promise.all(dirs.map((d) => runCli([d], env)));
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      urls.push(...runs.map((r) => r.stdout.trim()));
    }
    expect(new Set(urls).size).toBe(24);
    const state = readState(cfg);
    for (const url of urls) expect(state.shares.find((s) => s.url === url)?.ownerToken, url).toMatch(/^[\w-]{43,}$/);
    const revoked = await Promise.all(urls.slice(0, 6).map((u) => runCli(['revoke', u], env)));
    for (const r of revoked) expect(r.code, r.stderr).toBe(0);
    for (const u of urls.slice(0, 6)) expect((await getUrl(u)).status).toBe(410);
    expect(readState(cfg).shares).toHaveLength(24);
  }, 120_000);

  it('a lock left by a process that died is broken, not waited on', async () => {
    const cfg = tempConfigHome();
    mkdirSync(join(cfg, 'share'));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const lockPath = join(cfg, 'share', 'state.json.lock');
    writeFileSync(lockPath, JSON.stringify({ pid: dead, host: hostname(), at: Date.now(), nonce: 'left' }));
    const started = Date.now();
    const res = await runCli([scratch({ 'index.html': '<p>after a crash</p>' })], { SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg });
    expect(res.code, res.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(existsSync(lockPath)).toBe(false);
    expect(readState(cfg).shares.map((s) => s.url)).toEqual([res.stdout.trim()]);
  });

  it('the same folder shared by 4 processes at once makes one link, not four', async () => {
    const cfg = tempConfigHome();
    const dir = scratch({ 'index.html': '<p>same</p>' });
    const runs = await Promise.all(Array.from({ length: 4 }, () => runCli([dir], { SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(runs.filter((r) => r.stderr.includes('published 1 file'))).toHaveLength(1);
    // The other three find the same files already live: no new version, and they say so.
    expect(runs.filter((r) => r.stderr.includes('unchanged: the link already shows this file (version 1)'))).toHaveLength(3);
    expect(readState(cfg).shares).toHaveLength(1);
  });
});

describe("never the tool's own config and state", () => {
  const cfg = tempConfigHome();
  const env = () => ({ SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: cfg });

  beforeAll(async () => {
    // A first share, so state.json holds a token worth stealing.
    expect((await runCli([scratch({ 'index.html': '<p>x</p>' })], { SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg })).code).toBe(0);
  });

  it('refuses the folder, a file in it, a folder holding it, a link to it and a page referencing it, naming it', async () => {
    const own = join(cfg, 'share');
    const linkDir = mkdtempSync(join(tmpdir(), 'share-link-'));
    symlinkSync(own, join(linkDir, 'cfg'));
    writeFileSync(join(cfg, 'page.html'), '<img src="share/state.json">');
    proxy.requests.length = 0;
    for (const path of [own, join(own, 'state.json'), cfg, join(linkDir, 'cfg'), join(cfg, 'page.html')]) {
      const res = await runCli([path, '--allow-secrets'], env());
      expect(res.code, path).toBe(2);
      expect(res.stderr, path).toMatch(/^share: refusing to share .*share's own config and state folder/);
      expect(res.stderr, path).toContain(own);
      expect(res.stdout).toBe('');
    }
    expect(proxy.requests).toEqual([]);
  });
});
