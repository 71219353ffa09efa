import { describe, expect, it } from 'vitest';
import { encodingEvidence, htmlDeclaredCharset, textFamily, withCharset } from '../../core/charset';

const enc = new TextEncoder();
/** Windows-1252 / Latin-1 bytes of an ASCII-compatible string (é is 0xE9: not UTF-8). */
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** "日本語" in Shift_JIS. */
const SJIS_NIHONGO = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea];
const served = (type: string, bytes: Uint8Array) => withCharset(type, encodingEvidence(bytes));

describe('charset=utf-8 only when the bytes are UTF-8 and the file declares nothing else', () => {
  it('valid UTF-8 without a declaration: claimed, for every text family', () => {
    const bytes = enc.encode('café 日本語');
    for (const type of ['text/html', 'text/css', 'text/javascript', 'image/svg+xml', 'application/xml', 'text/plain', 'application/json', 'application/manifest+json', 'text/csv']) {
      expect(served(type, bytes), type).toBe(`${type}; charset=utf-8`);
    }
  });
  it('bytes that are not UTF-8: the bare type', () => {
    expect(served('text/html', latin1('<p>caf\u00e9</p>'))).toBe('text/html');
    expect(served('text/javascript', new Uint8Array([0x61, ...SJIS_NIHONGO]))).toBe('text/javascript');
    expect(served('text/plain', new Uint8Array([0xff, 0x00, 0x81]))).toBe('text/plain');
  });
  it('an HTML page declaring another charset, in either meta form, even when its bytes happen to be ASCII', () => {
    for (const page of [
      '<!doctype html><meta charset="windows-1252"><p>plain ascii</p>',
      "<html><head><META CHARSET='Shift_JIS'></head>",
      '<meta charset=iso-8859-1>',
      '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
      '<meta content="text/html;charset=Shift_JIS" http-equiv="content-type">',
    ]) expect(served('text/html', enc.encode(page)), page).toBe('text/html');
  });
  it('an HTML page declaring UTF-8 (any label) or UTF-16 in its meta keeps the claim', () => {
    for (const label of ['utf-8', 'UTF-8', 'utf8', 'unicode-1-1-utf-8', 'utf-16le']) {
      expect(served('text/html', enc.encode(`<meta charset="${label}"><p>é</p>`)), label).toBe('text/html; charset=utf-8');
    }
  });
  it('a meta tag in a comment or in the body does not count; one in a script-free head does', () => {
    expect(served('text/html', enc.encode('<!-- <meta charset="windows-1252"> --><p>x</p>'))).toBe('text/html; charset=utf-8');
    expect(served('text/html', enc.encode('<body><p>see <meta charset="windows-1252"></p>'))).toBe('text/html; charset=utf-8');
    expect(htmlDeclaredCharset('<head><title>t</title><meta name="x" content="charset=koi8-r"><meta charset="koi8-r">')).toBe('koi8-r');
  });
  it('CSS @charset and the XML declaration count only for their own families', () => {
    const css = enc.encode('@charset "windows-1252";\nbody{}');
    expect(served('text/css', css)).toBe('text/css');
    expect(served('text/plain', css)).toBe('text/plain; charset=utf-8');
    expect(served('text/css', enc.encode('@charset "UTF-8";\nbody{}'))).toBe('text/css; charset=utf-8');
    const xml = enc.encode('<?xml version="1.0" encoding="Shift_JIS"?><svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(served('image/svg+xml', xml)).toBe('image/svg+xml');
    expect(served('application/xml', xml)).toBe('application/xml');
    expect(served('image/svg+xml', enc.encode('<?xml version="1.0" encoding="utf-8"?><svg/>'))).toBe('image/svg+xml; charset=utf-8');
    // A JavaScript string that looks like a meta tag declares nothing for a script.
    expect(served('text/javascript', enc.encode('document.write(\'<meta charset="windows-1252">\')'))).toBe('text/javascript; charset=utf-8');
  });
  it('a BOM decides: UTF-8 BOM claims UTF-8, a UTF-16 BOM never does', () => {
    expect(served('text/html', new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('<meta charset="windows-1252">')]))).toBe('text/html; charset=utf-8');
    expect(served('text/html', new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).toBe('text/html');
    expect(served('text/css', new Uint8Array([0xfe, 0xff, 0x00, 0x62]))).toBe('text/css');
  });
  it('binary types never carry a charset, and unexamined bytes claim nothing', () => {
    expect(served('image/png', enc.encode('ascii'))).toBe('image/png');
    expect(served('application/wasm', enc.encode('ascii'))).toBe('application/wasm');
    expect(withCharset('text/html', null)).toBe('text/html');
  });
  it('applies to the essence, so applying it twice changes nothing', () => {
    const ev = encodingEvidence(enc.encode('ok'));
    expect(withCharset(withCharset('text/html', ev), ev)).toBe('text/html; charset=utf-8');
    expect(withCharset('text/html; charset=utf-8', encodingEvidence(latin1('\u00e9')))).toBe('text/html');
  });
  it('families', () => {
    expect(textFamily('image/svg+xml')).toBe('xml');
    expect(textFamily('application/atom+xml')).toBe('xml');
    expect(textFamily('application/ld+json')).toBe('text');
    expect(textFamily('text/vtt')).toBe('text');
    expect(textFamily('font/woff2')).toBeNull();
  });
});
