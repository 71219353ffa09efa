import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempConfigHome } from '../helpers/cli';
import { startMcp, text, type McpSession } from '../helpers/mcp';
import { startProxy, until, type TestProxy } from '../helpers/proxy';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

/**
 * Issue 20 over MCP, what the tools report: a cancel stops a publish before finalize and never
 * hides one after it, calls are bounded, a proxy's refusal is named as such, and a link that went
 * live is a success even when something local failed afterwards. The server runs behind a proxy
 * each test gives a rule.
 */
let server: RunningServer;
let proxy: TestProxy;
let mcp: McpSession;
let cfg: string;
const logs: string[] = [];

beforeAll(async () => {
  server = await startServer({ vars: { RATE_LIMIT_PUBLISHES: '100000' } });
  proxy = await startProxy(server.url);
  cfg = tempConfigHome();
  mcp = await startMcp({ SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: cfg });
  mcp.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(String(n.params.data)); });
});
afterAll(async () => {
  await mcp?.close();
  await proxy?.close();
  await server?.stop();
});

const shareHtml = (html: string, options?: { signal?: AbortSignal }) => mcp.client.callTool({ name: 'share_html', arguments: { html } }, undefined, options);
/** A page over 1 MiB: its first publish takes the three steps (manifest, upload, finalize), not one request (cli/publish-once.ts). */
const big = (html: string) => `${html}<!-- ${'x'.repeat(1024 * 1024)} -->`;
/** The one-request publish: `POST /api/shares?…` with a zip (the three steps' first request has no query). */
const isZipPublish = (method: string, path: string) => method === 'POST' && path.startsWith('/api/shares?');

describe('cancellation', () => {
  it('a cancel while uploading aborts the publish: no finalize, the upload dropped, no link', async () => {
    proxy.requests.length = 0;
    const cancel = new AbortController();
    // The client cancels (notifications/cancelled) as soon as the upload is under way.
    proxy.rule = (method) => {
      if (method !== 'PUT') return 'forward';
      setTimeout(() => cancel.abort(), 100);
      return 'hang';
    };
    try {
      await expect(shareHtml(big(`<p>cancelled ${Date.now()}</p>`), { signal: cancel.signal })).rejects.toThrow();
      await until(() => proxy.requests.some((r) => r.method === 'PUT' && r.aborted), 10_000, 'the upload to be aborted');
      await new Promise((r) => setTimeout(r, 1500));
      expect(proxy.requests.some((r) => r.path.endsWith('/finalize'))).toBe(false);
    } finally {
      proxy.rule = () => 'forward';
    }
    const shares = JSON.parse(text(await mcp.client.callTool({ name: 'list_shares', arguments: {} }))) as unknown[];
    expect(shares).toHaveLength(0);
  });

  // The request that makes the link live: finalize in three steps, the zip POST of a one-request publish.
  it.each([
    ['finalize', big('<p>live after cancel</p>'), (method: string, path: string) => method === 'POST' && path.endsWith('/finalize')],
    ['the one request', '<p>live after cancel, one request</p>', isZipPublish],
  ])('a cancel during %s: the link went live, so it is reported as a log message and in the next result', async (_name, html, live) => {
    proxy.requests.length = 0;
    logs.length = 0;
    const cancel = new AbortController();
    // The request reaches the server at once; its answer is held while the client cancels.
    proxy.rule = (method, path) => {
      if (!live(method, path)) return 'forward';
      setTimeout(() => cancel.abort(), 100);
      return { holdAnswerMs: 1500 };
    };
    try {
      await expect(shareHtml(html, { signal: cancel.signal })).rejects.toThrow();
    } finally {
      proxy.rule = () => 'forward';
    }
    await until(() => logs.length > 0, 10_000, 'a log notification');
    const url = /(http:\/\/[0-9a-z]{14}\.localhost:\d+\/)/.exec(logs[0])?.[1];
    expect(logs[0]).toContain('cancelled by the client after it had taken effect');
    expect(url).toBeDefined();
    expect((await getUrl(url!)).body.toString()).toBe(html);
    const next = await mcp.client.callTool({ name: 'list_shares', arguments: {} });
    expect(text(next)).toContain(`Note: a share_html call was cancelled by the client after it had taken effect:\n${url}`);
    // Reported once: the note does not repeat.
    expect(text(await mcp.client.callTool({ name: 'list_shares', arguments: {} }))).not.toContain('Note:');
  });

  it('calls are bounded by SHARE_TIMEOUT: a hung server gives a tool error in time, not a client timeout', async () => {
    const quick = await startMcp({ SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: tempConfigHome(), SHARE_TIMEOUT: '2' });
    proxy.rule = () => 'hang';
    try {
      const started = Date.now();
      const res = await quick.client.callTool({ name: 'share_html', arguments: { html: big('<p>slow</p>') } });
      expect(Date.now() - started).toBeLessThan(6000);
      expect(res.isError).toBe(true);
      expect(text(res)).toContain('nothing was published: the share server did not answer within 2 s (set SHARE_TIMEOUT (seconds) in this MCP server\'s configuration to wait longer)');
      expect(text(res)).not.toContain('--timeout');
    } finally {
      proxy.rule = () => 'forward';
      await quick.close();
    }
  });

  it('a hung server once the one request was sent: a tool error after SHARE_TIMEOUT and 5 s for a late answer, saying the link may be live', async () => {
    const quick = await startMcp({ SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: tempConfigHome(), SHARE_TIMEOUT: '2' });
    proxy.rule = () => 'hang';
    try {
      const started = Date.now();
      const res = await quick.client.callTool({ name: 'share_html', arguments: { html: '<p>slow, one request</p>' } });
      expect(Date.now() - started).toBeLessThan(11_000);
      expect(res.isError).toBe(true);
      expect(text(res)).toContain('the server did not confirm the publish (the share server did not answer within 2 s');
      expect(text(res)).toContain('a new link may be live');
      expect(text(res)).not.toContain('nothing was published');
    } finally {
      proxy.rule = () => 'forward';
      await quick.close();
    }
  });

  it('the default bound stays below an MCP client\'s 60 s', async () => {
    expect(mcp.stderr()).toMatch(/calls bounded at 50 s/);
  });
});

describe('answers from in between, and failures after the link went live', () => {
  it('a proxy answering 403 with its own page is named as such, with the host to allowlist', async () => {
    proxy.rule = () => ({ status: 403, type: 'text/html', body: '<html><body><h1>Blocked</h1> by the sandbox egress allowlist</body></html>' });
    try {
      const res = await shareHtml('<p>blocked</p>');
      expect(res.isError).toBe(true);
      const host = new URL(proxy.url).host;
      expect(text(res)).toContain(`the answer did not come from the share server: something between this machine and ${host}`);
      expect(text(res)).toContain('"Blocked by the sandbox egress allowlist"');
      expect(text(res)).toContain(`Allowlist ${host}`);
    } finally {
      proxy.rule = () => 'forward';
    }
  });

  it.each([
    ['finalize', big('<p>token kept</p>'), (method: string, path: string) => method === 'POST' && path.endsWith('/finalize')],
    ['the one request', '<p>token kept, one request</p>', isZipPublish],
  ])('the state file breaks during %s: a success with the link first and the owner token in a warning', async (_name, html, live) => {
    proxy.rule = (method, path) => (live(method, path) ? { before: () => writeFileSync(join(cfg, 'share', 'state.json'), '{') } : 'forward');
    try {
      const res = await shareHtml(html);
      expect(res.isError, text(res)).toBeFalsy();
      const lines = text(res).split('\n');
      const [url] = lines;
      const warning = lines.find((l) => l.startsWith('warning:'));
      expect((await getUrl(url)).status).toBe(200);
      expect(warning).toMatch(/^warning: the link is live, but its owner token could not be saved .*: [\w-]{43,}$/);
    } finally {
      proxy.rule = () => 'forward';
      writeFileSync(join(cfg, 'share', 'state.json'), '{"shares":[]}');
    }
  });

  it('an unwritable state folder: refused before anything is uploaded, saying what to set', async () => {
    const stuck = await startMcp({ SHARE_SERVER: proxy.url, XDG_CONFIG_HOME: '/sys/share-test' });
    proxy.requests.length = 0;
    try {
      const res = await stuck.client.callTool({ name: 'share_html', arguments: { html: '<p>x</p>', name: 'x' } });
      expect(res.isError).toBe(true);
      expect(text(res)).toMatch(/cannot write .*\/sys\/share-test\/share.*nothing was uploaded.*XDG_CONFIG_HOME/);
      expect(proxy.requests).toEqual([]);
    } finally {
      await stuck.close();
    }
  });
});
