import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../core/limits';
import { extractTitle, friendlyError, isSkipped, stripCommonRoot } from '../../web/rules';

describe('isSkipped (the CLI\'s folder rules, in the browser)', () => {
  it.each(['.git/config', 'a/.git/HEAD', 'node_modules/x/index.js', '.DS_Store', 'img/.DS_Store', '.env', '.env.local', 'sub/.env.production', '__MACOSX/x', 'Thumbs.db'])('skips %s', (p) => {
    expect(isSkipped(p)).toBe(true);
  });
  it.each(['index.html', 'css/site.css', '.well-known/x.txt', 'environment.js', 'my.env.html', 'gitignore.txt'])('keeps %s', (p) => {
    expect(isSkipped(p)).toBe(false);
  });
});

describe('stripCommonRoot', () => {
  it('removes the one top folder every path shares', () => {
    expect(stripCommonRoot(['site/index.html', 'site/css/a.css'])).toEqual(['index.html', 'css/a.css']);
  });
  it('keeps paths when there is no common top folder or a file sits at the top', () => {
    expect(stripCommonRoot(['a/index.html', 'b/x.css'])).toEqual(['a/index.html', 'b/x.css']);
    expect(stripCommonRoot(['index.html', 'site/a.css'])).toEqual(['index.html', 'site/a.css']);
    expect(stripCommonRoot(['index.html'])).toEqual(['index.html']);
    expect(stripCommonRoot([])).toEqual([]);
  });
});

describe('extractTitle', () => {
  it('reads, decodes and squeezes the <title>', () => {
    expect(extractTitle('<html><head><TITLE lang="en">\n  Plan &amp; notes &#8212; v2 &#x263A;\n</TITLE>')).toBe('Plan & notes — v2 ☺');
  });
  it('is null without a title or with an empty one, and caps the length', () => {
    expect(extractTitle('<h1>no title</h1>')).toBeNull();
    expect(extractTitle('<title>   </title>')).toBeNull();
    expect(extractTitle(`<title>${'x'.repeat(500)}</title>`)).toHaveLength(200);
  });
});

describe('friendlyError: every refusal in plain words', () => {
  const say = (status: number, code?: string, details?: unknown) => friendlyError({ status, code, message: 'internal detail', details }, DEFAULT_LIMITS);
  const cases: [number, string | undefined, unknown, RegExp][] = [
    [0, 'unreachable', undefined, /Could not reach the share service/],
    [413, 'file_too_large', undefined, /A file is too big to share\. Each file can be up to 25\.0 MiB/],
    [413, 'file_too_large', { path: 'big.mp4', size: 30 * 1024 * 1024 }, /“big\.mp4” is too big to share \(30\.0 MiB\)/],
    [413, 'share_too_large', undefined, /too big together\. One link can hold up to 100\.0 MiB/],
    [413, 'too_many_files', undefined, /too many files\. One link can hold up to 1000 files/],
    [413, 'manifest_too_large', undefined, /too many files/],
    [400, 'empty_bundle', undefined, /no files to share/],
    [400, 'no_entry_page', undefined, /no web page \(an \.html file\)/],
    [400, 'ambiguous_entry', { choices: ['a.html', 'b.html'] }, /several pages and no index\.html.*\(a\.html, b\.html\)/],
    [400, 'invalid_path', undefined, /file names cannot be used/],
    [400, 'duplicate_path', undefined, /file names cannot be used/],
    [400, 'zip_encrypted', undefined, /password-protected/],
    [400, 'zip_symlink', undefined, /symbolic links/],
    [400, 'zip_unsupported', undefined, /zip file cannot be read/],
    [400, 'zip_size_mismatch', undefined, /zip file cannot be read/],
    [400, 'invalid_zip', undefined, /zip file cannot be read/],
    [409, 'version_conflict', undefined, /changed from somewhere else/],
    [403, 'forbidden', undefined, /no longer allowed/],
    [401, 'unauthorized', undefined, /no longer allowed/],
    [410, 'gone', undefined, /already ended/],
    [400, 'expiry_not_allowed', undefined, /does not allow that expiry\. Pick a shorter time/],
    [400, 'expiry_too_long', undefined, /does not allow that expiry/],
    [401, 'api_key_required', undefined, /only accepts links from its own team/],
    [404, 'not_found', undefined, /no longer exists/],
    [400, 'hash_mismatch', undefined, /changed while it was being sent/],
    [451, 'content_refused', undefined, /cannot be shared on this service/],
    [429, 'rate_limited', undefined, /busy right now/],
    [503, 'unavailable', undefined, /wrong on our side/],
    [500, 'internal', undefined, /wrong on our side/],
    [413, 'something_new', undefined, /too big to share/],
  ];
  it.each(cases)('%i %s', (status, code, details, expected) => {
    const text = say(status, code, details);
    expect(text).toMatch(expected);
    expect(text).not.toContain('internal detail');
  });
  it('an unknown refusal falls back to the server\'s own sentence', () => {
    expect(say(400, 'new_rule')).toBe('That did not work: internal detail');
  });
});
