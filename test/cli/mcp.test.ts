import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempConfigHome } from '../helpers/cli';
import { getUrl, ROOT, startServer, type RunningServer } from '../helpers/server';

/** `share mcp` driven by the SDK's own client over stdio, as Claude Desktop runs it. */
let server: RunningServer;
let client: Client;

type TextResult = { content: { type: string; text: string }[]; isError?: boolean };
const text = (r: unknown) => (r as TextResult).content.map((c) => c.text).join('\n');

beforeAll(async () => {
  server = await startServer();
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(ROOT, 'cli', 'bin', 'share.mjs'), 'mcp'],
    env: { ...env, SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome(), NO_COLOR: '1' },
    stderr: 'pipe',
  });
  client = new Client({ name: 'share-test', version: '1.0.0' });
  await client.connect(transport);
});
afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('share mcp', () => {
  it('lists the eight tools, each with a description and a JSON schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_feedback', 'get_share', 'list_shares', 'reply_to_comment', 'resolve_comment', 'revoke_share', 'share_html', 'share_path']);
    for (const t of tools) {
      expect(t.description!.length, t.name).toBeGreaterThan(40);
      expect(t.inputSchema.type).toBe('object');
    }
    const html = tools.find((t) => t.name === 'share_html')!;
    expect(html.inputSchema.required).toEqual(['html']);
    expect(Object.keys(html.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['html', 'name']));
    expect(tools.find((t) => t.name === 'share_path')!.inputSchema.required).toEqual(['path']);
  });

  it('share_html publishes a page, the same name updates it, revoke_share makes it 410', async () => {
    const name = `demo-${Date.now()}`;
    const first = await client.callTool({ name: 'share_html', arguments: { html: '<!doctype html><h1>from mcp</h1>', name } });
    expect(first.isError).toBeFalsy();
    const url = text(first).split('\n')[0];
    expect(url).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/$/);
    expect(text(first)).toContain('Published a new link');
    const page = await getUrl(url);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe('<!doctype html><h1>from mcp</h1>');

    const second = await client.callTool({ name: 'share_html', arguments: { html: '<h1>v2</h1>', name } });
    expect(text(second).split('\n')[0]).toBe(url);
    expect(text(second)).toContain('Updated the existing link (version 2)');
    expect((await getUrl(url)).body.toString()).toBe('<h1>v2</h1>');

    const listed = JSON.parse(text(await client.callTool({ name: 'list_shares', arguments: {} }))) as { url: string; state: string; ownerToken?: string }[];
    expect(listed.find((s) => s.url === url)?.state).toBe('live');
    expect(JSON.stringify(listed)).not.toContain('ownerToken');

    const revoked = await client.callTool({ name: 'revoke_share', arguments: { link: url } });
    expect(revoked.isError).toBeFalsy();
    expect(text(revoked)).toContain('410');
    expect((await getUrl(url)).status).toBe(410);
  });

  it('share_path shares a folder from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-mcp-'));
    writeFileSync(join(dir, 'index.html'), '<link rel=stylesheet href=s.css><p>folder</p>');
    writeFileSync(join(dir, 's.css'), 'p{}');
    const res = await client.callTool({ name: 'share_path', arguments: { path: dir } });
    expect(res.isError).toBeFalsy();
    const url = text(res).split('\n')[0];
    expect((await getUrl(`${url}s.css`)).body.toString()).toBe('p{}');
  });

  it('returns failures as tool errors and keeps running', async () => {
    const missing = await client.callTool({ name: 'share_path', arguments: { path: '/no/such/page.html' } });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('no such file or folder');

    const secret = await client.callTool({ name: 'share_html', arguments: { html: `<script>k="${'AKIA'}IOSFODNN7EXAMPLE"</script>` } });
    expect(secret.isError).toBe(true);
    expect(text(secret)).toContain('AWS access key id (AKIA…MPLE)');

    const unknown = await client.callTool({ name: 'revoke_share', arguments: { link: 'zzzzzzzzzzzzzz' } });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('unknown link');

    const bad = await client.callTool({ name: 'share_path', arguments: {} });
    expect(bad.isError).toBe(true);

    expect((await client.listTools()).tools).toHaveLength(8);
  });
});
