import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllowList, ShareInfo, ShareStats } from '../../core/api-types';
import { http } from '../contract/client';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { codeFromLog } from '../helpers/mail-codes';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';

let server: RunningNodeServer;
let env: Record<string, string>;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  server = await startNodeServer();
  env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() };
});
afterAll(async () => { await server?.stop(); });

describe('share --allow and share allow', () => {
  it('publishes for named people, edits the list without a new version, and shows who opened it', async () => {
    const dir = scratch({ 'index.html': `<p>${Math.random()}</p>` });
    const published = await runCli([dir, '--allow', 'Ann@Acme.example', '--allow', '*@partner.example,bob@acme.example', '--json'], env);
    expect(published.code, published.stderr).toBe(0);
    const share = JSON.parse(published.stdout) as ShareInfo;
    expect(share.allow).toEqual(['ann@acme.example', '*@partner.example', 'bob@acme.example']);
    expect(published.stderr).toContain('only ann@acme.example and 2 more may open it (with a code sent by email)');
    expect((await http(share.url)).status).toBe(401);

    const edited = await runCli(['allow', share.url, '--add', 'cy@acme.example', '--remove', '*@partner.example', '--json'], env);
    expect(edited.code, edited.stderr).toBe(0);
    expect((JSON.parse(edited.stdout) as AllowList).allow).toEqual(['ann@acme.example', 'bob@acme.example', 'cy@acme.example']);
    const listed = await runCli(['allow', share.id], env);
    expect(listed.stdout).toBe('ann@acme.example\nbob@acme.example\ncy@acme.example\n');

    // Ann opens it.
    await http(share.url, { method: 'POST', headers: FORM, body: 'email=ann%40acme.example' });
    const code = await codeFromLog(() => server.output())('ann@acme.example');
    expect((await http(share.url, { method: 'POST', headers: FORM, body: `email=ann%40acme.example&code=${code}` })).status).toBe(303);

    const stats = await runCli(['stats', share.url, '--json'], env);
    expect(stats.code, stats.stderr).toBe(0);
    const viewers = (JSON.parse(stats.stdout) as ShareStats).viewers!;
    expect(viewers.map((v) => [v.address, v.status])).toEqual([['ann@acme.example', 'opened'], ['bob@acme.example', 'invited'], ['cy@acme.example', 'invited']]);
    expect(Date.parse(viewers[0].firstOpenedAt!)).toBeGreaterThan(Date.now() - 60_000);
    const human = await runCli(['stats', share.url], env);
    expect(human.stdout).toMatch(/ann@acme\.example\s+opened \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(human.stdout).toMatch(/bob@acme\.example\s+not opened/);

    // An update replaces the list; --no-allow removes it.
    const updated = await runCli([dir, '--allow', 'dee@acme.example', '--json'], env);
    expect((JSON.parse(updated.stdout) as ShareInfo).allow).toEqual(['dee@acme.example']);
    const opened = await runCli([dir, '--no-allow', '--json'], env);
    expect((JSON.parse(opened.stdout) as ShareInfo).allow).toEqual([]);
    expect((await http(share.url)).status).toBe(200);
  });

  it('refuses a bad entry before anything is sent, and an edit that would empty the list', async () => {
    const dir = scratch({ 'index.html': '<p>x</p>' });
    const bad = await runCli([dir, '--allow', 'not-an-address'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^share: not-an-address is not an email address or a domain entry; write alice@example.com, or \*@example.com for everyone at example.com.\n$/);
    const ok = await runCli([dir, '--allow', 'solo@acme.example', '--json'], env);
    const url = (JSON.parse(ok.stdout) as ShareInfo).url;
    const empty = await runCli(['allow', url, '--remove', 'solo@acme.example'], env);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/^share: .*nobody on the allowlist.*--clear.*\n$/);
    const help = await runCli(['allow', '--help'], env);
    expect(help.stdout).toContain('Usage: share allow <link|id> [--add EMAIL]... [--remove EMAIL]...');
  });
});
