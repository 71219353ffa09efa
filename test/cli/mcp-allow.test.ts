import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareInfo, ViewerStatus } from '../../core/api-types';
import { http } from '../contract/client';
import { tempConfigHome } from '../helpers/cli';
import { codeFromLog, type ReadCode } from '../helpers/mail-codes';
import { text } from '../helpers/mcp';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';
import { ROOT } from '../helpers/server';

/** The allowlist through both MCP servers (the SDK's own clients): `share mcp` on stdio and the remote `/mcp`. */
let server: RunningNodeServer;
let local: Client;
let remote: Client;
let readCode: ReadCode;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const jsonOf = <T>(t: string) => JSON.parse(t.slice(t.indexOf('{'))) as T;

async function open(url: string, address: string) {
  await http(url, { method: 'POST', headers: FORM, body: `email=${encodeURIComponent(address)}` });
  const code = await readCode(address);
  expect((await http(url, { method: 'POST', headers: FORM, body: `email=${encodeURIComponent(address)}&code=${code}` })).status).toBe(303);
}

beforeAll(async () => {
  server = await startNodeServer();
  readCode = codeFromLog(() => server.output());
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  local = new Client({ name: 'share-test', version: '1.0.0' });
  await local.connect(new StdioClientTransport({
    command: process.execPath, args: [join(ROOT, 'cli', 'bin', 'share.mjs'), 'mcp'],
    env: { ...env, SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome(), NO_COLOR: '1' }, stderr: 'pipe',
  }));
  remote = new Client({ name: 'share-remote-test', version: '1.0.0' });
  await remote.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
});
afterAll(async () => {
  await local?.close();
  await remote?.close();
  await server?.stop();
});

describe('allowlists through MCP', () => {
  it('share mcp: share_html takes allow; get_share shows who opened it', async () => {
    const res = await local.callTool({ name: 'share_html', arguments: { html: '<!doctype html><title>Plan</title><p>plan</p>', allow: ['amy@acme.example', '*@team.example'] } });
    expect(res.isError, text(res)).toBeFalsy();
    expect(text(res)).toContain('only amy@acme.example and *@team.example may open it');
    const url = text(res).split('\n')[0];
    expect((await http(url)).status).toBe(401);
    await open(url, 'amy@acme.example');
    const state = await local.callTool({ name: 'get_share', arguments: { link: url } });
    expect(state.isError, text(state)).toBeFalsy();
    const info = JSON.parse(text(state)) as ShareInfo & { viewers: ViewerStatus[] };
    expect(info.allow).toEqual(['amy@acme.example', '*@team.example']);
    expect(info.viewers.map((v) => [v.entry, v.address, v.status])).toEqual([['amy@acme.example', 'amy@acme.example', 'opened'], ['*@team.example', null, 'invited']]);
    const bad = await local.callTool({ name: 'share_html', arguments: { html: '<p>x</p>', allow: ['nope'] } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('nope is not an email address');
  });

  it('remote /mcp: share_html takes allow, get_share shows viewers, update_share with allow null opens the link', async () => {
    const res = await remote.callTool({ name: 'share_html', arguments: { html: '<!doctype html><p>remote plan</p>', allow: ['rae@acme.example'] } });
    expect(res.isError, text(res)).toBeFalsy();
    const out = text(res);
    const url = out.split('\n')[0];
    const token = /Owner token[^:]*: (\S+)/.exec(out)![1];
    await open(url, 'rae@acme.example');
    const state = jsonOf<ShareInfo & { viewers: ViewerStatus[] }>(text(await remote.callTool({ name: 'get_share', arguments: { link: url, ownerToken: token } })));
    expect(state.viewers[0]).toMatchObject({ address: 'rae@acme.example', status: 'opened' });
    const updated = await remote.callTool({ name: 'update_share', arguments: { link: url, ownerToken: token, html: '<!doctype html><p>remote plan</p>', allow: null } });
    expect(updated.isError, text(updated)).toBeFalsy();
    expect((await http(url)).status).toBe(200);
  });
});
