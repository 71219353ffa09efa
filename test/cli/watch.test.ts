import { createHash, randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, spawnCli, tempConfigHome, type RunningCli } from '../helpers/cli';
import { startProxy, type TestProxy } from '../helpers/proxy';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

// `share <path> --watch` as a user runs it: a child process against a running server, with a
// proxy in between that records every request, so what was uploaded is seen from the wire.
let server: RunningServer;
let proxy: TestProxy;
const running: RunningCli[] = [];

beforeAll(async () => {
  server = await startServer();
  proxy = await startProxy(server.url);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});
afterEach(() => {
  for (const cli of running.splice(0)) cli.signal('SIGKILL');
});

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const puts = () => proxy.requests.filter((r) => r.method === 'PUT');

/** Starts a watch of `path` and waits until it watches; returns the process and its link. */
async function watch(path: string, extra: string[] = [], home = tempConfigHome()) {
  const cli = spawnCli([path, '--watch', ...extra], { SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: home });
  running.push(cli);
  const [url] = await cli.waitFor(/^http:\/\/\S+\/$/m, { ms: 30_000 });
  await cli.waitFor(/watching .* for changes/, { stream: 'stderr' });
  return { cli, url };
}

describe('share <path> --watch', () => {
  it('puts an edit live at the same link within the quiet time plus a publish, uploading only the changed file', async () => {
    const big = randomBytes(300_000);
    const dir = scratch({ 'index.html': '<link rel="stylesheet" href="site.css"><h1>first</h1>', 'site.css': 'h1{color:red}', 'photo.bin': big });
    const { cli, url } = await watch(dir);
    const before = puts().length;
    const page = '<link rel="stylesheet" href="site.css"><h1>second</h1>';
    const from = cli.stdout().length;
    const t0 = Date.now();
    writeFileSync(join(dir, 'index.html'), page);
    const [line] = await cli.waitFor(/version 2 is live.*\n/, { from });
    const elapsed = Date.now() - t0;
    console.log(`watch: edit → version 2 live in ${elapsed} ms: ${line.trim()}`);
    expect(elapsed).toBeLessThan(3000);
    expect(line).toContain('(index.html)');
    expect(line).toContain(`sent 1 file (${Buffer.byteLength(page)} B)`);
    // The server received exactly one upload: the new page's bytes, by its hash.
    expect(puts().slice(before).map((r) => r.path.split('/').pop())).toEqual([sha(page)]);
    expect((await getUrl(url)).body.toString()).toBe(page);
    expect((await getUrl(`${url}photo.bin`)).body.equals(big)).toBe(true);
  });

  it('makes one update of a save storm, and survives an atomic save (temp file renamed over the page)', async () => {
    const dir = scratch({ 'index.html': '<h1>v1</h1>' });
    const { cli, url } = await watch(dir);
    let from = cli.stdout().length;
    for (let i = 0; i < 10; i++) {
      writeFileSync(join(dir, 'index.html'), `<h1>storm ${i}</h1>`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await cli.waitFor(/version 2 is live/, { from });
    await new Promise((r) => setTimeout(r, 1000));
    expect(cli.stdout().slice(from).match(/is live/g)).toHaveLength(1);
    expect((await getUrl(url)).body.toString()).toBe('<h1>storm 9</h1>');

    // What vim, VS Code and JetBrains do on save: write a temp file, rename it over the original.
    from = cli.stdout().length;
    writeFileSync(join(dir, '.index.html.swp-tmp'), '<h1>atomic</h1>');
    renameSync(join(dir, '.index.html.swp-tmp'), join(dir, 'index.html'));
    await cli.waitFor(/version 3 is live/, { from });
    expect((await getUrl(url)).body.toString()).toBe('<h1>atomic</h1>');
    // The file's inode changed: the next plain save is still seen.
    from = cli.stdout().length;
    writeFileSync(join(dir, 'index.html'), '<h1>after atomic</h1>');
    await cli.waitFor(/version 4 is live/, { from });
    expect((await getUrl(url)).body.toString()).toBe('<h1>after atomic</h1>');
  });

  it('watches a lone HTML file and the files it references, and ignores what the bundle rules skip', async () => {
    const dir = scratch({ 'page.html': '<link rel="stylesheet" href="css/site.css"><p>x</p>', 'css/site.css': 'p{color:red}', 'other.html': '<p>not shared</p>' });
    const { cli, url } = await watch(join(dir, 'page.html'));
    let from = cli.stdout().length;
    const tmp = join(dir, 'css', 'site.css.tmp');
    writeFileSync(tmp, 'p{color:blue}');
    renameSync(tmp, join(dir, 'css', 'site.css'));
    await cli.waitFor(/version 2 is live \(css\/site\.css[^)]*\)/, { from });
    expect((await getUrl(`${url}css/site.css`)).body.toString()).toBe('p{color:blue}');
    // A file the page does not reference is not watched.
    from = cli.stdout().length;
    writeFileSync(join(dir, 'other.html'), '<p>still not shared</p>');
    await new Promise((r) => setTimeout(r, 1000));
    expect(cli.stdout().slice(from)).toBe('');

    const folder = scratch({ 'index.html': '<p>a</p>', '.gitignore': 'drafts/\n', 'drafts/x.html': 'x', 'node_modules/m/index.js': '1' });
    const watched = await watch(folder);
    from = watched.cli.stdout().length;
    writeFileSync(join(folder, 'node_modules', 'm', 'index.js'), '2');
    writeFileSync(join(folder, 'drafts', 'x.html'), 'y');
    writeFileSync(join(folder, '.DS_Store'), 'junk');
    await new Promise((r) => setTimeout(r, 1000));
    expect(watched.cli.stdout().slice(from)).toBe('');
  });

  it('keeps going after a failed update, and exits 0 on Ctrl-C with the link', async () => {
    const dir = scratch({ 'index.html': '<h1>ok</h1>' });
    const { cli, url } = await watch(dir);
    // A likely secret refuses the update (nothing is uploaded) …
    const errFrom = cli.stderr().length;
    writeFileSync(join(dir, 'index.html'), `<script>k="${'AKIA'}IOSFODNN7EXAMPLE"</script>`);
    const [failed] = await cli.waitFor(/update failed: .*\n/, { stream: 'stderr', from: errFrom });
    expect(failed).toContain('AWS access key id');
    expect(failed).toContain(`${url} still shows version 1; waiting for the next save`);
    expect((await getUrl(url)).body.toString()).toBe('<h1>ok</h1>');
    // … and the next save goes through.
    const from = cli.stdout().length;
    writeFileSync(join(dir, 'index.html'), '<h1>fixed</h1>');
    await cli.waitFor(/version 2 is live/, { from });
    expect((await getUrl(url)).body.toString()).toBe('<h1>fixed</h1>');

    cli.signal('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain(`stopped watching; ${url} stays live (version 2)`);
  });

  it('reports an unreachable server per update and recovers when it answers again', async () => {
    const dir = scratch({ 'index.html': '<h1>one</h1>' });
    const { cli, url } = await watch(dir);
    proxy.rule = () => ({ status: 503, type: 'text/html', body: '<html><body>Service Unavailable</body></html>' });
    const errFrom = cli.stderr().length;
    writeFileSync(join(dir, 'index.html'), '<h1>two</h1>');
    await cli.waitFor(/update failed: .*still shows version 1/, { stream: 'stderr', from: errFrom });
    proxy.rule = () => 'forward';
    const from = cli.stdout().length;
    writeFileSync(join(dir, 'index.html'), '<h1>three</h1>');
    await cli.waitFor(/version 2 is live/, { from });
    expect((await getUrl(url)).body.toString()).toBe('<h1>three</h1>');
  });

  it('applies --timeout to each update, not to the whole watch', async () => {
    const dir = scratch({ 'index.html': '<h1>t1</h1>' });
    const { cli, url } = await watch(dir, ['--timeout', '2']);
    await new Promise((r) => setTimeout(r, 2500));
    // The server stops answering updates: this one gives up after 2 s …
    proxy.rule = (method, path) => (method === 'POST' && path.endsWith('/versions') ? 'hang' : 'forward');
    const errFrom = cli.stderr().length;
    writeFileSync(join(dir, 'index.html'), '<h1>t2</h1>');
    const [line] = await cli.waitFor(/update failed: .*\n/, { stream: 'stderr', from: errFrom });
    expect(line).toContain('did not answer within 2 s');
    // … and the next one, with the server back, has its own 2 s.
    proxy.rule = () => 'forward';
    const from = cli.stdout().length;
    writeFileSync(join(dir, 'index.html'), '<h1>t3</h1>');
    await cli.waitFor(/version 2 is live/, { from });
    expect((await getUrl(url)).body.toString()).toBe('<h1>t3</h1>');
  });

  it('takes the same path\'s lock and state as other share runs: a share from another terminal meanwhile does not break the next save', async () => {
    const dir = scratch({ 'index.html': '<h1>a</h1>' });
    const home = tempConfigHome();
    const { cli, url } = await watch(dir, [], home);
    // The watch sees this edit too; the other run and the watch's update take turns on the lock.
    writeFileSync(join(dir, 'index.html'), '<h1>b</h1>');
    const other = await runCli([dir], { SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: home });
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout.trim()).toBe(url);
    await new Promise((r) => setTimeout(r, 1000));
    const from = cli.stdout().length;
    writeFileSync(join(dir, 'index.html'), '<h1>c</h1>');
    await cli.waitFor(/version \d+ is live/, { from });
    expect(cli.stderr()).not.toContain('update failed');
    expect((await getUrl(url)).body.toString()).toBe('<h1>c</h1>');
  });

  it('prints the new link when the watched one was revoked meanwhile', async () => {
    const dir = scratch({ 'index.html': '<h1>first link</h1>' });
    const home = tempConfigHome();
    const { cli, url } = await watch(dir, [], home);
    const revoked = await runCli(['revoke', url], { SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: home });
    expect(revoked.code, revoked.stderr).toBe(0);
    const from = cli.stdout().length;
    writeFileSync(join(dir, 'index.html'), '<h1>second link</h1>');
    const [line] = await cli.waitFor(/^(http:\/\/\S+\/)\n.*version 1 is live/m, { from });
    const fresh = line.split('\n')[0];
    expect(fresh).not.toBe(url);
    expect((await getUrl(fresh)).body.toString()).toBe('<h1>second link</h1>');
    cli.signal('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain(`stopped watching; ${fresh} stays live (version 1)`);
  });
});
