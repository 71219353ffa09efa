import { describe, expect, it } from 'vitest';
import { ifRangeAllows } from '../../app/lib/headers';
import { acceptsCoding, acceptsHtml } from '../../app/lib/negotiation';

describe('ifRangeAllows (RFC 9110 §13.1.5): a part only of the version the client already holds', () => {
  const etag = '"abc"';
  it('no If-Range: the range applies', () => expect(ifRangeAllows(undefined, etag)).toBe(true));
  it('the current strong ETag: the range applies', () => expect(ifRangeAllows('"abc"', etag)).toBe(true));
  it('another ETag, a weak one, a date or a list: the whole file', () => {
    for (const v of ['"old"', 'W/"abc"', 'Wed, 21 Oct 2015 07:28:00 GMT', '"abc", "x"', '*', '']) expect(ifRangeAllows(v, etag), v).toBe(false);
  });
});

describe('acceptsCoding (RFC 9110 §12.5.3)', () => {
  it('named with q > 0, or covered by *', () => {
    expect(acceptsCoding('gzip, deflate, br', 'br')).toBe(true);
    expect(acceptsCoding('gzip, deflate', 'gzip')).toBe(true);
    expect(acceptsCoding('GZIP;q=0.5', 'gzip')).toBe(true);
    expect(acceptsCoding('x-gzip', 'gzip')).toBe(true);
    expect(acceptsCoding('*', 'br')).toBe(true);
  });
  it('absent, refused with q=0, or not named', () => {
    expect(acceptsCoding(undefined, 'gzip')).toBe(false);
    expect(acceptsCoding('', 'gzip')).toBe(false);
    expect(acceptsCoding('gzip, deflate', 'br')).toBe(false);
    expect(acceptsCoding('br;q=0, gzip', 'br')).toBe(false);
    expect(acceptsCoding('*, br;q=0', 'br')).toBe(false);
    expect(acceptsCoding('identity', 'gzip')).toBe(false);
  });
});

describe('acceptsHtml: what a navigation sends', () => {
  it('a browser navigation accepts HTML', () => {
    expect(acceptsHtml('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8')).toBe(true);
    expect(acceptsHtml('application/xhtml+xml')).toBe(true);
  });
  it('fetch(), images, scripts and */* do not', () => {
    for (const v of [undefined, '*/*', 'image/avif,image/webp,*/*;q=0.8', 'application/json', 'text/html;q=0']) expect(acceptsHtml(v), String(v)).toBe(false);
  });
});
