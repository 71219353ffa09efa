import { describe, expect, it } from 'vitest';
import { api, manifestOf, publish, visit } from './helpers';

describe('publish and serve', () => {
  it('serves a single HTML file at the share origin with the right headers', async () => {
    const { id, url } = await publish({ 'index.html': '<!doctype html><title>Hi</title><h1>Hello</h1>' });
    expect(id).toMatch(/^[0-9a-z]{14}$/);
    expect(url).toBe(`http://${id}.localhost:8787/`);
    const res = await visit(id, '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('<h1>Hello</h1>');
  });

  it('is not visible before finalize', async () => {
    const { files } = await manifestOf({ 'index.html': '<p>pending</p>' });
    const res = await api('/api/shares', { method: 'POST', json: { files } });
    expect(res.status).toBe(201);
    const plan = (await res.json()) as { id: string; ownerToken: string; missing: string[] };
    expect(plan.ownerToken.length).toBeGreaterThanOrEqual(43);
    expect(plan.missing).toHaveLength(1);
    expect((await visit(plan.id)).status).toBe(404);
  });
});
