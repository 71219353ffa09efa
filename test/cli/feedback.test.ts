import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackComment, ShareFeedback } from '../../core/api-types';
import { launchBrowser } from '../helpers/browser';
import { runCli, scratch, spawnCli, tempConfigHome } from '../helpers/cli';
import { pinComment } from '../helpers/feedback';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

// `share feedback` and the --feedback/--live flags against a running server, with viewers in
// Debian's Chromium. Needs the server side of issue 16 (the /__share/ endpoints, the owner API).
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
let server: RunningServer;
let ctx: BrowserContext;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  // A viewer's ordinary Chrome: headless Chromium's own User-Agent says HeadlessChrome, which the view filter leaves out.
  ctx = await launchBrowser({ args: [`--user-agent=${BROWSER}`] });
  env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome(), SHARE_API_KEY: '' };
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

async function publish(files: Record<string, string>, flags: string[] = []) {
  const res = await runCli([scratch(files), '--json', ...flags], env);
  expect(res.code, res.stderr).toBe(0);
  return { ...(JSON.parse(res.stdout) as { id: string; url: string; feedback: boolean; live: boolean }), stderr: res.stderr };
}

/** `share feedback <link> --json`, polled until `done` holds (reports are written off the serving path) or `ms` pass. */
async function feedbackUntil(link: string, done: (f: ShareFeedback) => boolean, ms = 10_000, flags: string[] = []): Promise<ShareFeedback> {
  const end = Date.now() + ms;
  for (;;) {
    const res = await runCli(['feedback', link, '--json', ...flags], env);
    expect(res.code, res.stderr).toBe(0);
    const f = JSON.parse(res.stdout) as ShareFeedback;
    if (done(f) || Date.now() > end) return f;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('--feedback and --live', () => {
  it('turn viewer feedback and live updates on and off, and the output says feedback is on', async () => {
    const dir = scratch({ 'index.html': '<h1>flags</h1>' });
    const on = await runCli([dir, '--json', '--feedback'], env);
    expect(on.code, on.stderr).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ feedback: true, live: true });
    expect(on.stderr).toContain('viewer feedback is on: errors, missing files and comments are collected');
    const off = await runCli([dir, '--json', '--no-feedback', '--live'], env);
    expect(JSON.parse(off.stdout)).toMatchObject({ feedback: false, live: true });
    expect(off.stderr).toContain('live updates are on');
    expect(off.stderr).not.toContain('viewer feedback is on');
    const kept = await runCli([dir, '--json'], env);
    expect(JSON.parse(kept.stdout)).toMatchObject({ feedback: false, live: true });
  });

  it('--watch asks for live updates, --no-live does not', async () => {
    const home = tempConfigHome();
    for (const [flags, live] of [[[], true], [['--no-live'], false]] as const) {
      const cli = spawnCli([scratch({ 'index.html': '<p>w</p>' }), '--watch', '--json', ...flags], { ...env, XDG_CONFIG_HOME: home });
      try {
        const [line] = await cli.waitFor(/^\{.*\}$/m, { ms: 30_000 });
        expect(JSON.parse(line).live).toBe(live);
      } finally {
        cli.signal('SIGINT');
      }
      expect(await cli.exited).toBe(0);
    }
  });
});

describe('share feedback', () => {
  it('lists the files viewers\' browsers asked for that the link does not hold, on any link', async () => {
    const { url } = await publish({ 'index.html': '<img src="img/logo.png">' });
    for (let i = 0; i < 3; i++) expect((await getUrl(`${url}img/logo.png`, { 'user-agent': BROWSER, accept: 'image/avif,image/webp,*/*' })).status).toBe(404);
    const f = await feedbackUntil(url, (x) => x.missing.some((m) => m.count >= 3));
    expect(f.feedback).toBe(false);
    expect(f.missing).toEqual([expect.objectContaining({ path: '/img/logo.png', count: 3 })]);
    const human = await runCli(['feedback', url], env);
    expect(human.stdout).toContain("viewers' browsers asked for /img/logo.png 3 times; it is not in this link");
    expect(human.stdout).toContain('viewer feedback is off: only missing files are counted');
  });

  it('within ten seconds lists the error a page threw, its missing image and the script an unreachable host did not send, each with a count', async () => {
    const { url } = await publish({
      'index.html': '<!doctype html><title>broken</title><img src="img/missing.png"><script src="https://cdn.unreachable.invalid/lib.js"></script><script>throw new Error("boom from the page")</script><p>hi</p>',
    }, ['--feedback']);
    const page = await ctx.newPage();
    await page.goto(url);
    const t0 = Date.now();
    const f = await feedbackUntil(url, (x) => x.errors.some((e) => e.kind === 'error') && x.errors.some((e) => e.kind === 'resource') && x.missing.length > 0);
    console.log(`feedback: error, failed script and missing image listed ${Date.now() - t0} ms after the page opened`);
    await page.close();
    expect(f.feedback).toBe(true);
    const thrown = f.errors.find((e) => e.kind === 'error')!;
    expect(thrown.message).toContain('boom from the page');
    expect(thrown.count).toBeGreaterThanOrEqual(1);
    expect(thrown.browsers.join()).toMatch(/Chrom/);
    const failed = f.errors.find((e) => e.kind === 'resource' && (e.source ?? '').includes('cdn.unreachable.invalid/lib.js'));
    expect(failed, JSON.stringify(f.errors)).toBeDefined();
    expect(failed!.count).toBeGreaterThanOrEqual(1);
    expect(f.missing.find((m) => m.path === '/img/missing.png')!.count).toBeGreaterThanOrEqual(1);

    const human = (await runCli(['feedback', url], env)).stdout;
    expect(human).toContain('boom from the page');
    expect(human).toContain('failed to load');
    expect(human).toMatch(/first \d{4}-\d\d-\d\d \d\d:\d\d UTC|\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('replies to and resolves a viewer\'s comment; --all shows resolved ones; --reopen opens it again', async () => {
    const { url } = await publish({ 'index.html': '<!doctype html><button id="buy">Buy now</button>' }, ['--feedback']);
    const page = await ctx.newPage();
    await page.goto(url);
    await pinComment(page, '#buy', 'The button is cut off\u001b[31m on my phone', 'Ana');
    await page.close();
    const f = await feedbackUntil(url, (x) => x.comments.length > 0);
    const c = f.comments[0];
    expect(c).toMatchObject({ page: '/', resolved: false, name: 'Ana' });
    expect(c.anchor.text).toBe('Buy now');
    const listed = (await runCli(['feedback', url], env)).stdout;
    expect(listed).toContain(`1 open comment\n  ${c.id} · on / at "Buy now"`);
    expect(listed).toContain('Ana: The button is cut off\ufffd[31m on my phone');

    const replied = await runCli(['feedback', 'reply', url, c.id, 'Fixed', 'in', 'version', '2'], env);
    expect(replied.code, replied.stderr).toBe(0);
    expect(replied.stdout).toBe(`replied to comment ${c.id} (on /, 1 reply, open)\n`);
    const resolved = await runCli(['feedback', 'resolve', url, c.id, '--json'], env);
    expect(resolved.code, resolved.stderr).toBe(0);
    const after = JSON.parse(resolved.stdout) as FeedbackComment;
    expect(after.resolved).toBe(true);
    expect(after.replies).toEqual([expect.objectContaining({ text: 'Fixed in version 2', byOwner: true })]);

    const open = await runCli(['feedback', url], env);
    expect(open.stdout).toContain('1 resolved comment not shown (--all shows them)');
    expect(JSON.parse((await runCli(['feedback', url, '--json'], env)).stdout).comments).toEqual([]);
    const all = await runCli(['feedback', url, '--all'], env);
    expect(all.stdout).toContain('1 resolved comment\n');
    expect(all.stdout).toContain('↳ you: Fixed in version 2');
    const reopened = await runCli(['feedback', 'resolve', url, c.id, '--reopen'], env);
    expect(reopened.stdout).toBe(`reopened comment ${c.id} (on /, 1 reply, open)\n`);

    const unknown = await runCli(['feedback', 'resolve', url, 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`share: no comment nope on ${url} (\`share feedback ${url}\` lists the comments and their ids)\n`);
  });

  it('needs the owner token or an API key, has --help for each verb, and refuses bad command lines', async () => {
    const { url } = await publish({ 'index.html': '<p>mine</p>' });
    const stranger = await runCli(['feedback', url], { ...env, XDG_CONFIG_HOME: tempConfigHome() });
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/^share: unknown link .*no owner token/);
    for (const [args, usage] of [[['feedback', '--help'], 'Usage: share feedback <link|id>'], [['feedback', 'reply', '--help'], 'Usage: share feedback reply'], [['feedback', 'resolve', '-h'], 'Usage: share feedback resolve'], [['help', 'feedback'], 'Usage: share feedback <link|id>']] as const) {
      const res = await runCli([...args], env);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(usage);
    }
    expect((await runCli(['feedback', 'reply', url, 'c1'], env)).stderr).toBe('share: expected a link, a comment id and the text of the reply (see share feedback reply --help)\n');
    expect((await runCli(['feedback', url, '--al'], env)).stderr).toContain('unknown option --al; did you mean --all?');
    expect((await runCli(['--help'], env)).stdout).toContain('share feedback <link> [--json]');
  });
});
