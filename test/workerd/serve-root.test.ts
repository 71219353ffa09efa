import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PublishResult, ShareInfo } from '../../core/api-types';
import { api, enc, manifestOf, publish, visit } from './helpers';

const PAGE = '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>';
const BUILD = { 'README.txt': 'root: read me', 'dist/index.html': PAGE, 'dist/assets/app.js': 'root_app()', 'dist/about/index.html': '<p>root: about</p>' };
const zipOf = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([p, c]) => [p, enc.encode(c)])));
const postZip = (files: Record<string, string>, query = '') => api(`/api/shares${query}`, { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zipOf(files) });

describe('when every page lives under one folder, it becomes the root', () => {
  it('a zip of README.txt and dist/: the page opens at / and /assets/app.js resolves', async () => {
    const res = await postZip(BUILD);
    expect(res.status).toBe(201);
    const share = (await res.json()) as PublishResult;
    expect(share.root).toBe('dist/');
    const root = await visit(share.id, '/', { redirect: 'manual' });
    expect(root.status).toBe(200);
    expect(await root.text()).toBe(PAGE);
    expect(await (await visit(share.id, '/assets/app.js')).text()).toBe('root_app()');
    expect(await (await visit(share.id, '/about/')).text()).toBe('<p>root: about</p>');
    expect(await (await visit(share.id, '/README.txt')).text()).toBe('root: read me');
  });

  it('the manifest path says so in the upload plan and in the share', async () => {
    const { files } = await manifestOf(BUILD);
    const res = await api('/api/shares', { method: 'POST', json: { files } });
    const plan = (await res.json()) as { root: string | null };
    expect(plan.root).toBe('dist/');
    const share = await publish(BUILD);
    const info = (await (await api(`/api/shares/${share.id}`, { token: share.token })).json()) as ShareInfo;
    expect(info.root).toBe('dist/');
    expect(await (await visit(share.id, '/assets/app.js')).text()).toBe('root_app()');
  });

  it('otherwise the zip publish warns about root-absolute references that only resolve from the entry\'s folder', async () => {
    const res = await postZip({ 'index.html': '<p>top</p>', 'dist/app.html': PAGE, 'dist/assets/app.js': 'root_app()' }, '?entry=dist/app.html');
    expect(res.status).toBe(201);
    const share = (await res.json()) as PublishResult;
    expect(share.root).toBeNull();
    expect(share.warnings?.some((w) => w.includes('/assets/app.js') && w.includes('only resolves from dist/'))).toBe(true);
  });
});
