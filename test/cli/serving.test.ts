import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

const NAV = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
let server: RunningServer;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startServer();
  env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() };
});
afterAll(async () => { await server?.stop(); });

describe('share <path>: the serving options and what publishing says', () => {
  it('--spa answers unknown page routes with the entry page; --no-spa turns it off on update', async () => {
    const dir = scratch({ 'index.html': `<div id="app">cli spa ${Date.now()}</div>`, 'app.js': 'route()' });
    const first = await runCli([dir, '--spa', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { url: string; spa: boolean };
    expect(out.spa).toBe(true);
    const route = await getUrl(`${out.url}settings/profile`, NAV);
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('cli spa');
    expect((await getUrl(`${out.url}missing.js`, NAV)).status).toBe(404);
    const off = await runCli([dir, '--no-spa', '--json'], env);
    expect(off.code, off.stderr).toBe(0);
    expect((JSON.parse(off.stdout) as { spa: boolean }).spa).toBe(false);
    expect((await getUrl(`${out.url}settings/profile`, NAV)).status).toBe(404);
    expect((await runCli([dir, '--spa', '--no-spa'], env)).code).not.toBe(0);
  });

  it('a folder whose pages all live in dist/: dist/ is the root, and the CLI says so', async () => {
    const dir = scratch({ 'README.txt': 'readme', 'dist/index.html': '<script type="module" src="/assets/app.js"></script>', 'dist/assets/app.js': 'cli_root()' });
    const res = await runCli([dir, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { url: string; root: string };
    expect(out.root).toBe('dist/');
    expect(res.stderr).toContain("dist/ is the link's root");
    expect((await getUrl(`${out.url}assets/app.js`)).body.toString()).toBe('cli_root()');
  });

  it('warns about case-only differences and root-absolute references that only resolve from the entry\'s folder', async () => {
    const dir = scratch({
      'index.html': '<img src="img/Logo.PNG">', 'img/logo.png': 'png', 'docs/Index.html': '<p>docs</p>',
      'app/start.html': '<script src="/js/app.js"></script>', 'app/js/app.js': 'x()',
    });
    const res = await runCli([dir], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('index.html refers to img/Logo.PNG, but the file is img/logo.png');
    expect(res.stderr).toContain('docs/Index.html is served at /docs/');
    const entry = await runCli([join(dir), '--entry', 'app/start.html', '--new'], env);
    expect(entry.code, entry.stderr).toBe(0);
    expect(entry.stderr).toContain('app/start.html loads /js/app.js, which only resolves from app/');
  });
});
