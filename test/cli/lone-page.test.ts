import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server?.stop(); });

describe('share <lone page>: what the page loads at run time comes along', () => {
  it('sends the data it fetches, its worker, service worker, SVG sprite, manifest icons and linked pages; warns about what is not there', async () => {
    const dir = scratch({
      'dashboard.html': `<!doctype html><title>Dash</title><link rel="manifest" href="site.webmanifest">
        <svg><use href="icons.svg#logo"/></svg><a href="report.html">Report</a>
        <script type="module">const rows = await (await fetch('data.json')).json(); new Worker('worker.js');
        navigator.serviceWorker.register('sw.js'); fetch('forgotten.csv');</script>`,
      'data.json': '[1,2,3]', 'worker.js': "importScripts('worker-lib.js')", 'worker-lib.js': '// lib', 'sw.js': '// sw',
      'icons.svg': '<svg xmlns="http://www.w3.org/2000/svg"><symbol id="logo"/></svg>',
      'site.webmanifest': JSON.stringify({ name: 'Dash', icons: [{ src: 'icon-192.png', sizes: '192x192' }] }),
      'icon-192.png': 'png', 'report.html': '<p>report</p>', 'unrelated.txt': 'not loaded by the page',
    });
    const res = await runCli([join(dir, 'dashboard.html'), '--json'], { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() });
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { url: string; paths: string[]; warnings: string[] };
    expect(new Set(out.paths)).toEqual(new Set(['dashboard.html', 'data.json', 'worker.js', 'worker-lib.js', 'sw.js', 'icons.svg', 'site.webmanifest', 'icon-192.png', 'report.html']));
    expect(out.warnings).toEqual(['missing: forgotten.csv (loaded at run time by dashboard.html) was not found; share the folder instead if the page needs it']);
    expect(res.stderr).toContain('forgotten.csv');
    expect((await getUrl(`${out.url}data.json`)).body.toString()).toBe('[1,2,3]');
  });
});
