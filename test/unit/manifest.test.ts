import { describe, expect, it } from 'vitest';
import { pickEntry } from '../../core/entry';
import { ApiError } from '../../core/errors';
import type { Limits } from '../../core/limits';
import { validateManifest } from '../../core/manifest';

const limits: Limits = { maxFileBytes: 100, maxShareBytes: 150, maxFiles: 3 };
/** A valid hash per size: files with one hash are one object, so they must agree on its size. */
const hashOf = (size: number) => String(Math.abs(Math.trunc(size))).padStart(64, 'a');
const file = (path: string, size = 1, sha256 = hashOf(size)) => ({ path, size, sha256 });

function refusal(body: unknown): { status: number; code: string } {
  try {
    validateManifest(body, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return { status: (err as ApiError).status, code: (err as ApiError).code };
  }
  throw new Error('accepted');
}

describe('validateManifest', () => {
  it('accepts a bundle and picks its entry', () => {
    const m = validateManifest({ files: [file('index.html'), file('a.css', 10)] }, limits);
    expect(m.entry).toBe('index.html');
    expect(m.bytes).toBe(11);
  });
  it.each([
    ['not an object', null, 400, 'invalid_manifest'],
    ['no files array', {}, 400, 'invalid_manifest'],
    ['empty bundle', { files: [] }, 400, 'empty_bundle'],
    ['too many files', { files: [file('a.html'), file('b'), file('c'), file('d')] }, 413, 'too_many_files'],
    ['file entry not an object', { files: ['index.html'] }, 400, 'invalid_manifest'],
    ['bad path', { files: [file('../x.html')] }, 400, 'invalid_path'],
    ['negative size', { files: [file('index.html', -1)] }, 400, 'invalid_manifest'],
    ['fractional size', { files: [file('index.html', 1.5)] }, 400, 'invalid_manifest'],
    ['bad hash', { files: [file('index.html', 1, 'XYZ')] }, 400, 'invalid_manifest'],
    ['uppercase hash', { files: [file('index.html', 1, 'A'.repeat(64))] }, 400, 'invalid_manifest'],
    ['duplicate path', { files: [file('index.html'), file('index.html')] }, 400, 'duplicate_path'],
    ['duplicate after NFC', { files: [file('index.html'), file('caf\u00e9.css'), file('cafe\u0301.css')] }, 400, 'duplicate_path'],
    ['file too large', { files: [file('index.html', 101)] }, 413, 'file_too_large'],
    ['share too large', { files: [file('index.html', 100), file('b.css', 51)] }, 413, 'share_too_large'],
    ['no page', { files: [file('a.css')] }, 400, 'no_entry_page'],
    ['ambiguous pages', { files: [file('a.html'), file('b.html')] }, 400, 'ambiguous_entry'],
    ['named entry missing', { files: [file('a.html')], entry: 'b.html' }, 400, 'no_entry_page'],
  ])('refuses %s', (_name, body, status, code) => {
    expect(refusal(body)).toEqual({ status, code });
  });
});

describe('pickEntry', () => {
  it('prefers index.html, else the only page', () => {
    expect(pickEntry(['a.html', 'index.html'])).toEqual({ entry: 'index.html', root: null });
    // The only page lives in docs/, so docs/ becomes the root (core/root.ts).
    expect(pickEntry(['docs/only.html', 'x.css'])).toEqual({ entry: 'docs/only.html', root: 'docs/' });
  });
  it('names the choices when ambiguous', () => {
    expect(pickEntry(['a.html', 'b.htm'])).toEqual({ entry: null, reason: 'ambiguous', choices: ['a.html', 'b.htm'] });
  });
});
