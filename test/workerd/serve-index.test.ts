import { describe, expect, it } from 'vitest';
import type { UploadPlan } from '../../core/api-types';
import { api, manifestOf, publish, updateShare, visit } from './helpers';

describe('one index rule for /, /dir/ and /dir → /dir/', () => {
  it('docs/Index.html is the index of /docs/ when it is the only candidate, and /docs redirects to it', async () => {
    const { id } = await publish({ 'index.html': '<p>top</p>', 'docs/Index.html': '<p>index: docs</p>', 'old/index.htm': '<p>index: htm</p>' });
    const page = await visit(id, '/docs/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe('<p>index: docs</p>');
    const redirect = await visit(id, '/docs', { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/docs/');
    expect(await (await visit(id, '/old/')).text()).toBe('<p>index: htm</p>');
    expect((await visit(id, '/old', { redirect: 'manual' })).status).toBe(301);
  });

  it('index.html beats index.htm beats a case-only match; several case-only matches serve none', async () => {
    const { id } = await publish({
      'index.html': '<p>top</p>', 'a/index.htm': '<p>a htm</p>', 'a/index.html': '<p>a html</p>', 'b/INDEX.HTM': '<p>b upper</p>', 'b/index.htm': '<p>b htm</p>',
      'c/Index.html': '<p>c1</p>', 'c/INDEX.html': '<p>c2</p>',
    });
    expect(await (await visit(id, '/a/')).text()).toBe('<p>a html</p>');
    expect(await (await visit(id, '/b/')).text()).toBe('<p>b htm</p>');
    expect((await visit(id, '/c/')).status).toBe(404);
    expect((await visit(id, '/c', { redirect: 'manual' })).status).toBe(404);
  });

  it('the same rule at the top: INDEX.HTML opens at / when it is the only candidate', async () => {
    const { id } = await publish({ 'INDEX.HTML': '<p>index: upper top</p>', 'other.html': '<p>other</p>' });
    expect(await (await visit(id, '/')).text()).toBe('<p>index: upper top</p>');
  });

  it('publishing warns about case-only differences', async () => {
    const { files } = await manifestOf({ 'index.html': 'x', 'docs/Index.html': 'y', 'img/Logo.png': 'a', 'img/logo.png': 'b' });
    const plan = (await (await api('/api/shares', { method: 'POST', json: { files } })).json()) as UploadPlan;
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings[0]).toContain('docs/Index.html is served at /docs/');
    expect(plan.warnings[1]).toContain('img/Logo.png and img/logo.png differ only in case');
  });

  it('an update that renames the index moves /dir/ with it', async () => {
    const { id, token } = await publish({ 'index.html': '<p>top</p>', 'docs/Index.html': '<p>v1</p>' });
    await updateShare(id, token, { 'index.html': '<p>top</p>', 'docs/index.htm': '<p>v2</p>' });
    expect(await (await visit(id, '/docs/')).text()).toBe('<p>v2</p>');
  });
});
