import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigHome, scratch } from '../helpers/cli';
import { getUrl, postPassword, ROOT, startServer, type RunningServer } from '../helpers/server';

const ADMIN = 'cli-test-admin-token-4f7a9c';
let server: RunningServer;
let env: Record<string, string>;


/**
 * Runs the CLI on a real pseudo-terminal (Python's pty module), types `typed` at the prompt, and
 * returns everything the terminal showed, to prove the prompt reads from a TTY with echo off.
 */
const PTY_DRIVER = `
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b''
deadline = time.time() + 30
typed = False
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            d = os.read(fd, 4096)
        except OSError:
            break
        if not d:
            break
        out += d
    if not typed and b'Password for the link:' in out:
        os.write(fd, os.environ['PTY_TYPE'].encode() + b'\\r')
        typed = True
sys.stdout.write(out.decode('utf-8', 'replace'))
`;
function runOnTty(args: string[], env: Record<string, string>, typed: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', PTY_DRIVER, process.execPath, join(ROOT, 'cli', 'bin', 'share.mjs'), ...args], { env: { ...process.env, NO_COLOR: '1', ...env, PTY_TYPE: typed } }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

beforeAll(async () => {
  server = await startServer({ vars: { ADMIN_TOKEN: ADMIN, RATE_LIMIT_REPORTS: '3' } });
  env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() };
});
afterAll(async () => { await server?.stop(); });

describe('share <path> --expires / --max-views / --password', () => {
  it('--expires sets the expiry shown by --json and share list; nonsense is a usage error', async () => {
    const dir = scratch({ 'index.html': '<p>cli expires</p>' });
    const res = await runCli([dir, '--expires', '1h', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { url: string; expiresAt: string };
    expect(Math.abs(Date.parse(out.expiresAt) - Date.now() - 3_600_000)).toBeLessThan(120_000);
    const list = JSON.parse((await runCli(['list', '--json'], env)).stdout) as { url: string; expiresAt: string }[];
    expect(list.find((r) => r.url === out.url)?.expiresAt).toBe(out.expiresAt);
    expect((await runCli(['list'], env)).stdout).toContain(`${out.url}  live`);
    const bad = await runCli([dir, '--expires', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^share: --expires must be/);
    const never = await runCli([dir, '--new', '--expires', 'never'], env);
    expect(never.code).toBe(4);
    expect(never.stderr).toContain('cannot live forever');
  });

  it('--max-views 1 serves the page once, then 410', async () => {
    const url = (await runCli([scratch({ 'index.html': '<p>cli burn</p>' }), '--max-views', '1'], env)).stdout.trim();
    expect((await getUrl(url)).status).toBe(200);
    expect((await getUrl(url)).status).toBe(410);
  });

  it('--password (from SHARE_PASSWORD) protects page and assets; the right password opens them', async () => {
    const dir = scratch({ 'index.html': '<p>cli secret</p>', 'a.css': '.cli-secret{}' });
    const res = await runCli([dir, '--password'], { ...env, SHARE_PASSWORD: 'hunter2 but longer' });
    expect(res.code, res.stderr).toBe(0);
    const url = res.stdout.trim();
    for (const path of ['', 'a.css']) {
      const page = await getUrl(`${url}${path}`);
      expect(page.status, path).toBe(401);
      expect(page.body.toString()).toContain('password');
    }
    expect((await postPassword(url, 'wrong')).status).toBe(401);
    const ok = await postPassword(url, 'hunter2 but longer');
    expect(ok.status).toBe(303);
    expect((await getUrl(`${url}a.css`, { cookie: ok.cookie! })).body.toString()).toBe('.cli-secret{}');
  });

  it('a bare --password on a terminal prompts with echo off, and the typed password protects the link', async () => {
    const dir = scratch({ 'index.html': '<p>cli tty secret</p>' });
    const shown = await runOnTty([dir, '--password'], env, 'typed-on-tty');
    expect(shown).toContain('Password for the link:');
    expect(shown).not.toContain('typed-on-tty');
    const url = shown.match(/http:\/\/[0-9a-z]{14}\.localhost:\d+\//)![0];
    expect((await getUrl(url)).status).toBe(401);
    expect((await postPassword(url, 'typed-on-tty')).status).toBe(303);
  });

  it('--password=VALUE works too, and a bare --password with no terminal and no SHARE_PASSWORD says what to do', async () => {
    const dir = scratch({ 'index.html': '<p>cli secret 2</p>' });
    const url = (await runCli([dir, '--password=p4ss'], env)).stdout.trim();
    expect((await postPassword(url, 'p4ss')).status).toBe(303);
    const res = await runCli([dir, '--new', '--password'], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('SHARE_PASSWORD');
  });
});

describe('share versions / rollback', () => {
  it('lists versions and rolls back to the previous one (and to --to N) at the same link', async () => {
    const dir = scratch({ 'index.html': '<p>cli v1</p>' });
    const url = (await runCli([dir], env)).stdout.trim();
    writeFileSync(join(dir, 'index.html'), '<p>cli v2</p>');
    await runCli([dir], env);
    writeFileSync(join(dir, 'index.html'), '<p>cli v3</p>');
    await runCli([dir], env);
    const list = await runCli(['versions', url, '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const parsed = JSON.parse(list.stdout) as { current: number; versions: { number: number; current: boolean }[] };
    expect(parsed.current).toBe(3);
    expect(parsed.versions.map((v) => v.number)).toEqual([3, 2, 1]);
    const table = await runCli(['versions', url], env);
    expect(table.stdout.split('\n')[0]).toMatch(/^\*\s+3 /);

    const back = await runCli(['rollback', url], env);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toBe(`${url}\n`);
    expect(back.stderr).toContain('now serving version 2');
    expect((await getUrl(url)).body.toString()).toBe('<p>cli v2</p>');
    await runCli(['rollback', url, '--to', '1'], env);
    expect((await getUrl(url)).body.toString()).toBe('<p>cli v1</p>');
    // An update after a rollback is based on what is current: no false conflict.
    writeFileSync(join(dir, 'index.html'), '<p>cli v4</p>');
    const next = await runCli([dir], env);
    expect(next.code, next.stderr).toBe(0);
    expect((await getUrl(url)).body.toString()).toBe('<p>cli v4</p>');
  });

  it('a stale update from another machine stops with the conflict, and --force replaces it', async () => {
    const dir = scratch({ 'index.html': '<p>cli shared v1</p>' });
    const url = (await runCli([dir], env)).stdout.trim();
    // Machine B has the same state (same owner token and version) as machine A.
    const homeB = tempConfigHome();
    cpSync(join(env.XDG_CONFIG_HOME, 'share'), join(homeB, 'share'), { recursive: true });
    const envB = { ...env, XDG_CONFIG_HOME: homeB };
    writeFileSync(join(dir, 'index.html'), '<p>cli by A</p>');
    expect((await runCli([dir], env)).code).toBe(0);
    writeFileSync(join(dir, 'index.html'), '<p>cli by B</p>');
    const stale = await runCli([dir], envB);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toBe(`share: ${url} was changed by someone else since your last update; nothing was published: run again with --force to replace it\n`);
    expect((await getUrl(url)).body.toString()).toBe('<p>cli by A</p>');
    const forced = await runCli([dir, '--force'], envB);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await getUrl(url)).body.toString()).toBe('<p>cli by B</p>');
  });
});

describe('share admin and API keys', () => {
  const admin = () => ({ ...env, SHARE_ADMIN_TOKEN: ADMIN });

  it('creates a key; with it a link is listed, updated-from and revoked from another machine', async () => {
    const created = await runCli(['admin', 'keys', 'create', '--name', 'team'], admin());
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^shk_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only once');
    const keys = JSON.parse((await runCli(['admin', 'keys', 'list', '--json'], admin())).stdout) as { name: string }[];
    expect(keys.map((k) => k.name)).toContain('team');

    const url = (await runCli([scratch({ 'index.html': '<p>cli keyed</p>' }), '--expires', 'never'], { ...env, SHARE_API_KEY: key })).stdout.trim();
    expect(url).toMatch(/^http:\/\//);
    const elsewhere = { ...env, XDG_CONFIG_HOME: tempConfigHome(), SHARE_API_KEY: key };
    const list = JSON.parse((await runCli(['list', '--json'], elsewhere)).stdout) as { url: string; state: string; expiresAt: string | null }[];
    expect(list).toEqual([expect.objectContaining({ url, state: 'live', expiresAt: null })]);
    const versions = await runCli(['versions', url, '--json'], elsewhere);
    expect(versions.code, versions.stderr).toBe(0);
    const revoked = await runCli(['revoke', url], elsewhere);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await getUrl(url)).status).toBe(410);
    // Without the key, that machine knows nothing of the link.
    const none = await runCli(['revoke', url], { ...elsewhere, SHARE_API_KEY: '' });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no API key');
  });

  it('takedown answers 451; reports are listed; admin commands need the token', async () => {
    const url = (await runCli([scratch({ 'index.html': '<p>cli takedown</p>' })], env)).stdout.trim();
    const report = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link: url, reason: 'phishing', message: 'fake login' }) });
    expect(report.status).toBe(201);
    const reports = JSON.parse((await runCli(['admin', 'reports', '--json'], admin())).stdout) as { shareId: string; reason: string }[];
    expect(reports.some((r) => url.includes(r.shareId) && r.reason === 'phishing')).toBe(true);
    const down = await runCli(['admin', 'takedown', url, '--reason', 'phishing report'], admin());
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toBe(`taken down ${url}\n`);
    const page = await getUrl(url);
    expect(page.status).toBe(451);
    expect(page.body.toString()).not.toContain('phishing');
    const noToken = await runCli(['admin', 'reports'], env);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('SHARE_ADMIN_TOKEN');
    const wrong = await runCli(['admin', 'reports'], { ...env, SHARE_ADMIN_TOKEN: 'nope' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('not the admin token');
  });

  it('rate limits hold under wrangler dev: past the limit a report gets 429 with Retry-After', async () => {
    const url = (await runCli([scratch({ 'index.html': '<p>cli report flood</p>' })], env)).stdout.trim();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link: url, reason: 'spam' }) });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('every new command has --help', async () => {
    for (const cmd of ['versions', 'rollback', 'admin']) {
      const res = await runCli([cmd, '--help'], env);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Usage: share ${cmd}`);
    }
    expect((await runCli(['help', 'publish'], env)).stdout).toContain('--max-views');
    expect((await runCli(['./x', '--help'], env)).stdout).toContain('--password [PW]');
  });
});

describe('a server with REQUIRE_API_KEY=true', () => {
  let locked: RunningServer;
  beforeAll(async () => { locked = await startServer({ vars: { ADMIN_TOKEN: ADMIN, REQUIRE_API_KEY: 'true' } }); });
  afterAll(async () => { await locked?.stop(); });

  it('refuses an anonymous publish with a clear line and accepts one with a key from the config file', async () => {
    const home = tempConfigHome();
    const lockedEnv = { SHARE_SERVER: locked.url, XDG_CONFIG_HOME: home, SHARE_API_KEY: '' };
    const dir = scratch({ 'index.html': '<p>cli locked</p>' });
    const anon = await runCli([dir], lockedEnv);
    expect(anon.code).toBe(1);
    expect(anon.stdout).toBe('');
    expect(anon.stderr).toMatch(/^share: this server publishes only with an API key: pass --key, set SHARE_API_KEY/);
    const key = (await runCli(['admin', 'keys', 'create', '--name', 'locked'], { ...lockedEnv, SHARE_ADMIN_TOKEN: ADMIN })).stdout.trim();
    mkdirSync(join(home, 'share'), { recursive: true });
    writeFileSync(join(home, 'share', 'config.json'), JSON.stringify({ apiKey: key }));
    const keyed = await runCli([dir], lockedEnv);
    expect(keyed.code, keyed.stderr).toBe(0);
    expect((await getUrl(keyed.stdout.trim())).body.toString()).toBe('<p>cli locked</p>');
  });
});
