import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigHome } from '../helpers/cli';
import { startMcp, text, type McpSession } from '../helpers/mcp';
import { getUrl, ROOT, startServer, type RunningServer } from '../helpers/server';

/**
 * Issue 20 over MCP, what the tools accept: the advertised schema enforced, names that never
 * collapse, paths as a user means them, share's own folder refused, large HTML, and the Desktop
 * config. `share mcp` is driven by the SDK's client over stdio against a running server.
 */
let server: RunningServer;
let mcp: McpSession;
let cfg: string;
let home: string;
let cwd: string;

type Listed = { url: string; source: string | null };
const listed = async (s = mcp) => JSON.parse(text(await s.client.callTool({ name: 'list_shares', arguments: {} }))) as Listed[];

beforeAll(async () => {
  server = await startServer({ vars: { RATE_LIMIT_PUBLISHES: '100000' } });
  cfg = tempConfigHome();
  home = mkdtempSync(join(tmpdir(), 'share-home-'));
  cwd = mkdtempSync(join(tmpdir(), 'share-mcp-cwd-'));
  mcp = await startMcp({ SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg, HOME: home }, { cwd });
});
afterAll(async () => {
  await mcp?.close();
  await server?.stop();
});

describe('the advertised schema is enforced', () => {
  it('advertises additionalProperties: false on every tool', async () => {
    for (const t of (await mcp.client.listTools()).tools) expect(t.inputSchema.additionalProperties, t.name).toBe(false);
  });

  it('refuses unknown arguments by name, and publishes nothing', async () => {
    const before = (await listed()).length;
    const html = await mcp.client.callTool({ name: 'share_html', arguments: { html: '<p>secret plan</p>', name: 'plan', passcode: 'hunter2', ttl: '1h', max_views: 1 } });
    expect(html.isError).toBe(true);
    expect(text(html)).toContain('unknown arguments "passcode", "ttl", "max_views": share_html takes only html, name, allowSecrets, expires, password, maxViews');
    const path = await mcp.client.callTool({ name: 'share_path', arguments: { path: '/tmp', new: true } });
    expect(path.isError).toBe(true);
    expect(text(path)).toContain('unknown argument "new": share_path takes only path, entry, newLink, allowSecrets, expires, password, maxViews');
    for (const [name, args] of [['revoke_share', { link: 'zzzzzzzzzzzzzz', force: true }], ['list_shares', { all: true }]] as const) {
      const res = await mcp.client.callTool({ name, arguments: args });
      expect(res.isError, name).toBe(true);
      expect(text(res), name).toMatch(/unknown argument "(force|all)"/);
    }
    expect((await listed()).length).toBe(before);
  });
});

describe('share_html names', () => {
  it('every distinct name is its own link: scripts, emoji, case and punctuation', async () => {
    const names = ['売上レポート', 'グラフ', '🚀', 'Q3 Plan', 'q3_plan', 'q3-plan'];
    const urls: string[] = [];
    for (const name of names) {
      const res = await mcp.client.callTool({ name: 'share_html', arguments: { html: `<p>${name}</p>`, name } });
      expect(res.isError, text(res)).toBeFalsy();
      expect(text(res)).toContain('Published a new link');
      urls.push(text(res).split('\n')[0]);
    }
    expect(new Set(urls).size).toBe(names.length);
    for (const [i, name] of names.entries()) expect((await getUrl(urls[i])).body.toString()).toBe(`<p>${name}</p>`);
    // The same name again, in NFD, is the same name.
    const again = await mcp.client.callTool({ name: 'share_html', arguments: { html: '<p>v2</p>', name: 'グラフ'.normalize('NFD') } });
    expect(text(again).split('\n')[0]).toBe(urls[1]);
    expect(text(again)).toContain('Updated the existing link (version 2)');
  });

  it('parallel calls with one name make one link, in one server and across two', async () => {
    const name = `together-${Date.now()}`;
    const other = await startMcp({ SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg, HOME: home });
    try {
      const results = await Promise.all([mcp, mcp, other, other].map((s, i) => s.client.callTool({ name: 'share_html', arguments: { html: `<p>${i}</p>`, name } })));
      for (const r of results) expect(r.isError, text(r)).toBeFalsy();
      expect(new Set(results.map((r) => text(r).split('\n')[0])).size).toBe(1);
      expect(results.filter((r) => text(r).includes('Published a new link'))).toHaveLength(1);
      expect(results.filter((r) => text(r).includes('Updated the existing link'))).toHaveLength(3);
    } finally {
      await other.close();
    }
  });
});

describe('share_path takes paths as the user means them', () => {
  beforeAll(() => {
    mkdirSync(join(home, 'site'));
    writeFileSync(join(home, 'site', 'index.html'), '<p>home site</p>');
    mkdirSync(join(cwd, 'site'));
    writeFileSync(join(cwd, 'site', 'index.html'), '<p>server cwd</p>');
  });

  it('expands ~ and $HOME', async () => {
    for (const path of ['~/site', '$HOME/site/index.html', '${HOME}/site']) {
      const res = await mcp.client.callTool({ name: 'share_path', arguments: { path } });
      expect(res.isError, `${path}: ${text(res)}`).toBeFalsy();
      expect((await getUrl(text(res).split('\n')[0])).body.toString()).toBe('<p>home site</p>');
    }
  });

  it('refuses a relative path, naming the absolute path it would have been', async () => {
    const res = await mcp.client.callTool({ name: 'share_path', arguments: { path: 'site' } });
    expect(res.isError).toBe(true);
    expect(text(res)).toContain(`"site" would be ${join(cwd, 'site')}`);
    expect(text(res)).toContain('Pass the absolute path');
  });

  it("refuses share's own config and state folder, by name", async () => {
    const res = await mcp.client.callTool({ name: 'share_path', arguments: { path: join(cfg, 'share'), allowSecrets: true } });
    expect(res.isError).toBe(true);
    expect(text(res)).toContain(`it is ${join(cfg, 'share')}, share's own config and state folder`);
    const parent = await mcp.client.callTool({ name: 'share_path', arguments: { path: cfg } });
    expect(text(parent)).toContain(`it contains ${join(cfg, 'share')}`);
  });
});

describe('large HTML', () => {
  it('states its limit, publishes 12 MiB (over the SDK transport\'s 10 MiB), refuses 26 MiB with the way out, and survives 102 MiB', async () => {
    const html = (await mcp.client.listTools()).tools.find((t) => t.name === 'share_html')!;
    expect(html.description).toContain('up to 25 MiB');
    expect(html.description).toContain('share_path');

    const big = `<!doctype html><p>${'x'.repeat(12 * 1024 * 1024)}</p>`;
    const ok = await mcp.client.callTool({ name: 'share_html', arguments: { html: big } }, undefined, { timeout: 120_000 });
    expect(ok.isError, text(ok)).toBeFalsy();
    expect((await getUrl(text(ok).split('\n')[0])).body.byteLength).toBe(Buffer.byteLength(big));

    const over = await mcp.client.callTool({ name: 'share_html', arguments: { html: 'y'.repeat(26 * 1024 * 1024) } }, undefined, { timeout: 120_000 });
    expect(over.isError).toBe(true);
    expect(text(over)).toContain("over share_html's limit of 25 MiB");
    expect(text(over)).toContain('call share_path');

    const huge = await mcp.client.callTool({ name: 'share_html', arguments: { html: 'z'.repeat(102 * 1024 * 1024) } }, undefined, { timeout: 120_000 });
    expect(huge.isError).toBe(true);
    expect(text(huge)).toContain('more than this MCP server reads in one message');
    expect(mcp.stderr()).toMatch(/share mcp: skipped a \d+-byte message \(tools\/call/);
    expect((await mcp.client.listTools()).tools).toHaveLength(8);
  }, 180_000);
});

describe('transport events are logged, never a silent exit', () => {
  it('an unreadable line is logged and skipped; the next request is answered; closing stdin is logged', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'cli', 'bin', 'share.mjs'), 'mcp'], { env: { ...process.env, SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.stdin.write('this is not json\n');
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`);
    const deadline = Date.now() + 10_000;
    while (!out.includes('"id":1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(JSON.parse(out.split('\n')[0]).result.serverInfo.name).toBe('share');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.end();
    expect(await exit).toBe(0);
    expect(err).toContain('share mcp: protocol error: unreadable message');
    expect(err).toContain('share mcp: the client closed stdin; stopping');
  });
});

describe('share mcp --print-config', () => {
  it('prints the Desktop entry with absolute paths to this node and the script, and that entry runs', async () => {
    const res = await runCli(['mcp', '--print-config', '--server', server.url], { XDG_CONFIG_HOME: cfg });
    expect(res.code, res.stderr).toBe(0);
    const entry = (JSON.parse(res.stdout) as { mcpServers: { share: { command: string; args: string[]; env: Record<string, string> } } }).mcpServers.share;
    expect(entry.command).toBe(process.execPath);
    expect(entry.args).toEqual([join(ROOT, 'cli', 'dist', 'share.mjs'), 'mcp']);
    expect(existsSync(entry.args[0])).toBe(true);
    expect(entry.env).toEqual({ SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg });
    expect(res.stderr).toContain('claude_desktop_config.json');
    // As Claude Desktop would start it: that command, those args, that env, and no PATH to find node on.
    const desktop = await startMcp({ ...entry.env, PATH: '/nonexistent' }, { command: entry.command, args: entry.args, cwd: '/' });
    try {
      const shares = JSON.parse(text(await desktop.client.callTool({ name: 'list_shares', arguments: {} }))) as Listed[];
      expect(shares.length).toBeGreaterThan(0);
      expect(readFileSync(join(cfg, 'share', 'state.json'), 'utf8')).toContain(shares[0].url);
    } finally {
      await desktop.close();
    }
  });
});
