import { describe, expect, it } from 'vitest';
import { candidatePaths } from '../../core/paths';
import type { ServedRow } from '../../app/db/versions';
import { isPageRoute, resolveRequest, wantedPaths } from '../../app/services/serve';

const NAV = 'text/html,application/xhtml+xml,*/*;q=0.8';
const share = { state: 'live', currentVersion: 1, expiresAt: null, maxViews: null, passwordHash: null, allowList: null, allowVersion: 0 } as const;

/** The rows the metadata read would return for `url` from a bundle of `paths` (as resolveFiles selects them). */
function rowsFor(paths: string[], url: string, opts: { entry?: string; spa?: boolean; accept?: string } = {}) {
  const entry = opts.entry ?? 'index.html';
  const target = candidatePaths(url.replace(/\?.*/, ''))!;
  const pageRoute = isPageRoute('GET', target, opts.accept);
  const wanted = new Set(wantedPaths(target, pageRoute));
  const withEntry = target.isRoot || (pageRoute && opts.spa === true);
  const matched = paths.filter((p) => wanted.has(p) || (withEntry && p === entry));
  const row = (path: string | null): ServedRow => ({ ...share, feedback: false, live: false, entry, spa: opts.spa ?? false, path, sha256: path ? 'h' : null, size: path ? 1 : null, contentType: path ? 'text/html' : null });
  const rows = matched.length ? matched.map(row) : [row(null)];
  return resolveRequest(rows, target, pageRoute, url.includes('?') ? url.slice(url.indexOf('?')) : '');
}
const served = (r: ReturnType<typeof rowsFor>) => (r.kind === 'file' ? `${r.status} ${r.row.path}` : r.kind === 'redirect' ? `${r.status} ${r.location}` : 'missing');

describe('resolveRequest', () => {
  it('a page route falls back to 200.html; an asset path does not', () => {
    const paths = ['index.html', '200.html', 'assets/app.js'];
    expect(served(rowsFor(paths, '/about', { accept: NAV }))).toBe('200 200.html');
    expect(served(rowsFor(paths, '/users/42/', { accept: NAV }))).toBe('200 200.html');
    expect(served(rowsFor(paths, '/assets/missing.js', { accept: NAV }))).toBe('missing');
    expect(served(rowsFor(paths, '/about', { accept: '*/*' }))).toBe('missing');
  });
  it('spa serves the entry for page routes; 404.html still answers everything else', () => {
    const paths = ['index.html', '404.html', 'app.js'];
    expect(served(rowsFor(paths, '/about', { accept: NAV, spa: true }))).toBe('200 index.html');
    expect(served(rowsFor(paths, '/about', { accept: NAV }))).toBe('404 404.html');
    expect(served(rowsFor(paths, '/logo.png', { accept: NAV, spa: true }))).toBe('404 404.html');
    expect(served(rowsFor(paths, '/app.js', { spa: true }))).toBe('200 app.js');
  });
  it('a real file or folder wins over the fallback', () => {
    const paths = ['index.html', '200.html', 'docs/', 'docs/index.html', 'about.html'];
    expect(served(rowsFor(paths, '/about', { accept: NAV, spa: true }))).toBe('200 about.html');
    expect(served(rowsFor(paths, '/docs', { accept: NAV, spa: true }))).toBe('301 /docs/');
    expect(served(rowsFor(paths, '/docs/', { accept: NAV, spa: true }))).toBe('200 docs/');
  });
  it('redirects are built from the decoded path', () => {
    const paths = ['index.html', 'example.com/', 'example.com/index.html'];
    expect(served(rowsFor(paths, '//example.com'))).toBe('301 /example.com/');
    expect(served(rowsFor(paths, '//example.com?q=1'))).toBe('301 /example.com/?q=1');
    expect(served(rowsFor(['app/index.html'], '/', { entry: 'app/index.html' }))).toBe('302 /app/index.html');
  });
});
