import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';
import { freePort, ROOT } from '../helpers/server';

/**
 * Which server and key the CLI uses: `share login` and `share config` write the config file,
 * `share doctor` says what is in use and where it came from (flag, environment, file, default),
 * and the CLI's version against the server's. Against the Node server, started as a user does.
 */
const ADMIN = 'login-test-admin-token-7c1e';
const CLI_VERSION = (JSON.parse(readFileSync(join(ROOT, 'cli', 'package.json'), 'utf8')) as { version: string }).version;
let server: RunningNodeServer;
let keyed: RunningNodeServer;
let apiKey: string;

beforeAll(async () => {
  [server, keyed] = await Promise.all([
    startNodeServer({ env: { ADMIN_TOKEN: ADMIN } }),
    startNodeServer({ env: { ADMIN_TOKEN: ADMIN, REQUIRE_API_KEY: 'true' } }),
  ]);
  const created = await runCli(['admin', 'keys', 'create', '--name', 'login-test', '--server', server.url], { XDG_CONFIG_HOME: tempConfigHome(), SHARE_ADMIN_TOKEN: ADMIN });
  apiKey = created.stdout.trim();
  expect(apiKey).toMatch(/^shk_/);
});
afterAll(async () => { await Promise.all([server?.stop(), keyed?.stop()]); });

/** A CLI environment with its own config home and none of the caller's SHARE_* settings. */
const fresh = (extra: Record<string, string> = {}) => ({ XDG_CONFIG_HOME: tempConfigHome(), SHARE_SERVER: undefined, SHARE_API_KEY: undefined, ...extra });
const configOf = (env: { XDG_CONFIG_HOME: string }) => join(env.XDG_CONFIG_HOME, 'share', 'config.json');

describe('share login', () => {
  it('checks the server, saves it (0600), and publishing then needs no SHARE_SERVER or --server', async () => {
    const env = fresh();
    const res = await runCli(['login', `${server.url}/some/path`], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe(`${server.url}\n`);
    expect(res.stderr).toContain(`saved: share now uses ${server.url} (share ${CLI_VERSION}), in ${configOf(env)}`);
    expect(JSON.parse(readFileSync(configOf(env), 'utf8'))).toEqual({ server: server.url });
    expect(statSync(configOf(env)).mode & 0o777).toBe(0o600);
    const dir = scratch({ 'index.html': '<h1>after login</h1>' });
    const published = await runCli([join(dir, 'index.html')], env);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain(`.localhost:${server.port}/`);
  });

  it('saves nothing when the server cannot be reached, or is not a share server', async () => {
    const env = fresh();
    const port = await freePort();
    const down = await runCli(['login', `http://localhost:${port}`], env);
    expect(down.code).toBe(3);
    expect(down.stderr).toBe(`share: cannot reach the share server at http://localhost:${port} (connection refused); nothing was saved. Check the URL (the share server's address, e.g. https://share.example.com), or save it without checking: share config set server http://localhost:${port}\n`);
    const other = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"hello":"world"}'); });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
      const wrong = await runCli(['login', url], env);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain(`${url} answered, but not as a share server`);
    } finally {
      other.close();
    }
    expect(existsSync(configOf(env))).toBe(false);
  });

  it('with --key checks the API key against the server; a refused key saves nothing', async () => {
    const env = fresh();
    const bad = await runCli(['login', server.url, '--key', 'shk_not-a-real-key-0000000000'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('refused the API key shk_not-…0000 (invalid_api_key)');
    expect(existsSync(configOf(env))).toBe(false);
    const good = await runCli(['login', server.url, '--key', apiKey], env);
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(readFileSync(configOf(env), 'utf8'))).toEqual({ server: server.url, apiKey });
    // Another server: the key saved for the first one is not carried over (it would be sent there).
    const moved = await runCli(['login', keyed.url], env);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain(`removed the API key saved for ${server.url}`);
    expect(moved.stderr).toContain(`this server publishes only with an API key: ask its operator for one, then run share login ${keyed.url} --key shk_…`);
    expect(JSON.parse(readFileSync(configOf(env), 'utf8'))).toEqual({ server: keyed.url });
  });
});

describe('share config', () => {
  it('sets, gets, lists (key shortened) and unsets; refuses unknown keys and bad values', async () => {
    const env = fresh();
    expect((await runCli(['config', 'set', 'server', 'https://share.example.com/x'], env)).code).toBe(0);
    expect((await runCli(['config', 'get', 'server'], env)).stdout).toBe('https://share.example.com\n');
    expect((await runCli(['config', 'set', 'apiKey', apiKey], env)).code).toBe(0);
    expect((await runCli(['config', 'list'], env)).stdout).toBe(`server=https://share.example.com\napiKey=${apiKey.slice(0, 8)}…${apiKey.slice(-4)}\n`);
    expect((await runCli(['config', 'path'], env)).stdout).toBe(`${configOf(env)}\n`);
    expect((await runCli(['config', 'unset', 'apiKey'], env)).code).toBe(0);
    const missing = await runCli(['config', 'get', 'apiKey'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`share: "apiKey" is not set in ${configOf(env)}\n`);
    const unknown = await runCli(['config', 'set', 'colour', 'blue'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('share: unknown config key "colour": the keys are server, apiKey\n');
    expect((await runCli(['config', 'set', 'server', 'ftp://x'], env)).code).toBe(2);
    expect((await runCli(['config', 'set', 'apiKey', 'sk-live-1'], env)).code).toBe(2);
    expect(JSON.parse(readFileSync(configOf(env), 'utf8'))).toEqual({ server: 'https://share.example.com' });
  });
});

describe('share doctor: which server and key, and from where', () => {
  type Report = { ok: boolean; cliVersion: string; server: { value: string; source: string; from: string }; apiKey: { value: string; source: string; from: string } | null; checks: { name: string; ok: boolean; detail: string }[] };
  const doctor = async (env: Record<string, string | undefined>, args: string[] = []) => {
    const res = await runCli(['doctor', '--json', ...args], env);
    return JSON.parse(res.stdout) as Report;
  };

  it('names the config file, then the environment, then the flag as the source, and checks the key', async () => {
    const env = fresh();
    await runCli(['login', server.url, '--key', apiKey], env);
    const fromFile = await doctor(env);
    expect(fromFile.ok).toBe(true);
    expect(fromFile.server).toEqual({ value: server.url, source: 'config file', from: configOf(env) });
    expect(fromFile.apiKey).toEqual({ value: `${apiKey.slice(0, 8)}…${apiKey.slice(-4)}`, source: 'config file', from: configOf(env) });
    expect(fromFile.checks.find((c) => c.name === 'key')).toMatchObject({ ok: true });
    const fromEnv = await doctor({ ...env, SHARE_SERVER: keyed.url, SHARE_API_KEY: 'shk_from-the-environment-0000' });
    expect(fromEnv.server).toMatchObject({ value: keyed.url, source: 'environment', from: 'SHARE_SERVER' });
    expect(fromEnv.apiKey).toMatchObject({ source: 'environment', from: 'SHARE_API_KEY' });
    expect(fromEnv.checks.find((c) => c.name === 'key')).toMatchObject({ ok: false, detail: expect.stringContaining('(invalid_api_key)') });
    const fromFlag = await doctor({ ...env, SHARE_SERVER: keyed.url }, ['--server', server.url, '--key', apiKey]);
    expect(fromFlag.server).toMatchObject({ value: server.url, source: 'flag', from: '--server' });
    expect(fromFlag.apiKey).toMatchObject({ source: 'flag', from: '--key' });
    const text = await runCli(['doctor'], env);
    expect(text.stdout).toContain(`✓ which server: ${server.url} (from "server" in ${configOf(env)})`);
    expect(text.stdout).toContain(`✓ which key: ${apiKey.slice(0, 8)}…${apiKey.slice(-4)} (from "apiKey" in ${configOf(env)})`);
  });

  it('says when nothing is configured and the default is used', async () => {
    const res = await runCli(['doctor'], fresh());
    expect(res.stdout).toContain('✓ which server: http://localhost:8787 (the default: no server is configured; share login <server URL> sets yours)');
    expect(res.stdout).toContain('✓ which key: no API key (publishing anonymously)');
  });

  it('--version is the CLI\'s own; doctor says when the server\'s differs, and whether they work together', async () => {
    expect((await runCli(['--version'], fresh())).stdout).toBe(`${CLI_VERSION}\n`);
    const [major, minor, patch] = CLI_VERSION.split('.').map(Number);
    const near = `${major}.${minor}.${patch + 7}`;
    const far = `${major}.${minor + 1}.0`;
    const [nearServer, farServer] = await Promise.all([startNodeServer({ env: { SHARE_VERSION: near } }), startNodeServer({ env: { SHARE_VERSION: far } })]);
    try {
      const same = await runCli(['doctor', '--server', server.url], fresh());
      expect(same.stdout).toContain(`✓ version: CLI ${CLI_VERSION}, server ${CLI_VERSION}\n`);
      const a = await runCli(['doctor', '--server', nearServer.url], fresh());
      expect(a.code, a.stdout).toBe(0);
      expect(a.stdout).toContain(`✓ version: CLI ${CLI_VERSION} and server ${near} differ, but work together\n`);
      const b = await runCli(['doctor', '--server', farServer.url], fresh());
      expect(b.code).toBe(1);
      expect(b.stdout).toContain(`✗ version: CLI ${CLI_VERSION} and server ${far} differ and may not work together`);
      const login = await runCli(['login', nearServer.url], fresh());
      expect(login.stderr).toContain(`note: the server runs share ${near} and this CLI is ${CLI_VERSION}`);
    } finally {
      await Promise.all([nearServer.stop(), farServer.stop()]);
    }
  }, 90_000);
});

describe('"cannot reach the server" points to the setup step', () => {
  it('names where a configured address came from, and share login', async () => {
    const port = await freePort();
    const env = fresh();
    await runCli(['config', 'set', 'server', `http://localhost:${port}`], env);
    const dir = scratch({ 'index.html': '<h1>x</h1>' });
    const fromFile = await runCli([join(dir, 'index.html')], env);
    expect(fromFile.code).toBe(3);
    expect(fromFile.stderr).toBe(`share: cannot reach the share server at http://localhost:${port} (connection refused). Start it with \`npm start\` in a clone of share. The address comes from "server" in ${configOf(env)}; to use another server run \`share login <server URL>\`.\n`);
    const fromEnv = await runCli(['list'], { ...env, SHARE_API_KEY: apiKey, SHARE_SERVER: 'http://share.invalid' });
    expect(fromEnv.code).toBe(3);
    expect(fromEnv.stderr).toBe('share: cannot reach the share server at http://share.invalid (host not found). Check the address and your network. The address comes from SHARE_SERVER; to use another server run `share login <server URL>`.\n');
  });

  it('a config file that is not JSON names the file and how to write a new one', async () => {
    const env = fresh();
    mkdirSync(join(env.XDG_CONFIG_HOME, 'share'), { recursive: true });
    writeFileSync(configOf(env), '{ "server": ');
    const res = await runCli([join(scratch({ 'index.html': '<h1>x</h1>' }), 'index.html')], env);
    expect(res.code).toBe(2);
    expect(res.stderr.startsWith(`share: the config file ${configOf(env)} is not valid JSON (`), res.stderr).toBe(true);
    expect(res.stderr.endsWith('); fix it, or delete it and run `share login <server URL>` to write a new one\n'), res.stderr).toBe(true);
  });
});
