import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiKey, ShareInfo } from '../../core/api-types';
import { startNodeServer } from '../helpers/node-server';
import type { RunningServer } from '../helpers/server';
import { text } from '../helpers/mcp';
import { http, RUNTIMES } from './client';

/** The SDK's own client over Streamable HTTP, as a remote connector (claude.ai, Claude Code `--transport http`) talks to `/mcp`. */
async function connect(base: string, apiKey?: string): Promise<Client> {
  const client = new Client({ name: 'share-remote-test', version: '1.0.0' });
  const headers: Record<string, string> = apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
  return client;
}

/** The JSON block that ends a publish or update answer. */
const jsonOf = <T>(t: string) => JSON.parse(t.slice(t.indexOf('\n{') + 1)) as T;

describe.each(RUNTIMES)('remote MCP (/mcp) on $name', ({ start }) => {
  let server: RunningServer;
  let client: Client;
  beforeAll(async () => { server = await start(); client = await connect(server.url); });
  afterAll(async () => { await client?.close(); await server?.stop(); });

  it('lists the tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_feedback', 'get_share', 'list_shares', 'reply_to_comment', 'resolve_comment', 'revoke_share', 'share_files', 'share_html', 'update_share']);
  });

  it('publishes a two-file prototype given as text, updates it, revokes it: the page serves, then 410', async () => {
    const tag = `remote ${Math.random()}`;
    const res = await client.callTool({ name: 'share_files', arguments: { files: [
      { path: 'index.html', text: `<!doctype html><title>Remote</title><link rel="stylesheet" href="style.css"><p>${tag}</p>` },
      { path: 'style.css', text: 'p { color: teal }' },
    ], expires: '1h' } });
    expect(res.isError, text(res)).toBeFalsy();
    const out = text(res);
    const info = jsonOf<ShareInfo & { manageUrl: string }>(out);
    expect(out.split('\n')[0]).toBe(info.url);
    expect(info).toMatchObject({ state: 'live', version: 1, files: 2, title: 'Remote' });
    const token = /Owner token[^:]*: (\S+)/.exec(out)![1];
    // The manage link is the app's, private (its secret in the fragment), never the public URL.
    expect(info.manageUrl).toBe(`${server.url}/manage#${info.id}.${token}`);
    expect(info.manageUrl.startsWith(info.url)).toBe(false);
    const page = await http(info.url);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain(tag);
    expect((await http(`${info.url}style.css`)).body.toString()).toBe('p { color: teal }');

    const denied = await client.callTool({ name: 'update_share', arguments: { link: info.url, html: '<p>hijack</p>' } });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/owner token/);
    const wrong = await client.callTool({ name: 'revoke_share', arguments: { link: info.url, ownerToken: 'x'.repeat(43) } });
    expect(text(wrong)).toMatch(/^share failed: That token does not own this share\. \(forbidden\)/);

    const updated = await client.callTool({ name: 'update_share', arguments: { link: info.url, ownerToken: token, files: [
      { path: 'index.html', text: '<!doctype html><p>version two</p>' },
      { path: 'dot.png', base64: 'iVBORw0KGgo=' },
    ] } });
    expect(updated.isError, text(updated)).toBeFalsy();
    expect(jsonOf<ShareInfo>(text(updated))).toMatchObject({ version: 2, files: 2 });
    expect((await http(info.url)).body.toString()).toBe('<!doctype html><p>version two</p>');
    expect((await http(`${info.url}dot.png`)).body.equals(Buffer.from('iVBORw0KGgo=', 'base64'))).toBe(true);

    const state = await client.callTool({ name: 'get_share', arguments: { link: info.id, ownerToken: token } });
    expect(JSON.parse(text(state))).toMatchObject({ id: info.id, state: 'live', version: 2 });

    const revoked = await client.callTool({ name: 'revoke_share', arguments: { link: info.url, ownerToken: token } });
    expect(text(revoked)).toBe(`Revoked ${info.url}: every URL of it now answers 410 Gone.`);
    expect((await http(info.url)).status).toBe(410);
  });

  it('runs the bundle rules: a likely secret is refused, lifecycle options are kept', async () => {
    const secret = await client.callTool({ name: 'share_html', arguments: { html: '<script>const k = "sk-ant-api03-Zx8Qv2LmN4pR7tYw1KcB9dHf3GjS6aEu0XoIqWnMzT5yVbLr_Pk-A7sD2fG4hJ8l"</script>' } });
    expect(secret.isError).toBe(true);
    expect(text(secret)).toMatch(/likely_secrets/);
    const bad = await client.callTool({ name: 'share_files', arguments: { files: [{ path: '../x.html', text: '<p>x</p>' }] } });
    expect(text(bad)).toMatch(/invalid_path/);
    const typo = await client.callTool({ name: 'share_html', arguments: { html: '<p>x</p>', pasword: 'x' } });
    expect(typo.isError).toBe(true);
    expect(text(typo)).toMatch(/unknown argument "pasword"/);
    const locked = await client.callTool({ name: 'share_html', arguments: { html: '<p>locked</p>', password: 'open sesame', maxViews: 3 } });
    const info = jsonOf<ShareInfo>(text(locked));
    expect(info).toMatchObject({ passwordProtected: true, maxViews: 3 });
    expect((await http(info.url)).body.toString()).not.toContain('<p>locked</p>');
  });

  it('answers GET with 405 and refuses a browser page on another origin', async () => {
    const get = await http(`${server.url}/mcp`);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const foreign = await http(`${server.url}/mcp`, { method: 'POST', headers: { origin: `http://abcdefghijklmn.localhost:${server.port}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(foreign.status).toBe(403);
    expect(foreign.json<{ error: { code: string } }>().error.code).toBe('origin_not_allowed');
  });
});

describe('remote MCP with REQUIRE_API_KEY=true (node)', () => {
  const ADMIN = 'admin-token-for-mcp-remote-test';
  let server: RunningServer;
  beforeAll(async () => { server = await startNodeServer({ env: { ADMIN_TOKEN: ADMIN, REQUIRE_API_KEY: 'true' } }); });
  afterAll(async () => { await server?.stop(); });

  it('demands Authorization: Bearer <key>; with one, publishes, lists and revokes by the key', async () => {
    const anon = await http(`${server.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(anon.status).toBe(401);
    expect(anon.headers['www-authenticate']).toMatch(/^Bearer/);
    await expect(connect(server.url)).rejects.toThrow();
    const created = await http(`${server.url}/api/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"name":"mcp"}' });
    const { key } = created.json<CreatedApiKey>();
    const client = await connect(server.url, key);
    try {
      const info = jsonOf<ShareInfo>(text(await client.callTool({ name: 'share_html', arguments: { html: '<p>keyed</p>' } })));
      const listed = JSON.parse(text(await client.callTool({ name: 'list_shares', arguments: {} }))) as { shares: ShareInfo[] };
      expect(listed.shares.map((s) => s.id)).toContain(info.id);
      expect(text(await client.callTool({ name: 'revoke_share', arguments: { link: info.url } }))).toMatch(/^Revoked/);
      expect((await http(info.url)).status).toBe(410);
    } finally {
      await client.close();
    }
  });
});
