import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch, tempConfigHome } from '../helpers/cli';
import { startMcp, text, type McpSession } from '../helpers/mcp';
import { startNodeServer } from '../helpers/node-server';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

/**
 * The MCP tools' results, as the model reads them: when the link expires, "unchanged", the
 * lifecycle options, and every refusal in the tools' own terms (parameters and tool names, never
 * the CLI's flags or commands).
 */
let server: RunningServer;
let mcp: McpSession;
let cfg: string;
let tmp: string;

beforeAll(async () => {
  server = await startServer();
  cfg = tempConfigHome();
  tmp = mkdtempSync(join(tmpdir(), 'share-mcp-tmp-'));
  mcp = await startMcp({ SHARE_SERVER: server.url, XDG_CONFIG_HOME: cfg, TMPDIR: tmp });
});
afterAll(async () => {
  await mcp?.close();
  await server?.stop();
});

const call = async (name: string, args: Record<string, unknown>, session = mcp) => {
  const res = await session.client.callTool({ name, arguments: args });
  return { isError: res.isError === true, text: text(res) };
};

/** No CLI flag (`--entry`) and no CLI command (`share list`) in a text meant for the tools' caller. */
function inToolTerms(t: string): void {
  expect(t).not.toMatch(/(^|[\s(`])--[a-z]/);
  expect(t).not.toMatch(/\bshare (list|revoke|help)\b/);
}

describe('results say when the link stops working, in the CLI\'s words', () => {
  it('share_path: "The link expires in 7 days, on …", then "Unchanged" for the same files', async () => {
    const dir = scratch({ 'index.html': `<title>MCP</title><p>${Math.random()}</p>` });
    const first = await call('share_path', { path: dir });
    expect(first.isError, first.text).toBe(false);
    const [url, what, expiry] = first.text.split('\n');
    expect(url).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/$/);
    expect(what).toMatch(/^Published a new link: 1 file/);
    expect(expiry).toMatch(/^The link expires in 7 days, on [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} at \d\d:\d\d UTC\.$/);
    const again = await call('share_path', { path: dir });
    expect(again.text.split('\n').slice(0, 2)).toEqual([url, 'Unchanged: the link already shows this file (version 1), so no new version was made and nothing was sent.']);
  });

  it('share_path and share_html take expires, password and maxViews like the CLI\'s flags', async () => {
    const dir = scratch({ 'index.html': `<p>guarded ${Math.random()}</p>` });
    const res = await call('share_path', { path: dir, expires: '24h', password: 'maple-river-42', maxViews: 2 });
    expect(res.isError, res.text).toBe(false);
    expect(res.text).toMatch(/\nThe link expires in 24 hours, on .* UTC; visitors need the password; 2 page views left\.\n/);
    expect((await getUrl(res.text.split('\n')[0])).status).toBe(401);
    const html = await call('share_html', { html: '<p>brief</p>', name: `brief ${Math.random()}`, expires: '1h' });
    expect(html.text).toMatch(/\nThe link expires in 1 hour, on /);
    const bad = await call('share_html', { html: '<p>x</p>', expires: 'forever' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toBe('share failed: expires must be never or a duration like 1h, 24h, 7d, 30d; got "forever"');
    const refused = await call('share_html', { html: '<p>x</p>', expires: '90d' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('The longest expiry on this server is 30d; got 90d.');
  });
});

describe('refusals name the tools\' parameters and tools', () => {
  it('several pages: pass entry; a likely key: allowSecrets: true; an unknown link: list_shares', async () => {
    const pages = await call('share_path', { path: scratch({ 'a.html': 'a', 'b.html': 'b' }) });
    expect(pages.isError).toBe(true);
    expect(pages.text).toContain('has no index.html and several HTML pages (a.html, b.html): pass entry: "<page>" or add an index.html');
    inToolTerms(pages.text);
    const key = `sk-ant-api03-${'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa'}Xy12`;
    const secret = await call('share_html', { html: `<script>const k = "${key}";</script>` });
    expect(secret.text).toMatch(/Remove it, or call again with allowSecrets: true if it is meant to be public$/);
    inToolTerms(secret.text);
    const unknown = await call('revoke_share', { link: 'zzzzzzzzzzzzzz' });
    expect(unknown.text).toBe('share failed: unknown link zzzzzzzzzzzzzz: this machine holds no owner token for it and no API key is set (see list_shares)');
    inToolTerms(unknown.text);
  });

  it('someone else changed the link: no --force to suggest, but what the caller can do', async () => {
    const dir = scratch({ 'index.html': '<p>mine</p>' });
    const url = (await call('share_path', { path: dir })).text.split('\n')[0];
    const saved = (JSON.parse(readFileSync(join(cfg, 'share', 'state.json'), 'utf8')) as { shares: { url: string; id: string; ownerToken: string }[] }).shares.find((s) => s.url === url)!;
    // Someone else (the web app, another machine) updates the link.
    const api = (path: string, body?: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${saved.ownerToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const bytes = new TextEncoder().encode('<p>theirs</p>');
    const sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    const plan = await (await api(`/api/shares/${saved.id}/versions`, { files: [{ path: 'index.html', size: bytes.byteLength, sha256 }] })).json() as { uploadPath: string; finalizePath: string };
    await fetch(`${server.url}${plan.uploadPath}${sha256}`, { method: 'PUT', headers: { authorization: `Bearer ${saved.ownerToken}` }, body: bytes });
    expect((await api(plan.finalizePath)).status).toBe(200);
    writeFileSync(join(dir, 'index.html'), '<p>mine, edited</p>');
    const res = await call('share_path', { path: dir });
    expect(res.isError).toBe(true);
    expect(res.text).toBe(`share failed: ${url} was changed by someone else since your last update; nothing was published: ask the user: newLink: true makes a separate link and leaves theirs alone`);
    inToolTerms(res.text);
  });

  it('a server that cannot be reached: SHARE_SERVER in the MCP server\'s configuration; list_shares says so', async () => {
    const node = await startNodeServer();
    const own = await startMcp({ SHARE_SERVER: node.url, XDG_CONFIG_HOME: tempConfigHome() });
    try {
      const url = (await call('share_html', { html: '<p>soon offline</p>', name: 'offline' }, own)).text.split('\n')[0];
      await node.stop();
      const down = await call('share_html', { html: '<p>again</p>', name: 'offline 2' }, own);
      expect(down.isError).toBe(true);
      expect(down.text).toContain(`cannot reach the share server at ${node.url} (connection refused). Start it with \`npm start\` in a clone of share, or set SHARE_SERVER in this MCP server's configuration (share mcp --print-config --server URL prints it).`);
      inToolTerms(down.text.replace('share mcp --print-config --server URL', ''));
      const listed = await call('list_shares', {}, own);
      expect(listed.isError).toBe(false);
      const [json, warning] = listed.text.split('\n]\n');
      expect((JSON.parse(`${json}\n]`) as { url: string; state: string }[]).find((r) => r.url === url)?.state).toBe('unknown');
      expect(warning).toMatch(/^warning: cannot reach the share server at .* The states shown as "unknown" could not be checked\.$/);
    } finally {
      await own.close();
    }
  });

  it('a bad API key in the environment is named in the tools\' terms too', async () => {
    const own = await startMcp({ SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome(), SHARE_API_KEY: 'not-a-key' });
    try {
      const res = await call('share_html', { html: '<p>k</p>' }, own);
      expect(res.text).toBe('share failed: an API key starts with shk_ (check SHARE_API_KEY)');
    } finally {
      await own.close();
    }
  });
});

describe('share_html', () => {
  it('describes its own name parameter, not "the same path"', async () => {
    const tool = (await mcp.client.listTools()).tools.find((t) => t.name === 'share_html')!;
    expect(tool.description).not.toMatch(/same path/);
    expect(tool.description).toContain('calling share_html again with the same name replaces that page at the same link');
    expect(tool.description).toContain('without a name every call makes a new link');
    const name = (tool.inputSchema.properties as Record<string, { description?: string }>).name;
    expect(name.description).toContain('calling again with the same name updates the same link');
  });

  it('leaves no temp folder behind for a page without a name', async () => {
    const before = readdirSync(tmp).filter((f) => f.startsWith('share-html-'));
    for (let i = 0; i < 3; i++) expect((await call('share_html', { html: `<p>no name ${i}</p>` })).isError).toBe(false);
    expect((await call('share_html', { html: `<script>const k = "sk-ant-api03-${'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa'}Xy12";</script>` })).isError).toBe(true);
    expect(readdirSync(tmp).filter((f) => f.startsWith('share-html-'))).toEqual(before);
    // A named page stays where sharing it again finds it.
    await call('share_html', { html: '<p>named</p>', name: 'kept' });
    expect(readdirSync(join(cfg, 'share', 'html')).some((d) => d.startsWith('kept-'))).toBe(true);
  });
});
