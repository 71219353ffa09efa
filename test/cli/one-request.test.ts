import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, tempConfigHome, type CliResult } from '../helpers/cli';
import { startProxy, type TestProxy } from '../helpers/proxy';
import { getUrl, postPassword, startServer, type RunningServer } from '../helpers/server';

/**
 * The one-request publish (cli/publish-once.ts), as a user runs it: a first publish of a small
 * bundle is one `POST /api/shares` with a zip, and everything else is as the three steps
 * (manifest, upload, finalize) made it. The CLI runs as a child process against the server
 * behind a proxy that records every request; SHARE_ONE_REQUEST=0 makes the same publish in three
 * steps, to compare.
 */
let server: RunningServer;
let proxy: TestProxy;

beforeAll(async () => {
  server = await startServer({ vars: { RATE_LIMIT_PUBLISHES: '100000' } });
  proxy = await startProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

type Out = Record<string, unknown> & { id: string; url: string; createdAt: string; expiresAt: string | null };
type State = { shares: { url: string; ownerToken: string; source: string | null }[] };

/** Runs `share` through the proxy with a fresh state folder (or `cfg`), and returns what it printed and the requests it made. */
async function share(args: string[], opts: { cfg?: string; env?: Record<string, string> } = {}): Promise<CliResult & { requests: string[]; cfg: string }> {
  const cfg = opts.cfg ?? tempConfigHome();
  proxy.requests.length = 0;
  const res = await runCli(args, { SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: cfg, ...opts.env });
  return { ...res, cfg, requests: proxy.requests.map((r) => `${r.method} ${r.path}`) };
}
const threeSteps = { env: { SHARE_ONE_REQUEST: '0' } };
const readState = (cfg: string) => JSON.parse(readFileSync(join(cfg, 'share', 'state.json'), 'utf8')) as State;

/** What a publish's --json says but for what differs between any two links (id, times, link). */
function comparable(out: Out): Record<string, unknown> {
  const { id: _i, url: _u, createdAt: _c, updatedAt: _up, expiresAt, expiry: _e, manageUrl: _m, ...rest } = out;
  // The expiry as a duration from creation, to the minute.
  return { ...rest, expiresIn: expiresAt === null ? null : Math.round((Date.parse(expiresAt) - Date.parse(out.createdAt)) / 60_000) };
}

describe('a first publish of a small bundle is one request', () => {
  it('one POST for a small file; the link serves the same bytes; the owner token is saved, and the next share updates that link in three steps', async () => {
    const html = `<!doctype html><title>Once</title><p>café ${'lorem ipsum '.repeat(4000)} ${Date.now()}</p>`;
    const dir = scratch({ 'page.html': html });
    const page = join(dir, 'page.html');
    const first = await share([page, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.requests).toHaveLength(1);
    expect(first.requests[0]).toMatch(/^POST \/api\/shares\?entry=page\.html&title=Once$/);
    const out = JSON.parse(first.stdout) as Out;
    const bytes = Buffer.byteLength(html);
    expect(out).toMatchObject({ version: 1, title: 'Once', entry: 'page.html', files: 1, bytes, updated: false, unchanged: false, sentBytes: bytes, totalBytes: bytes, paths: ['page.html'], warnings: [] });
    expect(out).not.toHaveProperty('ownerToken');
    expect((await getUrl(out.url)).body.equals(Buffer.from(html))).toBe(true);

    const saved = readState(first.cfg).shares.find((s) => s.url === out.url);
    expect(saved?.source).toBe(page);
    expect(saved?.ownerToken).toMatch(/^[\w-]{43,}$/);
    expect(out.manageUrl).toContain(saved!.ownerToken);

    writeFileSync(page, '<!doctype html><title>Once</title><p>second version</p>');
    const second = await share([page, '--json'], { cfg: first.cfg });
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ url: out.url, version: 2, updated: true });
    expect(second.requests).toEqual([
      `POST /api/shares/${out.id}/versions`,
      expect.stringMatching(new RegExp(`^PUT /api/shares/${out.id}/blobs/[0-9a-f]{64}$`)),
      `POST /api/shares/${out.id}/versions/2/finalize`,
    ]);
    expect((await getUrl(out.url)).body.toString()).toContain('second version');
  });

  it('a folder with assets, a title, a nested entry and every setting publishes as the three steps do', async () => {
    const site = scratch({
      'README.md': '# notes',
      'dist/index.html': '<!doctype html><title>Nested app</title><link rel="stylesheet" href="/assets/app.css"><img src="img/LOGO.png"><script src="/assets/app.js"></script>',
      'dist/about.html': '<p>about</p>',
      'dist/assets/app.css': 'body { color: rgb(1, 2, 3) }',
      'dist/assets/app.js': 'console.log(1)',
      'dist/img/logo.png': Buffer.from('89504e470d0a1a0a', 'hex'),
    });
    const flags = ['--json', '--expires', '1h', '--max-views', '5', '--password', 'pw two', '--spa'];
    const once = await share([site, ...flags]);
    const three = await share([site, ...flags], threeSteps);
    expect(once.code, once.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    expect(once.requests).toEqual([expect.stringMatching(/^POST \/api\/shares\?entry=dist%2Findex\.html&title=Nested\+app&expires=1h&maxViews=5&spa=1$/)]);
    expect(three.requests.filter((r) => r.endsWith('/finalize'))).toHaveLength(1);

    const [a, b] = [JSON.parse(once.stdout) as Out, JSON.parse(three.stdout) as Out];
    expect(comparable(a)).toEqual(comparable(b));
    expect(a).toMatchObject({ title: 'Nested app', entry: 'index.html', root: 'dist/', files: 6, spa: true, maxViews: 5, passwordProtected: true });
    expect(comparable(a).expiresIn).toBe(60);
    // The case-only reference is reported once, though both the CLI and the server find it.
    expect(a.warnings).toEqual([expect.stringContaining('img/LOGO.png')]);
    // stderr is the same but for the time the publish took.
    const timeless = (s: string) => s.replace(/ in \d+\.\ds/, '');
    expect(timeless(once.stderr)).toBe(timeless(three.stderr));

    // What a visitor meets: the password first, then the root's files and the single-page app's routes.
    expect((await getUrl(a.url)).status).toBe(401);
    const opened = await postPassword(a.url, 'pw two');
    expect(opened.status).toBe(303);
    const cookie = { cookie: opened.cookie! };
    expect((await getUrl(`${a.url}assets/app.js`, cookie)).body.toString()).toBe('console.log(1)');
    const route = await getUrl(`${a.url}some/route`, { ...cookie, accept: 'text/html' });
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('<title>Nested app</title>');
  });

  it('an allowlist, viewer feedback and live updates go in the one request too, as the three steps set them', async () => {
    const dir = scratch({ 'index.html': '<!doctype html><title>For two</title><p>private</p>' });
    const flags = ['--json', '--allow', 'ann@acme.example', '--allow', '*@partner.example', '--feedback', '--live'];
    const once = await share([dir, ...flags]);
    const three = await share([dir, ...flags], threeSteps);
    expect(once.code, once.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    expect(once.requests).toEqual([expect.stringMatching(/^POST \/api\/shares\?entry=index\.html&title=For\+two&allow=ann%40acme\.example%2C\*%40partner\.example&feedback=1&live=1$/)]);
    const [a, b] = [JSON.parse(once.stdout) as Out, JSON.parse(three.stdout) as Out];
    expect(comparable(a)).toEqual(comparable(b));
    expect(a).toMatchObject({ allow: ['ann@acme.example', '*@partner.example'], feedback: true, live: true });
    expect((await getUrl(a.url)).status).not.toBe(200);
  });
});

describe('the three steps stay where one request cannot carry the publish', () => {
  const finalized = (requests: string[]) => requests.some((r) => /^POST \/api\/shares\/\w+\/versions\/1\/finalize$/.test(r));

  it('every file inside one folder (the zip reader would unwrap it): three steps, the folder kept as the root', async () => {
    const res = await share([scratch({ 'dist/index.html': '<p>wrapped</p>', 'dist/app.js': '1' }), '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(finalized(res.requests)).toBe(true);
    expect(JSON.parse(res.stdout)).toMatchObject({ root: 'dist/', paths: ['dist/app.js', 'dist/index.html'] });
  });

  it('a bundle over 1 MiB: three steps, with the same bytes served', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const res = await share([scratch({ 'index.html': '<script src="big.js"></script>', 'big.js': big }), '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.requests[0]).toBe('POST /api/shares');
    expect(res.requests.filter((r) => r.startsWith('PUT '))).toHaveLength(2);
    expect(finalized(res.requests)).toBe(true);
    expect((await getUrl(`${(JSON.parse(res.stdout) as Out).url}big.js`)).body.equals(big)).toBe(true);
  });

  it('a password a header cannot carry byte for byte: three steps, and that password opens the link', async () => {
    const res = await share([scratch({ 'index.html': '<p>unicode password</p>' }), '--password', 'clé secrète ✓']);
    expect(res.code, res.stderr).toBe(0);
    expect(finalized(res.requests)).toBe(true);
    const url = res.stdout.trim();
    expect((await postPassword(url, 'cle secrete')).status).toBe(401);
    expect((await postPassword(url, 'clé secrète ✓')).status).toBe(303);
  });
});

describe('refusals read as they did', () => {
  it('a likely secret: exit 5, one line, nothing sent', async () => {
    const res = await share([scratch({ 'index.html': `<script>const KEY = "${'sk-ant-'}api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBaXy12";</script>` })]);
    expect(res.code).toBe(5);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('--allow-secrets');
    expect(res.requests).toEqual([]);
  });

  it('a setting the server refuses: the same one line and exit code as the three steps, after one request', async () => {
    const dir = scratch({ 'index.html': '<p>too long</p>' });
    const once = await share([dir, '--expires', '90d']);
    const three = await share([dir, '--expires', '90d'], threeSteps);
    expect(once.code).toBe(4);
    expect(once.stdout).toBe('');
    expect(once.stderr.trim().split('\n')).toHaveLength(1);
    expect(once.stderr).toBe(three.stderr);
    expect(once.code).toBe(three.code);
    expect(once.requests).toEqual([expect.stringMatching(/^POST \/api\/shares\?/)]);
  });
});
