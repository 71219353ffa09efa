import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addErrorStatements, errorGroupsOf } from '../../app/db/feedback';
import { depsFromEnv, type Env } from '../../worker/index';
import { publish, visit } from './helpers';
import { feedbackApp, origin } from './feedback-helpers';

const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0';
const report = (events: unknown[], page = '/') => ({ page, events });
const boom = { kind: 'error', message: 'Uncaught TypeError: x is undefined', source: 'http://x/app.js:3:7' };

describe('viewers\' error reports (POST /__share/errors)', () => {
  it('groups by kind, message, source and page with counts, first/last seen and browser families; keeps no IP', async () => {
    const { id, token } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const { post, feedback } = feedbackApp();
    expect((await post(id, '/__share/errors', report([boom, boom, { kind: 'resource', message: 'failed to load', source: 'http://127.0.0.1:9/x.js' }]))).res.status).toBe(204);
    expect((await post(id, '/__share/errors', report([boom]), { 'user-agent': FIREFOX_MAC })).res.status).toBe(204);
    await post(id, '/__share/errors', report([boom], '/other.html'));
    await post(id, '/__share/errors', report([{ kind: 'csp', message: 'script-src', source: 'https://cdn.example/x.js' }, { kind: 'nonsense', message: 'x' }, 'junk']));
    const f = await feedback(id, token);
    const byKey = Object.fromEntries(f.errors.map((e) => [`${e.kind} ${e.page} ${e.source}`, e]));
    expect(f.errors).toHaveLength(4);
    expect(byKey['error / http://x/app.js:3:7']).toMatchObject({ message: boom.message, count: 3, browsers: ['Chrome / Linux', 'Firefox / macOS'] });
    expect(byKey['resource / http://127.0.0.1:9/x.js']).toMatchObject({ count: 1, message: 'failed to load' });
    expect(byKey['error /other.html http://x/app.js:3:7'].count).toBe(1);
    expect(byKey['csp / https://cdn.example/x.js'].count).toBe(1);
    expect(JSON.stringify(f)).not.toContain('198.51.100.20');
  });

  it('refuses writes from another share\'s page, from no page at all, and cross-site', async () => {
    const { id, token } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const other = await publish({ 'index.html': '<p>other</p>' }, { feedback: true });
    const { post, feedback } = feedbackApp();
    const attempts: Record<string, string>[] = [
      { origin: origin(other.id), 'sec-fetch-site': 'same-site' },
      { origin: origin(other.id), 'sec-fetch-site': 'same-origin' },
      { origin: origin(id), 'sec-fetch-site': 'same-site' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const { res, text } = await post(id, '/__share/errors', report([boom]), headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(text).error.code).toBe('foreign_origin');
    }
    // No Origin at all: not a browser page.
    expect((await visit(id, '/__share/errors', { method: 'POST', body: JSON.stringify(report([boom])) })).status).toBe(403);
    expect((await feedback(id, token)).errors).toEqual([]);
  });

  it('is bounded: 413 past 16 KiB, 400 for a non-object, 404 on a link without feedback', async () => {
    const { id } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const off = await publish({ 'index.html': '<p>x</p>' }, { live: true });
    const { post } = feedbackApp();
    expect((await post(id, '/__share/errors', { page: '/', events: [{ kind: 'error', message: 'x'.repeat(17 * 1024) }] })).res.status).toBe(413);
    expect((await post(id, '/__share/errors', [1, 2])).res.status).toBe(400);
    expect((await post(id, '/__share/errors', { page: 'nope', events: [] })).res.status).toBe(400);
    const res = await post(off.id, '/__share/errors', report([boom]));
    expect(res.res.status).toBe(404);
    expect(JSON.parse(res.text).error.code).toBe('feedback_off');
  });

  it('is rate-limited per client IP and per link (429 with Retry-After)', async () => {
    const { id } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const perIp = feedbackApp({ rateLimits: { ...feedbackApp().deps.config.rateLimits, feedbackPerIp: 2 } });
    const ip = { 'cf-connecting-ip': '203.0.113.77' };
    expect((await perIp.post(id, '/__share/errors', report([boom]), ip)).res.status).toBe(204);
    expect((await perIp.post(id, '/__share/errors', report([boom]), ip)).res.status).toBe(204);
    const third = await perIp.post(id, '/__share/errors', report([boom]), ip);
    expect(third.res.status).toBe(429);
    expect(third.res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await perIp.post(id, '/__share/errors', report([boom]), { 'cf-connecting-ip': '203.0.113.78' })).res.status).toBe(204);

    const link = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const perLink = feedbackApp({ rateLimits: { ...feedbackApp().deps.config.rateLimits, feedbackPerShare: 2 } });
    for (const n of [1, 2]) expect((await perLink.post(link.id, '/__share/errors', report([boom]), { 'cf-connecting-ip': `203.0.113.${n}` })).res.status).toBe(204);
    expect((await perLink.post(link.id, '/__share/errors', report([boom]), { 'cf-connecting-ip': '203.0.113.3' })).res.status).toBe(429);
  });

  it('at the group cap new kinds are dropped and known groups keep counting; at most 20 events of a report count', async () => {
    const { id, token } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const { db } = depsFromEnv(env as unknown as Env);
    const group = (key: string) => ({ shareId: id, groupKey: key, kind: 'error' as const, message: key, source: null, page: '/', count: 1, at: 5, browser: 'Chrome / Linux' });
    await db.commit(addErrorStatements(db, [group('a'), group('b')], 2));
    await db.commit(addErrorStatements(db, [group('c'), { ...group('a'), browser: 'Safari / iOS' }], 2));
    const rows = await errorGroupsOf(db, id, 10);
    expect(rows.map((r) => [r.groupKey, r.count, r.browsers]).sort()).toEqual([['a', 2, 'Chrome / Linux\nSafari / iOS'], ['b', 1, 'Chrome / Linux']]);
    const { post, feedback } = feedbackApp();
    await post(id, '/__share/errors', report(Array.from({ length: 30 }, () => boom)));
    expect((await feedback(id, token)).errors.find((e) => e.message === boom.message)?.count).toBe(20);
  });

  it('a password-protected link needs the unlock cookie for its endpoints', async () => {
    const { id } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true, password: 'correct horse' });
    const { post, send } = feedbackApp();
    const locked = await post(id, '/__share/errors', report([boom]));
    expect(locked.res.status).toBe(401);
    expect(JSON.parse(locked.text).error.code).toBe('locked');
    expect((await send(`${origin(id)}/__share/live`)).res.status).toBe(401);
    expect((await send(`${origin(id)}/__share/feedback.js`)).res.status).toBe(401);
    const unlock = await send(`${origin(id)}/`, { method: 'POST', body: new URLSearchParams({ password: 'correct horse' }), headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    const cookie = unlock.res.headers.get('set-cookie')!.split(';')[0];
    expect((await post(id, '/__share/errors', report([boom]), { cookie })).res.status).toBe(204);
    const live = await send(`${origin(id)}/__share/live`, { headers: { cookie } });
    expect(live.res.status).toBe(200);
    expect(live.res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});
