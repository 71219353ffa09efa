import { describe, expect, it } from 'vitest';
import type { ShareStats } from '../../core/api-types';
import { api, publish, updateShare } from './helpers';
import { allowApp, settle } from './allow-helpers';

const bundle = { 'index.html': '<p>access</p>', 'app.js': 'console.log(1)' };
const edit = (id: string, token: string, json: unknown) => api(`/api/shares/${id}/allow`, { method: 'POST', token, json });

describe('who keeps access to an allowlisted link', () => {
  it('removing a person ends their access at the next request, even with a valid cookie', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['gone@acme.example', 'stays@acme.example'] });
    const { cookie } = await app.unlock(id, 'gone@acme.example');
    expect((await app.visit(id, '/app.js', { headers: { cookie: cookie! } })).status).toBe(200);
    expect((await edit(id, token, { remove: ['gone@acme.example'] })).status).toBe(200);
    for (const path of ['/', '/app.js']) {
      const res = await app.visit(id, path, { headers: { cookie: cookie! } });
      expect(res.status, path).toBe(401);
      expect(await res.text()).toContain('name="email"');
    }
    // A code asked before the removal is useless after it.
    const stays = await app.unlock(id, 'stays@acme.example');
    expect(stays.res.status).toBe(303);
  });

  it('removing a domain entry ends access for the addresses it let in; an update that drops an entry does too', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['*@partner.example', 'x@acme.example'] });
    const a = await app.unlock(id, 'ann@partner.example');
    expect((await app.visit(id, '/', { headers: { cookie: a.cookie! } })).status).toBe(200);
    await edit(id, token, { remove: ['*@partner.example'] });
    expect((await app.visit(id, '/', { headers: { cookie: a.cookie! } })).status).toBe(401);
    const x = await app.unlock(id, 'x@acme.example');
    await updateShare(id, token, { 'index.html': '<p>v2</p>' }, { allow: ['y@acme.example'] });
    expect((await app.visit(id, '/', { headers: { cookie: x.cookie! } })).status).toBe(401);
  });

  it('adding a person logs nobody out', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['first@acme.example'] });
    const { cookie } = await app.unlock(id, 'first@acme.example');
    expect((await edit(id, token, { add: ['second@acme.example'] })).status).toBe(200);
    expect((await app.visit(id, '/', { headers: { cookie: cookie! } })).status).toBe(200);
  });

  it('a cookie of another share, or a tampered one, is refused', async () => {
    const app = allowApp();
    const a = await publish(bundle, { allow: ['same@acme.example'] });
    const b = await publish({ 'index.html': '<p>b</p>' }, { allow: ['same@acme.example'] });
    const { cookie } = await app.unlock(a.id, 'same@acme.example');
    expect((await app.visit(b.id, '/', { headers: { cookie: cookie! } })).status).toBe(401);
    const [name, value] = cookie!.split('=');
    const decoded = decodeURIComponent(value);
    const forged = `${name}=${encodeURIComponent(decoded.replace('same@acme.example', 'other@acme.example'))}`;
    expect((await app.visit(a.id, '/', { headers: { cookie: forged } })).status).toBe(401);
    expect((await app.visit(a.id, '/', { headers: { cookie: `${name}=x; ${cookie}` } })).status).toBe(200);
  });

  it('with a password too, both are required', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['both@acme.example'], password: 'pw-both' });
    const { cookie } = await app.unlock(id, 'both@acme.example');
    const afterCode = await app.visit(id, '/', { headers: { cookie: cookie! } });
    expect(afterCode.status).toBe(401);
    expect(await afterCode.text()).toContain('name="password"');
    const unlocked = await app.visit(id, '/', { method: 'POST', body: new URLSearchParams({ password: 'pw-both' }), headers: { cookie: cookie!, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unlocked.status).toBe(303);
    const both = `${cookie}; ${unlocked.headers.get('set-cookie')!.split(';')[0]}`;
    expect((await app.visit(id, '/', { headers: { cookie: both } })).status).toBe(200);
    // The password cookie alone opens nothing.
    const pwOnly = unlocked.headers.get('set-cookie')!.split(';')[0];
    expect((await app.visit(id, '/', { headers: { cookie: pwOnly } })).status).toBe(401);
  });

  it('link previews of an allowlisted link are generic', async () => {
    const app = allowApp();
    const { id } = await publish({ 'index.html': '<title>Secret roadmap</title><meta property="og:description" content="Q4 layoffs">' }, { allow: ['p@acme.example'] });
    const res = await app.visit(id, '/', { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('A shared page');
    expect(html).not.toContain('Secret roadmap');
    expect(html).not.toContain('layoffs');
  });

  it('opening marks the person opened, and later visits move "last opened" at most once a minute', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['seen@acme.example', 'unseen@acme.example', '*@team.example'] });
    const { cookie } = await app.unlock(id, 'seen@acme.example');
    const stats = async () => ((await (await api(`/api/shares/${id}/stats`, { token })).json()) as ShareStats).viewers!;
    const first = (await stats())[0];
    expect(first).toMatchObject({ entry: 'seen@acme.example', address: 'seen@acme.example', status: 'opened', failedAttempts: 0 });
    expect(first.firstOpenedAt).toBe(first.lastOpenedAt);
    await app.visit(id, '/', { headers: { cookie: cookie! } });
    await settle();
    expect((await stats())[0].lastOpenedAt).toBe(first.lastOpenedAt);
    app.clock.advance(61_000);
    await app.visit(id, '/', { headers: { cookie: cookie! } });
    await settle();
    const later = (await stats())[0];
    expect(Date.parse(later.lastOpenedAt!)).toBeGreaterThan(Date.parse(first.lastOpenedAt!));
    expect(later.firstOpenedAt).toBe(first.firstOpenedAt);
    const all = await stats();
    expect(all[1]).toMatchObject({ entry: 'unseen@acme.example', address: 'unseen@acme.example', status: 'invited', codeSentAt: null, firstOpenedAt: null });
    expect(all[2]).toMatchObject({ entry: '*@team.example', address: null, status: 'invited' });
  });
});

describe('the reserved /__share/ endpoints of an allowlisted feedback link', () => {
  it('need the viewer cookie of a person still on the list, like its pages', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['ann@acme.example', 'bo@acme.example'], feedback: true });
    const own = { origin: `http://${id}.localhost:8787`, 'sec-fetch-site': 'same-origin' };
    const get = (path: string, cookie?: string) => app.visit(id, path, { headers: { ...own, ...(cookie ? { cookie } : {}) } });
    for (const path of ['/__share/comments?page=/', '/__share/live', '/__share/feedback.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect((await res.json() as { error: { code: string } }).error.code).toBe('locked');
    }
    const comment = () => app.visit(id, '/__share/comments', {
      method: 'POST', headers: { ...own, 'content-type': 'application/json', cookie: ann.cookie! },
      body: JSON.stringify({ page: '/', anchor: { selector: 'p', text: 'access', x: 0.1, y: 0.1 }, text: 'hi', name: null }),
    });
    const ann = await app.unlock(id, 'ann@acme.example');
    expect((await get('/__share/live', ann.cookie!)).status).toBe(200);
    expect((await get('/__share/comments?page=/', ann.cookie!)).status).toBe(200);
    expect((await comment()).status).toBe(201);
    // Removed from the list: the endpoints refuse the same cookie at once.
    expect((await edit(id, token, { remove: ['ann@acme.example'] })).status).toBe(200);
    expect((await get('/__share/comments?page=/', ann.cookie!)).status).toBe(401);
    expect((await comment()).status).toBe(401);
  });
});
