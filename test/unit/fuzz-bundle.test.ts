import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/errors';
import type { Limits } from '../../core/limits';
import { validateManifest } from '../../core/manifest';
import { normalizeBundlePath } from '../../core/paths';
import { readZip } from '../../core/zip';

/**
 * Property-based tests of everything that parses a hostile bundle. A failure prints its seed and
 * path; keep that case as a regular test beside the refusals it belongs to.
 */

const segment = fc.oneof(
  fc.constantFrom('..', '.', '', 'index.html', 'a b', 'café', 'cafe\u0301', 'CON', '...', '.env', 'x'.repeat(300), '%2e%2e', '\u0000', '\\', 'C:'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const pathLike = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('/')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('\\')}`),
);

function isRefusal(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && typeof err.code === 'string' && err.message.length > 0;
}

describe('fuzz: bundle paths', () => {
  it('either refuses with a 4xx ApiError or returns a canonical path that cannot escape the bundle', () => {
    fc.assert(fc.property(pathLike, (raw) => {
      let out: string;
      try {
        out = normalizeBundlePath(raw);
      } catch (err) {
        expect(isRefusal(err)).toBe(true);
        return;
      }
      expect(out.startsWith('/')).toBe(false);
      expect(out).not.toMatch(/[\\\u0000]/);
      expect(out.split('/').every((s) => s !== '..' && s !== '.' && s !== '')).toBe(true);
      expect(out).toBe(out.normalize('NFC'));
      expect(normalizeBundlePath(out)).toBe(out);
    }), { numRuns: 5000 });
  });
});

describe('fuzz: manifests', () => {
  const limits: Limits = { maxFileBytes: 1000, maxShareBytes: 3000, maxFiles: 20 };
  const file = fc.record({
    path: fc.oneof(pathLike, fc.constantFrom('index.html', 'a.html', 'x.css')),
    size: fc.oneof(fc.integer({ min: -5, max: 4000 }), fc.double(), fc.constant(Number.NaN)),
    sha256: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string()),
  });
  const body = fc.oneof(
    fc.record({ files: fc.array(file, { maxLength: 25 }), entry: fc.option(pathLike, { nil: undefined }) }),
    fc.anything(),
  );
  it('accepts only bundles within limits, refusing everything else with a 4xx ApiError', () => {
    fc.assert(fc.property(body, (b) => {
      try {
        const m = validateManifest(b, limits);
        expect(m.files.length).toBeGreaterThan(0);
        expect(m.files.length).toBeLessThanOrEqual(limits.maxFiles);
        expect(m.bytes).toBeLessThanOrEqual(limits.maxShareBytes);
        expect(m.files.map((f) => f.path)).toContain(m.entry);
      } catch (err) {
        expect(isRefusal(err)).toBe(true);
      }
    }), { numRuns: 3000 });
  });
});

describe('fuzz: zip archives', () => {
  const limits: Limits = { maxFileBytes: 64 * 1024, maxShareBytes: 256 * 1024, maxFiles: 50 };
  const enc = new TextEncoder();
  const validZip = fc.dictionary(fc.constantFrom('index.html', 'a.css', 'dir/b.js', 'img/c.png', 'top/index.html'), fc.string({ maxLength: 200 }), { minKeys: 1 })
    .map((files) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, enc.encode(v)]))));
  const mutation = fc.record({
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    truncate: fc.option(fc.nat(), { nil: undefined }),
  });

  it('never crashes, never exceeds the limits, never yields an unsafe path', () => {
    fc.assert(fc.property(validZip, mutation, (zip, m) => {
      let data = zip.slice();
      for (const [at, value] of m.flips) data[at % data.length] = value;
      if (m.truncate !== undefined) data = data.subarray(0, m.truncate % (data.length + 1));
      try {
        const files = readZip(data, limits);
        let total = 0;
        for (const f of files) {
          expect(normalizeBundlePath(f.path)).toBe(f.path);
          expect(f.bytes.byteLength).toBeLessThanOrEqual(limits.maxFileBytes);
          total += f.bytes.byteLength;
        }
        expect(total).toBeLessThanOrEqual(limits.maxShareBytes);
      } catch (err) {
        expect(isRefusal(err)).toBe(true);
      }
    }), { numRuns: 3000 });
  });

  it('refuses random bytes as a zip with a 4xx ApiError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      expect(() => readZip(bytes, limits)).toThrow(ApiError);
    }), { numRuns: 1000 });
  });
});
