import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ShareInfo, ShareStats } from '../../core/api-types';
import { createApp } from '../../app/app';
import type { Deps } from '../../app/deps';
import { depsFromEnv, type Env } from '../../worker/index';
import { runCleanup } from '../../app/jobs/cleanup';
import { silentLogger } from '../../app/lib/log';
import { utcDay } from '../../app/lib/view-filter';
import { createViewRecorder, type ViewEvent, type ViewRecorder } from '../../app/services/views';
import { workerFetch } from '../../worker/wait-until';
import { publish } from './helpers';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

function appWith(overrides: Partial<Deps> = {}) {
  const base = depsFromEnv(env as unknown as Env);
  const deps: Deps = { ...base, log: silentLogger, ...overrides };
  return { deps, app: createApp(deps) };
}

/** A request as the Worker entry receives it, with an execution context whose waitUntil work we can wait on. */
async function hit(app: ReturnType<typeof createApp>, url: string, headers: Record<string, string> = {}, method = 'GET') {
  const ctx = createExecutionContext();
  const res = await workerFetch(app)(new Request(url, { method, headers: { 'user-agent': BROWSER, ...headers } }), env, ctx);
  const body = await res.text();
  return { res, body, ctx };
}

async function stats(app: ReturnType<typeof createApp>, id: string, token: string): Promise<ShareStats> {
  const res = await app.request(`http://localhost:8787/api/shares/${id}/stats`, { headers: { authorization: `Bearer ${token}` } }, env);
  expect(res.status).toBe(200);
  return res.json();
}

describe('view stats', () => {
  it('N page views by people give N views; assets, 304s, bots and prefetches do not count', async () => {
    const { id, token } = await publish({ 'index.html': `<p>${crypto.randomUUID()}</p>`, 'about.html': '<p>about</p>', 'site.css': 'p{}' });
    const { app } = appWith();
    const host = `http://${id}.localhost:8787`;
    const ctxs: ExecutionContext[] = [];
    const views: [string, Record<string, string>][] = [
      ['/', { 'cf-connecting-ip': '198.51.100.1', referer: 'https://news.example.com/item?id=42&secret=x' }],
      ['/', { 'cf-connecting-ip': '198.51.100.1', referer: 'https://NEWS.example.com/other' }],
      ['/about.html', { 'cf-connecting-ip': '198.51.100.2', referer: 'https://mail.example.org/' }],
      ['/', { 'cf-connecting-ip': '198.51.100.3' }],
      ['/about.html', { 'cf-connecting-ip': '198.51.100.3', 'user-agent': 'Mozilla/5.0 (Macintosh) Firefox/130.0', referer: `${host}/` }],
    ];
    let etag = '';
    for (const [path, headers] of views) {
      const { res, ctx } = await hit(app, `${host}${path}`, headers);
      expect(res.status).toBe(200);
      etag = res.headers.get('etag')!;
      ctxs.push(ctx);
    }
    const ignored: [string, Record<string, string>][] = [
      ['/site.css', { 'cf-connecting-ip': '198.51.100.9' }],
      ['/about.html', { 'if-none-match': etag }],
      ['/', { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' }],
      ['/', { 'user-agent': 'curl/8.5.0' }],
      ['/', { 'user-agent': 'facebookexternalhit/1.1' }],
      ['/', { 'sec-purpose': 'prefetch' }],
      ['/', { purpose: 'prefetch' }],
      ['/nope', {}],
    ];
    for (const [path, headers] of ignored) ctxs.push((await hit(app, `${host}${path}`, headers)).ctx);
    ctxs.push((await hit(app, `${host}/`, {}, 'HEAD')).ctx);
    for (const ctx of ctxs) await waitOnExecutionContext(ctx);

    const s = await stats(app, id, token);
    expect(s.views).toBe(5);
    const today = s.days.at(-1)!;
    expect(s.days).toHaveLength(30);
    expect(today).toEqual({ day: utcDay(Date.now()), views: 5, uniqueVisitors: 4 });
    expect(s.topReferrers).toEqual([{ host: 'news.example.com', views: 2 }, { host: 'mail.example.org', views: 1 }]);
    expect(Date.now() - Date.parse(s.lastViewedAt!)).toBeLessThan(60_000);
    const info = (await (await app.request(`http://localhost:8787/api/shares/${id}`, { headers: { authorization: `Bearer ${token}` } }, env)).json()) as ShareInfo;
    expect(info.views).toBe(5);
    expect(info.lastViewedAt).toBe(s.lastViewedAt);
    // Nothing of the visitor is stored as given: no IP and no full referrer URL in any stats row.
    const dump = JSON.stringify(await env.DB.prepare('select * from view_visitors where share_id = ? union all select share_id, host, views from view_referrers where share_id = ?').bind(id, id).all());
    expect(dump).not.toContain('198.51.100');
    expect(dump).not.toContain('item?id');
  });

  it('stats need the owner token', async () => {
    const { id } = await publish({ 'index.html': `<p>${crypto.randomUUID()}</p>` });
    const { app } = appWith();
    expect((await app.request(`http://localhost:8787/api/shares/${id}/stats`, {}, env)).status).toBe(401);
    expect((await app.request(`http://localhost:8787/api/shares/${id}/stats`, { headers: { authorization: 'Bearer nope' } }, env)).status).toBe(403);
  });

  it('the page answers without waiting for the stats write, which is handed to waitUntil', async () => {
    const { id } = await publish({ 'index.html': `<p>${crypto.randomUUID()}</p>` });
    const recorded: ViewEvent[] = [];
    let written = false;
    const never: ViewRecorder = {
      record(event) { recorded.push(event); return new Promise<void>(() => {}).then(() => { written = true; }); },
      flush: async () => {},
    };
    const { app } = appWith({ views: never });
    const handedOver: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void handedOver.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const res = await workerFetch(app)(new Request(`http://${id}.localhost:8787/`, { headers: { 'user-agent': BROWSER } }), env, ctx);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<p>');
    expect(recorded).toHaveLength(1);
    expect(written).toBe(false);
    expect(handedOver).toHaveLength(1);
    // A request that did not come through the Worker entry has no execution context: the page answers too, with the write still pending.
    const bare = await app.request(`http://${id}.localhost:8787/`, { headers: { 'user-agent': BROWSER } }, env);
    expect(bare.status).toBe(200);
    expect(recorded).toHaveLength(2);
    expect(written).toBe(false);
  });

  it('batches the views of many requests into one write', async () => {
    const { id, token } = await publish({ 'index.html': `<p>${crypto.randomUUID()}</p>` });
    const base = depsFromEnv(env as unknown as Env);
    let commits = 0;
    const db = { ...base.db, commit: (s: Parameters<typeof base.db.commit>[0]) => { commits++; return base.db.commit(s); } };
    const views = createViewRecorder({ db, secret: async () => 'test-secret', log: silentLogger, delayMs: 60_000 });
    const { app } = appWith({ views });
    for (let i = 0; i < 7; i++) await hit(app, `http://${id}.localhost:8787/`, { 'cf-connecting-ip': `203.0.113.${i}` });
    expect(commits).toBe(0);
    await views.flush();
    expect(commits).toBe(1);
    expect((await stats(app, id, token)).days.at(-1)).toMatchObject({ views: 7, uniqueVisitors: 7 });
  });

  it('cleanup deletes visitor hashes older than two days and keeps the daily counts', async () => {
    const { id, token } = await publish({ 'index.html': `<p>${crypto.randomUUID()}</p>` });
    const threeDaysAgo = Date.now() - 3 * 86_400_000;
    const { app, deps } = appWith({ clock: { now: () => threeDaysAgo } });
    await hit(app, `http://${id}.localhost:8787/`, { 'cf-connecting-ip': '192.0.2.7' });
    await hit(app, `http://${id}.localhost:8787/`, { 'cf-connecting-ip': '192.0.2.8' });
    const { viewsOf } = await import('../../app/services/views');
    await viewsOf(deps).flush();
    const count = async () => (await env.DB.prepare('select count(*) as n from view_visitors where share_id = ?').bind(id).first<{ n: number }>())!.n;
    expect(await count()).toBe(2);
    const report = await runCleanup({ ...depsFromEnv(env as unknown as Env), log: silentLogger });
    expect(report.visitorRows).toBeGreaterThanOrEqual(2);
    expect(await count()).toBe(0);
    const day = (await stats(appWith().app, id, token)).days.find((d) => d.day === utcDay(threeDaysAgo));
    expect(day).toEqual({ day: utcDay(threeDaysAgo), views: 2, uniqueVisitors: 2 });
  });
});
