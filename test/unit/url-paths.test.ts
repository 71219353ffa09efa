import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatePaths, decodeUrlPath, sameOriginLocation } from '../../core/paths';

/** The path a browser sends for a reference written as `ref` on a page at the root (WHATWG URL parser). */
const sent = (ref: string) => new URL(ref, 'http://share.test/').pathname;

describe('decodeUrlPath: only valid %XX escapes are decoded', () => {
  it('keeps a stray % literal, as a browser sends it', () => {
    expect(sent('100%.png')).toBe('/100%.png');
    expect(decodeUrlPath('/100%.png')).toBe('/100%.png');
    expect(decodeUrlPath('/50%off.html')).toBe('/50%off.html');
    expect(decodeUrlPath('/%')).toBe('/%');
    expect(decodeUrlPath('/a%2')).toBe('/a%2');
    expect(decodeUrlPath('/%zz%4')).toBe('/%zz%4');
  });
  it('decodes valid escapes, next to literal %', () => {
    expect(decodeUrlPath('/100%25.png')).toBe('/100%.png');
    expect(decodeUrlPath('/my%20file.txt')).toBe('/my file.txt');
    expect(decodeUrlPath(sent('100%é.png'))).toBe('/100%é.png');
    expect(decodeUrlPath('/caf%C3%A9/men%C3%BC.html')).toBe('/café/menü.html');
  });
  it('keeps an escape run that is not UTF-8 as written instead of failing', () => {
    expect(decodeUrlPath('/%FF.png')).toBe('/%FF.png');
    expect(decodeUrlPath('/%E0%A4%A')).toBe('/%E0%A4%A');
    expect(decodeUrlPath('/a%C3%A9-%FF')).toBe('/aé-%FF');
  });
  it('never throws, whatever the path', () => {
    fc.assert(fc.property(fc.string(), (s) => { decodeUrlPath(s); }));
  });
});

describe('candidatePaths: every uploaded name is reachable at the URL a browser builds from it', () => {
  const names = ['100%.png', '50%off.html', '100% real/a.txt', 'a%20b.txt', '%41.txt', 'x%.y%', 'café/menü.html', 'my file.txt', 'a+b.css', 'q?.txt', 'h#1.txt', '%FF.bin', '%E0%A4%A.txt'];
  for (const name of names) {
    it(`${name}: as written and percent-encoded`, () => {
      // A reference as written (only `?` and `#` must be escaped to stay part of the path), and fully encoded.
      const written = name.replace(/\?/g, '%3F').replace(/#/g, '%23');
      const encoded = name.split('/').map(encodeURIComponent).join('/');
      for (const ref of [written, encoded]) {
        const target = candidatePaths(sent(ref));
        expect(target, ref).not.toBeNull();
        expect(target!.candidates, ref).toContain(name);
      }
    });
  }
  it('a decoding problem is not a refusal: the target exists, so the share\'s own 404 page can answer', () => {
    expect(candidatePaths('/%E0%A4%A')).not.toBeNull();
    expect(candidatePaths('/%FF')).not.toBeNull();
  });
  it('still refuses what can never name a file: NUL, backslash, dot segments after decoding', () => {
    for (const p of ['/a%00b', '/a%5Cb', '/..%2F..%2Findex.html', '/docs/%2e%2e%2Fabout.html']) expect(candidatePaths(p), p).toBeNull();
  });
  it('/dir/ asks for the folder index row first; /dir asks for the page and, for the redirect, the index', () => {
    expect(candidatePaths('/docs/')).toMatchObject({ rel: 'docs/', candidates: ['docs/', 'docs/index.html', 'docs/index.htm'], dirIndex: [], extensionless: true });
    expect(candidatePaths('/docs')).toMatchObject({ candidates: ['docs', 'docs.html'], dirIndex: ['docs/', 'docs/index.html', 'docs/index.htm'], extensionless: true });
    expect(candidatePaths('/app.js')).toMatchObject({ candidates: ['app.js'], extensionless: false });
    expect(candidatePaths('/v1.2/about')).toMatchObject({ extensionless: true });
  });
});

describe('sameOriginLocation: a Location never leaves the share\'s origin', () => {
  it('builds from the decoded path, one leading slash, segments encoded', () => {
    expect(sameOriginLocation('example.com/')).toBe('/example.com/');
    expect(sameOriginLocation('docs/', '?tab=2')).toBe('/docs/?tab=2');
    expect(sameOriginLocation('über/')).toBe('/%C3%BCber/');
    expect(sameOriginLocation('100%/')).toBe('/100%25/');
    expect(sameOriginLocation('')).toBe('/');
    expect(sameOriginLocation('a//b/')).toBe('/a/b/');
  });
  it('for any request path, the redirect target starts with one / and a segment, never // or /\\, and stays on the origin', () => {
    const piece = fc.constantFrom('/', '//', '\\', '/\\', 'example.com', '%2F', '%5C', '%2f%2f', 'a', '..', '.', '%2e', '@', ':', 'évil', '%', '\r\n', '?x', '#y');
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
      let url: URL;
      try { url = new URL(`http://abc.share.test/${pieces.join('')}`); } catch { return; }
      const target = candidatePaths(url.pathname);
      for (const rel of [target?.rel ?? '', `${target?.rel ?? ''}/`]) {
        const location = sameOriginLocation(rel, url.search);
        expect(location).toMatch(/^\/(?![/\\])/);
        expect(location).not.toMatch(/[\r\n]/);
        expect(new URL(location, url).origin).toBe(url.origin);
      }
    }), { numRuns: 2000 });
  });
});
