import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, tempConfigHome, type CliResult } from '../helpers/cli';
import { startProxy, until, type TestProxy } from '../helpers/proxy';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

/**
 * Issue 20, what the CLI says about the network: bounded calls (a proxy that hangs or is slow),
 * answers that did not come from the share server, and one line per failure.
 */
let server: RunningServer;
let proxy: TestProxy;
let defaultBound: Promise<{ res: CliResult; seconds: number }>;

const page = () => scratch({ 'index.html': `<p>net ${Math.random()}</p>` });
/** Over 1 MiB, so a first publish takes the three steps (manifest, upload, finalize) rather than one request (cli/publish-once.ts). */
const bigPage = () => scratch({ 'index.html': `<p>net ${Math.random()}</p><!-- ${'x'.repeat(1024 * 1024)} -->` });
/** The one-request publish: `POST /api/shares?…` with a zip (the three steps' first request has no query). */
const isZipPublish = (method: string, path: string) => method === 'POST' && path.startsWith('/api/shares?');
const env = (extra: Record<string, string> = {}) => ({ SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: tempConfigHome(), SHARE_TIMEOUT: '', ...extra });

beforeAll(async () => {
  server = await startServer({ vars: { RATE_LIMIT_PUBLISHES: '100000' } });
  proxy = await startProxy(server.url);
  // The default bound, measured once against an upstream that never answers (it takes the full
  // default, so it runs alongside the other tests and is checked at the end).
  const hung = await startProxy(server.url);
  hung.rule = () => 'hang';
  const started = Date.now();
  defaultBound = runCli([page()], { SHARE_SERVER: hung.url, XDG_CONFIG_HOME: tempConfigHome(), SHARE_TIMEOUT: '' })
    .then((res) => ({ res, seconds: (Date.now() - started) / 1000 }))
    .finally(() => hung.close());
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

describe('side-effecting calls finish or fail inside a bound the caller knows', () => {
  it('an upstream that hangs during upload: exit 7 after --timeout, one line, nothing published', async () => {
    proxy.requests.length = 0;
    proxy.rule = (method) => (method === 'PUT' ? 'hang' : 'forward');
    try {
      const started = Date.now();
      const res = await runCli([bigPage(), '--timeout', '2'], env());
      const seconds = (Date.now() - started) / 1000;
      expect(res.code).toBe(7);
      expect(seconds).toBeLessThan(6);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain('nothing was published: the share server did not answer within 2 s');
      expect(res.stderr).toContain('--timeout');
      expect(proxy.requests.some((r) => r.path.endsWith('/finalize'))).toBe(false);
      await until(() => proxy.requests.filter((r) => r.method === 'PUT').every((r) => r.aborted), 3000, 'the upload to be dropped');
    } finally {
      proxy.rule = () => 'forward';
    }
  });

  it('SHARE_TIMEOUT sets the bound too; revoke is bounded like publish', async () => {
    const cfg = tempConfigHome();
    const url = (await runCli([page()], { SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg })).stdout.trim();
    proxy.rule = () => 'hang';
    try {
      const res = await runCli(['revoke', url, '--server', proxy.url], { XDG_CONFIG_HOME: cfg, SHARE_TIMEOUT: '1.5' });
      expect(res.code).toBe(7);
      expect(res.stderr).toMatch(/^share: the share server did not answer within 1\.5 s/);
    } finally {
      proxy.rule = () => 'forward';
    }
    expect((await getUrl(url)).status).toBe(200);
  });

  it('time running out before the one request is sent: exit 7, nothing published, nothing sent', async () => {
    proxy.requests.length = 0;
    const res = await runCli([page(), '--timeout', '0.001'], env());
    expect(res.code).toBe(7);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^share: nothing was published: .*did not answer within 0 s/);
    expect(proxy.requests).toEqual([]);
  });

  it('an upstream that hangs once the one request was sent: exit 7 after --timeout and 5 s for a late answer, saying the link may be live', async () => {
    proxy.requests.length = 0;
    proxy.rule = (method, path) => (isZipPublish(method, path) ? 'hang' : 'forward');
    try {
      const started = Date.now();
      const res = await runCli([page(), '--timeout', '1'], env());
      const seconds = (Date.now() - started) / 1000;
      expect(res.code).toBe(7);
      expect(seconds).toBeGreaterThan(5.5);
      expect(seconds).toBeLessThan(10);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/^share: the server did not confirm the publish \(the share server did not answer within 1 s .*\): a new link may be live, but neither its address nor its owner token arrived/);
      expect(res.stderr).not.toContain('nothing was published');
      await until(() => proxy.requests.length === 1 && proxy.requests[0].aborted, 3000, 'the request to be dropped');
    } finally {
      proxy.rule = () => 'forward';
    }
  });

  // The request that makes the link live, its answer held past --timeout: finalize (three steps,
  // then a status check), or the zip POST of a one-request publish (then 5 s for the late answer).
  it.each([
    ['a one-request publish', page, '1', (method: string, path: string) => (isZipPublish(method, path) ? { holdAnswerMs: 3000 } : 'forward' as const)],
    ['a finalize', bigPage, '6', (method: string, path: string) => (method === 'POST' && path.endsWith('/finalize') ? { holdAnswerMs: 12_000 } : 'forward' as const)],
  ])('%s the server applied but answered late is reported as the live link it is, its owner token saved', async (_name, source, timeout, rule) => {
    proxy.rule = rule;
    try {
      const cfg = tempConfigHome();
      const res = await runCli([source(), '--timeout', timeout], { SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: cfg });
      expect(res.code, res.stderr).toBe(0);
      const url = res.stdout.trim();
      expect(url).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/$/);
      expect(res.stderr).toContain('warning: the server confirmed the link only after the time limit had passed');
      expect((await getUrl(url)).status).toBe(200);
      const list = JSON.parse((await runCli(['list', '--json', '--offline'], { XDG_CONFIG_HOME: cfg })).stdout) as { url: string }[];
      expect(list.map((l) => l.url)).toEqual([url]);
    } finally {
      proxy.rule = () => 'forward';
    }
  });

  it('--help documents the bound, its flag and variable, and the exit codes', async () => {
    const [main, publish] = await Promise.all([runCli(['--help']), runCli(['help', 'publish'])]);
    expect(publish.stdout).toMatch(/--timeout S +give up after S seconds overall \(default: \$SHARE_TIMEOUT, else 90\)/);
    expect(main.stdout).toMatch(/6 the answer came\s+from a proxy, firewall or sandbox/);
    expect(main.stdout).toContain('7 no answer within the time limit');
  });

  it('refuses a timeout that is not a positive number of seconds', async () => {
    const res = await runCli([page()], env({ SHARE_TIMEOUT: 'soon' }));
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('SHARE_TIMEOUT must be a number of seconds');
  });

  it('without --timeout or SHARE_TIMEOUT, a hung upstream ends the command in under two minutes', async () => {
    // A first publish of a small page is one request: 90 s, then 5 s for a late answer.
    const { res, seconds } = await defaultBound;
    expect(res.code).toBe(7);
    expect(res.stderr).toContain('did not answer within 90 s');
    expect(res.stderr).toContain('a new link may be live');
    expect(seconds).toBeGreaterThan(90);
    expect(seconds).toBeLessThan(110);
  }, 120_000);
});

describe('an answer that is not the share API\'s is reported as coming from in between', () => {
  const BLOCK = '<!doctype html><html><head><style>body{font:14px sans-serif}</style></head><body><h1>Access denied</h1><p>Blocked by egress policy: this host is not on the allowlist.</p></body></html>';

  it('a proxy answering 403 text/html: exit 6, the start of its page, advice to allowlist the host', async () => {
    proxy.rule = () => ({ status: 403, type: 'text/html', body: BLOCK });
    try {
      const res = await runCli([page()], env());
      expect(res.code).toBe(6);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      const host = new URL(proxy.url).host;
      expect(res.stderr).toContain(`something between this machine and ${host} (a proxy, firewall or sandbox) answered 403 Forbidden (text/html): "Access denied Blocked by egress policy`);
      expect(res.stderr).toContain(`Allowlist ${host}`);
      expect(res.stderr).not.toContain('<h1>');
    } finally {
      proxy.rule = () => 'forward';
    }
  });

  it('revoke through that proxy says the same, not "unknown link"', async () => {
    const cfg = tempConfigHome();
    const url = (await runCli([page()], { SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg })).stdout.trim();
    proxy.rule = () => ({ status: 403, type: 'text/plain', body: 'Forbidden by proxy' });
    try {
      const res = await runCli(['revoke', url, '--server', proxy.url], { XDG_CONFIG_HOME: cfg });
      expect(res.code).toBe(6);
      expect(res.stderr).toContain('"Forbidden by proxy"');
      expect(res.stderr).not.toContain('unknown link');
    } finally {
      proxy.rule = () => 'forward';
    }
  });

  it('a captive portal answering 200 with HTML is not taken for success', async () => {
    proxy.rule = () => ({ status: 200, type: 'text/html', body: '<html><body>Sign in to the hotel Wi-Fi</body></html>' });
    try {
      const res = await runCli([page()], env());
      expect(res.code).toBe(6);
      expect(res.stderr).toContain('answered 200 OK (text/html): "Sign in to the hotel Wi-Fi"');
    } finally {
      proxy.rule = () => 'forward';
    }
  });

  it("the server's own JSON errors are still the server's", async () => {
    const res = await runCli([scratch({ 'index.html': 'x', 'bad\u0001name.css': 'x' })], env());
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('control character');
    expect(res.stderr).not.toContain('between');
  });
});

describe('one line per failure; the stack only with --debug', () => {
  const broken = () => {
    const cfg = tempConfigHome();
    mkdirSync(join(cfg, 'share'));
    writeFileSync(join(cfg, 'share', 'state.json'), '{"shares":[null]}');
    return { XDG_CONFIG_HOME: cfg };
  };

  it('an unexpected error is one short line that says how to see more', async () => {
    const res = await runCli(['list', '--offline'], broken());
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^share: unexpected error: TypeError: .+ \(run again with --debug or SHARE_DEBUG=1 for details\)\n$/);
    expect(res.stderr.length).toBeLessThan(400);
  });

  it('--debug and SHARE_DEBUG=1 add the stack, with readable file names instead of data: URLs', async () => {
    for (const res of [await runCli(['list', '--offline', '--debug'], broken()), await runCli(['list', '--offline'], { ...broken(), SHARE_DEBUG: '1' })]) {
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/\n {4}at listShares \(file:\/\/\S+\/share\.mjs#commands:\d+:\d+\)/);
      expect(res.stderr).not.toContain('data:text/javascript');
      expect(res.stderr.length).toBeLessThan(5000);
    }
  });
});
