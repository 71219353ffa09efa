import { describe, expect, it } from 'vitest';
import { FEEDBACK_SCRIPT, FEEDBACK_SCRIPT_HASH } from '../../app/pages/feedback-script.generated';
import { publish, updateShare, visit } from './helpers';

describe('GET /__share/live: the version poll', () => {
  it('answers the version with an ETag, 304 while it is unchanged, the new one after an update', async () => {
    const { id, token } = await publish({ 'index.html': '<p>1</p>' }, { live: true });
    const first = await visit(id, '/__share/live');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ version: 1 });
    expect(first.headers.get('etag')).toBe('"v1"');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const same = await visit(id, '/__share/live', { headers: { 'if-none-match': '"v1"' } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    await updateShare(id, token, { 'index.html': '<p>2</p>' });
    const next = await visit(id, '/__share/live', { headers: { 'if-none-match': '"v1"' } });
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ version: 2 });
    expect(next.headers.get('etag')).toBe('"v2"');
  });

  it('is there for feedback links too, not for links without either; revoked links answer 410', async () => {
    const fb = await publish({ 'index.html': '<p>1</p>' }, { feedback: true });
    expect((await visit(fb.id, '/__share/live')).status).toBe(200);
    const plain = await publish({ 'index.html': '<p>1</p>' });
    expect((await visit(plain.id, '/__share/live')).status).toBe(404);
    await (await import('./helpers')).api(`/api/shares/${fb.id}`, { method: 'DELETE', token: fb.token });
    const gone = await visit(fb.id, '/__share/live');
    expect(gone.status).toBe(410);
    expect(gone.headers.get('clear-site-data')).toContain('storage');
  });

  it('serves the script itself with its hash as ETag, cached under the URL naming its build', async () => {
    const { id } = await publish({ 'index.html': '<p>1</p>' }, { live: true });
    const res = await visit(id, `/__share/feedback.js?m=live&v=1&s=${FEEDBACK_SCRIPT_HASH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('max-age=86400');
    expect(await res.text()).toBe(FEEDBACK_SCRIPT);
    expect((await visit(id, '/__share/feedback.js', { headers: { 'if-none-match': `"${FEEDBACK_SCRIPT_HASH}"` } })).status).toBe(304);
    expect((await visit(id, '/__share/feedback.js?s=old')).headers.get('cache-control')).toBe('no-cache');
    // Never as a service worker: one installed on the share's origin would outlive a revoke.
    expect((await visit(id, '/__share/feedback.js', { headers: { 'service-worker': 'script' } })).status).toBe(403);
  });
});
