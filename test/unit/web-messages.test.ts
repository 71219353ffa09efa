import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../core/limits';
import { friendlyError } from '../../web/messages';
import { placeMissing } from '../../web/missing';

describe('friendlyError: every refusal in plain words', () => {
  const say = (status: number, code?: string, details?: unknown) => friendlyError({ status, code, message: 'internal detail', details }, DEFAULT_LIMITS);
  const cases: [number, string | undefined, unknown, RegExp][] = [
    [0, 'unreachable', undefined, /Could not reach the share service/],
    [413, 'file_too_large', undefined, /A file is too big to share\. Each file can be up to 25 MiB\./],
    [413, 'file_too_large', { path: 'big.mp4', size: 30.5 * 1024 * 1024 }, /“big\.mp4” is too big to share \(30\.5 MiB\)/],
    [413, 'share_too_large', undefined, /too big together\. One link can hold up to 100 MiB\./],
    [413, 'too_many_files', undefined, /too many files\. One link can hold up to 1000 files/],
    [413, 'manifest_too_large', undefined, /too many files/],
    [400, 'empty_bundle', undefined, /no files to share/],
    [400, 'no_entry_page', undefined, /no web page \(an \.html file\)/],
    [400, 'ambiguous_entry', { choices: ['a.html', 'b.html'] }, /several pages and no index\.html.*\(a\.html, b\.html\)\. Choose the page/],
    [400, 'likely_secrets', { findings: [] }, /secret key, so nothing was sent/],
    [400, 'invalid_path', undefined, /file names cannot be used/],
    [400, 'duplicate_path', undefined, /file names cannot be used/],
    [400, 'zip_encrypted', undefined, /password-protected/],
    [400, 'zip_symlink', undefined, /symbolic links/],
    [400, 'zip_unsupported', undefined, /zip file cannot be read/],
    [400, 'zip_overlap', undefined, /zip file cannot be read/],
    [400, 'zip_ratio', undefined, /over 1,000 times its packed size.*Share the folder/],
    [400, 'zip_name_encoding', undefined, /file name in this zip cannot be read/],
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

describe('placeMissing: files added for a page\'s missing references', () => {
  const file = (name: string) => ({ name });
  it('puts each file at the missing path with its name, first come first served', () => {
    const placed = placeMissing([file('logo.png'), file('style.css'), file('logo.png')], ['img/logo.png', 'css/style.css', 'icons/logo.png']);
    expect(placed.map((p) => p.path)).toEqual(['img/logo.png', 'css/style.css', 'icons/logo.png']);
  });
  it('keeps a file no missing path names under its own name', () => {
    expect(placeMissing([file('extra.js')], ['app.js']).map((p) => p.path)).toEqual(['extra.js']);
  });
});
