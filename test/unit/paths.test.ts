import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/errors';
import { candidatePaths, normalizeBundlePath } from '../../core/paths';

function refusal(raw: unknown): string {
  try {
    normalizeBundlePath(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    return (err as ApiError).code;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('normalizeBundlePath', () => {
  it('keeps ordinary relative paths, spaces and non-ASCII', () => {
    expect(normalizeBundlePath('index.html')).toBe('index.html');
    expect(normalizeBundlePath('css/main style.css')).toBe('css/main style.css');
    expect(normalizeBundlePath('图片/café.png')).toBe('图片/café.png');
    expect(normalizeBundlePath('rocket-\uD83D\uDE80.png')).toBe('rocket-🚀.png');
  });
  it('normalises to NFC', () => {
    expect(normalizeBundlePath('cafe\u0301.html')).toBe('caf\u00e9.html');
  });
  it.each([
    ['empty', ''],
    ['not a string', 42],
    ['parent segment', '../secret'],
    ['nested parent segment', 'a/../../b'],
    ['absolute', '/etc/passwd'],
    ['drive letter', 'C:/x.html'],
    ['backslash', 'a\\b.html'],
    ['NUL', 'a\u0000.html'],
    ['control character', 'a\u0007.html'],
    ['dot segment', './a.html'],
    ['empty segment', 'a//b.html'],
    ['trailing slash', 'dir/'],
    ['too long', 'a/'.repeat(600) + 'b'],
    ['segment too long', 'x'.repeat(256)],
    ['lone high surrogate', 'a\uD83D.html'],
    ['lone low surrogate', 'img/\uDE80.png'],
    ['reversed surrogate pair', 'x\uDE80\uD83D.png'],
  ])('refuses %s', (_name, raw) => {
    expect(refusal(raw)).toBe('invalid_path');
  });
});

describe('candidatePaths', () => {
  it('maps / to the entry page', () => {
    expect(candidatePaths('/')).toEqual({ rel: '', candidates: ['index.html'], isRoot: true, dirIndex: [], extensionless: true });
  });
  it('maps /dir/ to its index row, then dir/index.html and dir/index.htm', () => {
    expect(candidatePaths('/dir/')?.candidates).toEqual(['dir/', 'dir/index.html', 'dir/index.htm']);
  });
  it('lets /page find page.html and offers dir index for redirects', () => {
    expect(candidatePaths('/page')).toEqual({ rel: 'page', candidates: ['page', 'page.html'], isRoot: false, dirIndex: ['page/', 'page/index.html', 'page/index.htm'], extensionless: true });
  });
  it('decodes percent-encoding and normalises to NFC', () => {
    expect(candidatePaths('/caf%65%CC%81.png')?.candidates[0]).toEqual('caf\u00e9.png');
  });
  it('refuses NUL, backslashes and dot segments; a malformed escape is kept literally (test/unit/url-paths.test.ts)', () => {
    expect(candidatePaths('/%E0%A4%A')?.candidates).toEqual(['%E0%A4%A', '%E0%A4%A.html']);
    expect(candidatePaths('/a%00b')).toBeNull();
    expect(candidatePaths('/a%5Cb')).toBeNull();
    expect(candidatePaths('/a/%2E%2E/b')).toBeNull();
  });
});
