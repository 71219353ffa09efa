import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareStats } from '../../core/api-types';
import { runCli, tempConfigHome } from '../helpers/cli';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
let server: RunningServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() };
});
afterAll(async () => { await server?.stop(); });

describe('share stats', () => {
  it('shows N views after N page visits (and not the bot, asset or prefetch ones)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-src-'));
    writeFileSync(join(dir, 'index.html'), `<link rel="stylesheet" href="s.css"><p>${Math.random()}</p>`);
    writeFileSync(join(dir, 's.css'), 'p{color:red}');
    const published = await runCli([dir], env);
    expect(published.code, published.stderr).toBe(0);
    const url = published.stdout.trim();
    const N = 4;
    for (let i = 0; i < N; i++) {
      const page = await getUrl(url, { 'user-agent': BROWSER, referer: 'https://chat.example.net/room/123' });
      expect(page.status).toBe(200);
      expect((await getUrl(`${url}s.css`, { 'user-agent': BROWSER })).status).toBe(200);
    }
    await getUrl(url, { 'user-agent': 'curl/8.5.0' });
    await getUrl(url, { 'user-agent': BROWSER, 'sec-purpose': 'prefetch' });

    // The write happens after the responses, batched: poll briefly for it.
    let stats: ShareStats | undefined;
    for (let tries = 0; tries < 50; tries++) {
      const res = await runCli(['stats', url, '--json'], env);
      expect(res.code, res.stderr).toBe(0);
      stats = JSON.parse(res.stdout) as ShareStats;
      if (stats.views >= N) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(stats!.views).toBe(N);
    expect(stats!.days.at(-1)!.views).toBe(N);
    expect(stats!.days.at(-1)!.uniqueVisitors).toBeGreaterThanOrEqual(1);
    expect(stats!.topReferrers).toEqual([{ host: 'chat.example.net', views: N }]);
    expect(stats!.lastViewedAt).not.toBeNull();

    const human = await runCli(['stats', url], env);
    expect(human.stdout).toMatch(new RegExp(`^${N} views, last \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`));
    expect(human.stdout).toContain(`${N}  chat.example.net`);
  });

  it('has --help with examples, and refuses a link it holds no secret for', async () => {
    const help = await runCli(['stats', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: share stats <link|id>');
    expect(help.stdout).toContain('Examples:');
    expect((await runCli(['help', 'stats'], env)).stdout).toContain('Usage: share stats');
    const unknown = await runCli(['stats', 'k3x9m2p7q4zr7a'], { ...env, XDG_CONFIG_HOME: tempConfigHome() });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/^share: unknown link/);
    const missing = await runCli(['stats'], env);
    expect(missing.code).toBe(2);
  });
});
