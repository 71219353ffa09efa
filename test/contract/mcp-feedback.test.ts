import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackComment, ShareFeedback, ShareInfo } from '../../core/api-types';
import type { RunningServer } from '../helpers/server';
import { text } from '../helpers/mcp';
import { http, RUNTIMES } from './client';

const jsonOf = <T>(t: string) => JSON.parse(t.slice(t.indexOf('\n{') + 1)) as T;

/** The remote tools of issue 16 through the SDK's own client: feedback on at publish, then read, reply, resolve. */
describe.each(RUNTIMES)('remote MCP feedback tools on $name', ({ start }) => {
  let server: RunningServer;
  let client: Client;
  beforeAll(async () => {
    server = await start();
    client = new Client({ name: 'share-feedback-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  });
  afterAll(async () => { await client?.close(); await server?.stop(); });

  it('share_html with feedback; a viewer comments; get_feedback lists it; reply_to_comment and resolve_comment answer in their own terms', async () => {
    const published = await client.callTool({ name: 'share_html', arguments: { html: '<!doctype html><html><head></head><body><button id="buy">Buy</button></body></html>', feedback: true } });
    expect(published.isError, text(published)).toBeFalsy();
    const info = jsonOf<ShareInfo>(text(published));
    expect(info).toMatchObject({ feedback: true, live: true });
    const ownerToken = /Owner token[^:]*: (\S+)/.exec(text(published))![1];
    expect((await http(info.url)).body.toString()).toContain('<head><script src="/__share/feedback.js?m=feedback');

    const origin = info.url.replace(/\/$/, '');
    const posted = await http(`${origin}/__share/comments`, { method: 'POST', headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ page: '/', anchor: { selector: '#buy', text: 'Buy', x: 0.1, y: 0.1 }, text: 'Make it green', name: 'Ana' }) });
    expect(posted.status).toBe(201);
    const commentId = posted.json<FeedbackComment>().id;

    const read = await client.callTool({ name: 'get_feedback', arguments: { link: info.url, ownerToken } });
    expect(read.isError, text(read)).toBeFalsy();
    expect(text(read).split('\n')[0]).toBe(`Feedback for ${info.url}: 0 error group(s), 0 missing file(s), 1 open comment(s) of 1.`);
    expect(text(read)).toContain(`comment ${commentId} on / (#buy) by Ana: Make it green`);
    expect(jsonOf<ShareFeedback>(text(read)).comments).toMatchObject([{ id: commentId, text: 'Make it green', resolved: false }]);

    const replied = await client.callTool({ name: 'reply_to_comment', arguments: { link: info.url, commentId, text: 'Done in the next version', ownerToken } });
    expect(text(replied).split('\n')[0]).toBe(`Replied to comment ${commentId} on ${info.url}; it now has 1 reply.`);
    const resolved = await client.callTool({ name: 'resolve_comment', arguments: { link: info.url, commentId, ownerToken } });
    expect(text(resolved).split('\n')[0]).toBe(`Resolved comment ${commentId} on ${info.url}.`);
    expect(jsonOf<FeedbackComment>(text(resolved))).toMatchObject({ resolved: true, replies: [{ text: 'Done in the next version', byOwner: true }] });

    const stranger = await client.callTool({ name: 'resolve_comment', arguments: { link: info.url, commentId } });
    expect(stranger.isError).toBe(true);
    const missing = await client.callTool({ name: 'reply_to_comment', arguments: { link: info.url, commentId: 'nope', text: 'x', ownerToken } });
    expect(text(missing)).toMatch(/No comment with that id on this link\. \(not_found\)/);

    // update_share keeps feedback when it leaves it out, and turns it off when told.
    const kept = await client.callTool({ name: 'update_share', arguments: { link: info.url, ownerToken, html: '<p>v2</p>' } });
    expect(jsonOf<ShareInfo>(text(kept))).toMatchObject({ version: 2, feedback: true });
    const off = await client.callTool({ name: 'update_share', arguments: { link: info.url, ownerToken, html: '<p>v3</p>', feedback: false } });
    expect(jsonOf<ShareInfo>(text(off))).toMatchObject({ version: 3, feedback: false, live: false });
    expect((await http(info.url)).body.toString()).toBe('<p>v3</p>');
  });
});
