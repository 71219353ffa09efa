import { describe, expect, it } from 'vitest';
import { insertAt, insertionPoint, scriptTag } from '../../app/lib/inject';
import { browserFamily } from '../../app/lib/user-agent';
import { isOwnOriginWrite } from '../../app/lib/content-guards';

const enc = new TextEncoder();
const at = (html: string) => insertionPoint(enc.encode(html));

describe('where the feedback tag goes', () => {
  it('right after <head …>, not <header>; else after <html …>; else after the doctype; else at the start (after a BOM)', () => {
    expect(at('<!DOCTYPE html><html><HEAD data-x="1"><title>')).toBe('<!DOCTYPE html><html><HEAD data-x="1">'.length);
    expect(at('<header>no</header><head>')).toBe('<header>no</header><head>'.length);
    expect(at('<!doctype html>\n<html lang=en><body>')).toBe('<!doctype html>\n<html lang=en>'.length);
    expect(at('<!doctype html><p>x')).toBe('<!doctype html>'.length);
    expect(at('<p>just a fragment</p>')).toBe(0);
    expect(insertionPoint(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x70, 0x3e]))).toBe(3);
  });

  it('offsets are bytes, whatever the text before (UTF-8 multi-byte characters)', () => {
    const html = '<!-- é中 --><head><meta charset=utf-8>';
    const bytes = enc.encode(html);
    const out = new TextDecoder().decode(insertAt(bytes, insertionPoint(bytes)!, '<x>'));
    expect(out).toBe('<!-- é中 --><head><x><meta charset=utf-8>');
  });

  it('leaves UTF-16 pages alone', () => {
    expect(insertionPoint(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).toBeNull();
    expect(insertionPoint(new Uint8Array([0xfe, 0xff, 0x00, 0x3c]))).toBeNull();
  });

  it('the tag is same-origin, runs first, and names mode, version and script build', () => {
    expect(scriptTag('live', 7, 'abc')).toBe('<script src="/__share/feedback.js?m=live&amp;v=7&amp;s=abc"></script>');
  });
});

describe('browser and OS families from a User-Agent (never versions)', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36', 'Chrome / Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0', 'Edge / Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari / iOS'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0', 'Firefox / macOS'],
    ['Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36', 'Chrome / Android'],
    ['', 'Other / Other'],
  ])('%s', (ua, family) => expect(browserFamily(ua)).toBe(family));
});

describe('writes to /__share/ come only from the share\'s own pages', () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it('accepts its own origin (any scheme, as behind a TLS proxy), refuses other shares, cross-site, null and none', () => {
    expect(isOwnOriginWrite(h({ origin: 'https://abc.example.net', 'sec-fetch-site': 'same-origin' }), 'abc.example.net')).toBe(true);
    expect(isOwnOriginWrite(h({ origin: 'http://abc.localhost:8787' }), 'abc.localhost:8787')).toBe(true);
    expect(isOwnOriginWrite(h({ origin: 'https://xyz.example.net', 'sec-fetch-site': 'same-site' }), 'abc.example.net')).toBe(false);
    expect(isOwnOriginWrite(h({ origin: 'https://xyz.example.net' }), 'abc.example.net')).toBe(false);
    expect(isOwnOriginWrite(h({ origin: 'https://abc.example.net', 'sec-fetch-site': 'cross-site' }), 'abc.example.net')).toBe(false);
    expect(isOwnOriginWrite(h({ origin: 'null' }), 'abc.example.net')).toBe(false);
    expect(isOwnOriginWrite(h({}), 'abc.example.net')).toBe(false);
  });
});
