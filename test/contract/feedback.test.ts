import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareFeedback } from '../../core/api-types';
import type { RunningServer } from '../helpers/server';
import { apiClient, enc, http, manifestOf, RUNTIMES, sha256 } from './client';

const PAGE = '<!doctype html><html><head><title>p</title></head><body><img src="img/logo.png"></body></html>';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

/** Issue 16's serving changes, held on both runtimes over real HTTP (the Node server's serving memo and memory cache included). */
describe.each(RUNTIMES)('viewer feedback on $name', ({ start }) => {
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => { server = await start(); api = apiClient(server.url); });
  afterAll(async () => { await server?.stop(); });
  const at = (share: { url: string }, path: string) => `${share.url.replace(/\/$/, '')}${path}`;

  it('an opt-out page is byte-exact; turning feedback on injects the tag, off again serves the stored bytes', async () => {
    const share = await api.publish({ 'index.html': PAGE });
    const plain = await http(at(share, '/'));
    expect(plain.body.equals(Buffer.from(PAGE))).toBe(true);
    expect(plain.headers.etag).toBe(`"${sha256(enc.encode(PAGE))}"`);

    const { files } = manifestOf({ 'index.html': PAGE });
    const on = await api.call(`/api/shares/${share.id}/versions`, { json: { files, feedback: true }, token: share.token });
    expect(on.status).toBe(201);
    await api.call(on.json<{ finalizePath: string }>().finalizePath, { method: 'POST', token: share.token });
    const injected = await http(at(share, '/'));
    const text = injected.body.toString();
    expect(text).toMatch(/^<!doctype html><html><head><script src="\/__share\/feedback\.js\?m=feedback&amp;v=1&amp;s=[0-9a-f]{12}"><\/script><title>/);
    expect(text.replace(/<script src="\/__share\/[^>]+><\/script>/, '')).toBe(PAGE);
    // wrangler dev re-sends every HTML page chunked (its own HTML rewriting), plain pages too; Node
    // and workerd itself (test/workerd/feedback-inject.test.ts) send the injected length.
    if (!injected.headers['transfer-encoding']) expect(Number(injected.headers['content-length'])).toBe(injected.body.byteLength);
    expect(injected.headers.etag).not.toBe(plain.headers.etag);
    expect((await http(at(share, '/'), { method: 'HEAD' })).headers['content-length']).toBe(String(injected.body.byteLength));
    expect((await http(at(share, '/'), { headers: { 'if-none-match': String(injected.headers.etag) } })).status).toBe(304);

    const off = await api.call(`/api/shares/${share.id}/versions`, { json: { files, feedback: false }, token: share.token });
    await api.call(off.json<{ finalizePath: string }>().finalizePath, { method: 'POST', token: share.token });
    expect((await http(at(share, '/'))).body.equals(Buffer.from(PAGE))).toBe(true);
  });

  it('counts missing files, takes error reports from its own pages only, answers the live poll', async () => {
    const share = await api.publish({ 'index.html': PAGE }, { feedback: true });
    const other = await api.publish({ 'index.html': PAGE }, { feedback: true });
    for (let i = 0; i < 2; i++) expect((await http(at(share, '/img/logo.png'), { headers: { 'user-agent': UA } })).status).toBe(404);
    const origin = share.url.replace(/\/$/, '');
    const report = JSON.stringify({ page: '/', events: [{ kind: 'error', message: 'boom', source: `${origin}/app.js:1:1` }] });
    const own = await http(at(share, '/__share/errors'), { method: 'POST', body: report, headers: { origin, 'sec-fetch-site': 'same-origin', 'user-agent': UA, 'content-type': 'application/json' } });
    expect(own.status).toBe(204);
    const foreign = await http(at(share, '/__share/errors'), { method: 'POST', body: report, headers: { origin: other.url.replace(/\/$/, ''), 'sec-fetch-site': 'same-site', 'content-type': 'application/json' } });
    expect(foreign.status).toBe(403);

    const live = await http(at(share, '/__share/live'));
    expect(live.json()).toEqual({ version: 1 });
    expect((await http(at(share, '/__share/live'), { headers: { 'if-none-match': String(live.headers.etag) } })).status).toBe(304);

    let feedback: ShareFeedback | undefined;
    for (let i = 0; i < 50 && !feedback?.missing.length; i++) {
      await new Promise((r) => setTimeout(r, 200));
      feedback = (await api.call(`/api/shares/${share.id}/feedback`, { token: share.token })).json<ShareFeedback>();
    }
    expect(feedback!.missing).toMatchObject([{ path: '/img/logo.png', count: 2 }]);
    expect(feedback!.errors).toMatchObject([{ kind: 'error', message: 'boom', count: 1, browsers: ['Chrome / Linux'] }]);
  });
});
