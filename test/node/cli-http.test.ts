import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../../cli/http';
import { networkCode } from '../../cli/api-errors';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { startServer, type RunningServer } from '../helpers/server';

// The CLI's transport (cli/http.ts): node:http instead of fetch, so a run does not load undici.
let slow: Server;
let base: string;
beforeAll(async () => {
  slow = createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/half') { res.writeHead(200, { 'content-type': 'application/json' }); res.write('{"a":'); return; }
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-two': ['a', 'b'] }); res.end(JSON.stringify({ method: req.method, length: req.headers['content-length'], body })); });
  });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
});
afterAll(() => { slow.closeAllConnections(); slow.close(); });

describe('send (cli/http.ts)', () => {
  it('sends the body with its length and reads status, headers and text', async () => {
    const res = await send(`${base}/x`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]), signal: AbortSignal.timeout(5000) });
    expect([res.status, res.statusText, res.ok]).toEqual([201, 'Made', true]);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-two')).toBe('a, b');
    expect(res.headers.get('x-none')).toBeNull();
    expect(JSON.parse(await res.text())).toEqual({ method: 'PUT', length: '3', body: '\u0001\u0002\u0003' });
  });

  it('rejects with the abort reason when no answer comes, and when the body stops half-way', async () => {
    const reason = new Error('time is up');
    const c1 = new AbortController();
    setTimeout(() => c1.abort(reason), 100);
    await expect(send(`${base}/hang`, { method: 'GET', headers: {}, signal: c1.signal })).rejects.toBe(reason);
    const c2 = new AbortController();
    const res = await send(`${base}/half`, { method: 'GET', headers: {}, signal: c2.signal });
    setTimeout(() => c2.abort(reason), 100);
    await expect(res.text()).rejects.toBe(reason);
  });

  it('a refused connection carries its code for the CLI\'s message', async () => {
    const err = await send('http://127.0.0.1:9/', { method: 'GET', headers: {}, signal: AbortSignal.timeout(5000) }).catch((e) => e);
    expect(networkCode(err)).toBe('ECONNREFUSED');
  });
});

describe('share <file> does not load fetch', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startServer(); });
  afterAll(async () => { await server?.stop(); });

  it('publishes with the global fetch removed', async () => {
    const dir = scratch({ 'page.html': '<!doctype html><title>No fetch</title><p>hi' });
    const preload = join(dir, 'no-fetch.mjs');
    writeFileSync(preload, 'globalThis.fetch = () => { throw new Error("fetch was used"); };\n');
    const res = await runCli([join(dir, 'page.html')], { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome(), NODE_OPTIONS: `--import ${preload}` });
    expect(res.stderr).not.toContain('fetch was used');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/\n$/);
  });
});
