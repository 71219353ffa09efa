import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMissingStatements, missingPathsOf } from '../../app/db/feedback';
import { depsFromEnv, type Env } from '../../worker/index';
import { api, publish, updateShare } from './helpers';
import { feedbackApp, origin } from './feedback-helpers';

describe('missing files: every link counts the paths it answers 404 for', () => {
  it('counts per decoded path, on a link without feedback; not favicon, bots, prefetches, HEAD nor found files', async () => {
    const { id, token } = await publish({ 'index.html': '<img src="img/logo.png">', '404.html': '<p>custom 404</p>' });
    const { send, feedback } = feedbackApp();
    const host = origin(id);
    for (let i = 0; i < 3; i++) expect((await send(`${host}/img/logo.png`)).res.status).toBe(404);
    expect((await send(`${host}/caf%C3%A9.js`)).res.status).toBe(404);
    expect((await send(`${host}/favicon.ico`)).res.status).toBe(204);
    await send(`${host}/img/logo.png`, { headers: { 'user-agent': 'curl/8.5.0' } });
    await send(`${host}/img/logo.png`, { headers: { 'sec-purpose': 'prefetch' } });
    await send(`${host}/img/logo.png`, { method: 'HEAD' });
    await send(`${host}/`);
    const f = await feedback(id, token);
    expect(f.feedback).toBe(false);
    expect(f.missing.map(({ path, count }) => ({ path, count }))).toEqual([{ path: '/img/logo.png', count: 3 }, { path: '/café.js', count: 1 }]);
    expect(f.missing[0].firstSeen <= f.missing[0].lastSeen).toBe(true);
    expect(JSON.stringify(f)).not.toMatch(/198\.51|127\.0/);
    // Once an update adds the file, the path is no longer listed as missing.
    await updateShare(id, token, { 'index.html': '<img src="img/logo.png">', 'img/logo.png': 'png' });
    expect((await feedback(id, token)).missing.map((m) => m.path)).toEqual(['/café.js']);
  });

  it('an ended link counts nothing (it answers 410 to every path)', async () => {
    const { id, token } = await publish({ 'index.html': '<p>x</p>' });
    await api(`/api/shares/${id}`, { method: 'DELETE', token });
    const { send, feedback } = feedbackApp();
    expect((await send(`${origin(id)}/gone.png`)).res.status).toBe(410);
    expect((await feedback(id, token)).missing).toEqual([]);
  });

  it('at the cap new paths are dropped and the counts of known paths keep growing (capped says so)', async () => {
    const { id, token } = await publish({ 'index.html': '<p>x</p>' });
    const { db } = depsFromEnv(env as unknown as Env);
    const row = (path: string, count = 1) => ({ shareId: id, path, count, first: 1, last: 2 });
    await db.commit(addMissingStatements(db, [row('/a'), row('/b')], 2));
    await db.commit(addMissingStatements(db, [row('/c', 5), row('/a', 4)], 2));
    const { rows } = await missingPathsOf(db, id, 10);
    expect(rows.map(({ path, count }) => ({ path, count }))).toEqual([{ path: '/a', count: 5 }, { path: '/b', count: 1 }]);
    // The real cap (200 paths): filled, then one more path and one more hit of a known path.
    const many = Array.from({ length: 200 }, (_, i) => row(`/p${i}`));
    for (let i = 0; i < many.length; i += 40) await db.commit(addMissingStatements(db, many.slice(i, i + 40), 200));
    const { send, feedback } = feedbackApp();
    await send(`${origin(id)}/one-more.png`);
    await send(`${origin(id)}/p7`);
    const f = await feedback(id, token);
    expect(f.missing.some((m) => m.path === '/one-more.png')).toBe(false);
    expect(f.missing.find((m) => m.path === '/p7')?.count).toBe(2);
    expect(f.capped).toEqual(['missing paths: 200 of 200; new paths are dropped, the counts of these keep growing']);
  });
});
