import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { FeedbackComment } from '../../core/api-types';
import { insertCommentIfRoom } from '../../app/db/comments';
import { depsFromEnv, type Env } from '../../worker/index';
import { api, publish, updateShare } from './helpers';
import { feedbackApp, origin } from './feedback-helpers';

const pin = { selector: 'main > button#buy', text: 'Buy now', x: 0.25, y: 0.5 };

describe('comments pinned to elements: viewers post, the owner replies and resolves', () => {
  it('a viewer\'s comment is stored as text and listed for every viewer of that page with its anchor and version', async () => {
    const { id, token } = await publish({ 'index.html': '<button id="buy">Buy now</button>' }, { feedback: true });
    const { post, send, feedback } = feedbackApp();
    const html = '<img src=x onerror=alert(1)> is <b>broken</b>';
    const created = await post(id, '/__share/comments', { page: '/', anchor: pin, text: html, name: '  Ana  ' });
    expect(created.res.status).toBe(201);
    const comment = JSON.parse(created.text) as FeedbackComment;
    expect(comment).toMatchObject({ page: '/', anchor: pin, text: html, name: 'Ana', version: 1, resolved: false, resolvedAt: null, replies: [] });
    await post(id, '/__share/comments', { page: '/other.html', anchor: pin, text: 'elsewhere' });
    const listed = await send(`${origin(id)}/__share/comments?page=/`, { headers: { 'cf-connecting-ip': '198.51.100.99' } });
    expect(listed.res.headers.get('cache-control')).toBe('no-store');
    const { comments } = JSON.parse(listed.text) as { comments: FeedbackComment[] };
    expect(comments.map((c) => c.text)).toEqual([html]);
    expect((await feedback(id, token)).comments.map((c) => c.text)).toEqual([html, 'elsewhere']);
    // Text survives a re-share; the comment keeps the version it was written on.
    await updateShare(id, token, { 'index.html': '<button id="buy">Buy now!</button>' });
    expect((await feedback(id, token)).comments[0]).toMatchObject({ version: 1, text: html });
  });

  it('refuses bad comments: no text, text too long, anchor outside the page, foreign origin', async () => {
    const { id } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const other = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const { post } = feedbackApp();
    const code = async (body: unknown, headers?: Record<string, string>) => {
      const { res, text } = await post(id, '/__share/comments', body, headers);
      return `${res.status} ${JSON.parse(text).error?.code}`;
    };
    expect(await code({ page: '/', anchor: pin, text: '   ' })).toBe('400 invalid_feedback');
    expect(await code({ page: '/', anchor: pin, text: 'x'.repeat(2001) })).toBe('400 invalid_feedback');
    expect(await code({ page: '/', anchor: { ...pin, x: 3 }, text: 'hi' })).toBe('400 invalid_feedback');
    expect(await code({ page: '/', anchor: pin, text: 'hi' }, { origin: origin(other.id), 'sec-fetch-site': 'same-site' })).toBe('403 foreign_origin');
  });

  it('the owner replies and resolves (and reopens) through the API; viewers may reply too; others may not', async () => {
    const { id, token } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const other = await publish({ 'index.html': '<p>x</p>' });
    const { post } = feedbackApp();
    const comment = JSON.parse((await post(id, '/__share/comments', { page: '/', anchor: pin, text: 'Typo in the title' })).text) as FeedbackComment;
    const reply = await api(`/api/shares/${id}/comments/${comment.id}/replies`, { method: 'POST', json: { text: 'Fixed in v2' }, token });
    expect(reply.status).toBe(201);
    expect(((await reply.json()) as FeedbackComment).replies).toMatchObject([{ text: 'Fixed in v2', name: null, byOwner: true }]);
    const viewer = await post(id, `/__share/comments/${comment.id}/replies`, { text: 'Thanks', name: 'Ana' });
    expect(viewer.res.status).toBe(201);
    expect((JSON.parse(viewer.text) as FeedbackComment).replies.map((r) => [r.text, r.byOwner, r.name])).toEqual([['Fixed in v2', true, null], ['Thanks', false, 'Ana']]);

    const resolved = await api(`/api/shares/${id}/comments/${comment.id}/resolve`, { method: 'POST', token });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ id: comment.id, resolved: true });
    const reopened = await api(`/api/shares/${id}/comments/${comment.id}/resolve`, { method: 'POST', json: { resolved: false }, token });
    expect(await reopened.json()).toMatchObject({ resolved: false, resolvedAt: null });

    expect((await api(`/api/shares/${id}/comments/${comment.id}/resolve`, { method: 'POST', token: other.token })).status).toBe(403);
    expect((await api(`/api/shares/${id}/comments/${comment.id}/resolve`, { method: 'POST' })).status).toBe(401);
    expect((await api(`/api/shares/${id}/comments/zzzzzzzzzzzzzzzz/resolve`, { method: 'POST', token })).status).toBe(404);
    expect((await api(`/api/shares/${other.id}/comments/${comment.id}/replies`, { method: 'POST', json: { text: 'x' }, token: other.token })).status).toBe(404);
    // The API keeps refusing writes from a share's origin (a page cannot drive the owner API).
    const fromShare = await api(`/api/shares/${id}/comments/${comment.id}/resolve`, { method: 'POST', token, headers: { origin: origin(id) } });
    expect(fromShare.status).toBe(403);
  });

  it('at the comment cap a new comment is refused with 409 feedback_full; comments are rate-limited per IP', async () => {
    const { id } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const { db } = depsFromEnv(env as unknown as Env);
    const row = (n: number) => ({ id: `c${String(n).padStart(15, '0')}`, shareId: id, page: '/', anchor: '{}', text: 't', name: null, createdAt: n, version: 1, resolvedAt: null });
    for (let n = 0; n < 200; n++) expect(await insertCommentIfRoom(db, row(n), 200)).toBe(true);
    expect(await insertCommentIfRoom(db, row(200), 200)).toBe(false);
    const { post } = feedbackApp();
    const full = await post(id, '/__share/comments', { page: '/', anchor: pin, text: 'one more' });
    expect(full.res.status).toBe(409);
    expect(JSON.parse(full.text).error.code).toBe('feedback_full');

    const fresh = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    const limited = feedbackApp({ rateLimits: { ...feedbackApp().deps.config.rateLimits, commentsPerIp: 1 } });
    const ip = { 'cf-connecting-ip': '203.0.113.90' };
    expect((await limited.post(fresh.id, '/__share/comments', { page: '/', anchor: pin, text: 'a' }, ip)).res.status).toBe(201);
    expect((await limited.post(fresh.id, '/__share/comments', { page: '/', anchor: pin, text: 'b' }, ip)).res.status).toBe(429);
  });
});
