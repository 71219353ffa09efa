import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/errors';
import type { Limits } from '../../core/limits';
import { validateManifest } from '../../core/manifest';
import { normalizeBundlePath } from '../../core/paths';
import { readZip } from '../../core/zip';
import { writeZip } from '../helpers/zip-writer';

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

  /** Reads `data`: it is refused with a 4xx ApiError, or yields safe paths within the limits. */
  async function holdsTheRules(data: Uint8Array, rawNames: Uint8Array[] = []): Promise<void> {
    try {
      const files = await readZip(data, limits);
      expect(files.length).toBeLessThanOrEqual(limits.maxFiles);
      let total = 0;
      for (const f of files) {
        expect(normalizeBundlePath(f.path)).toBe(f.path);
        expect(f.bytes.byteLength).toBeLessThanOrEqual(limits.maxFileBytes);
        // A U+FFFD in a name must have been in the zip's own bytes, never made by our decoding.
        if (f.path.includes('\uFFFD')) expect(rawNames.some((n) => n.join(',').includes('239,191,189'))).toBe(true);
        total += f.bytes.byteLength;
      }
      expect(total).toBeLessThanOrEqual(limits.maxShareBytes);
    } catch (err) {
      expect(isRefusal(err), String(err)).toBe(true);
    }
  }

  it('never crashes, never exceeds the limits, never yields an unsafe path', async () => {
    await fc.assert(fc.asyncProperty(validZip, mutation, async (zip, m) => {
      let data = zip.slice();
      for (const [at, value] of m.flips) data[at % data.length] = value;
      if (m.truncate !== undefined) data = data.subarray(0, m.truncate % (data.length + 1));
      await holdsTheRules(data);
    }), { numRuns: 3000 });
  });

  // Central directories a writer would never produce: records copied (the overlap of issue 12),
  // offsets and sizes moved, names of any bytes with or without the UTF-8 flag, junk between entries.
  // Most cases stay near a valid zip, so reads that succeed are explored as well as refusals.
  const field = fc.constantFrom('localOffset', 'compressedSize', 'size', 'crc', 'method', 'flags');
  const edit = fc.tuple(fc.nat(), field, fc.oneof(fc.integer({ min: 0, max: 300 }), fc.nat(), fc.constant(0xffffffff)));
  const hostile = fc.record({
    entries: fc.array(fc.record({
      name: fc.oneof({ arbitrary: fc.constantFrom('index.html', 'a\\b.css', '..\\x.js', 'dir/c.txt', 'd/e/f.js'), weight: 4 }, { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 12 }), weight: 1 }),
      flags: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.constant(0x800), weight: 1 }),
      data: fc.uint8Array({ maxLength: 300 }),
      method: fc.constantFrom(0 as const, 8 as const),
      descriptor: fc.boolean(),
    }), { minLength: 1, maxLength: 5 }),
    copies: fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })), { maxLength: 2 }), weight: 1 }),
    edits: fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(edit, { maxLength: 2 }), weight: 1 }),
    gap: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })), weight: 1 }),
  });

  it('mutated central directories never crash, overrun the limits or decode a name to U+FFFD', async () => {
    await fc.assert(fc.asyncProperty(hostile, async (h) => {
      const zip = writeZip(h.entries.map((e) => ({ ...e, name: typeof e.name === 'string' ? enc.encode(e.name) : e.name })), {
        before: h.gap ? { [h.gap[0] % h.entries.length]: h.gap[1] } : undefined,
        records: (rs) => {
          let out = [...rs];
          for (const [i, times] of h.copies) out = [...out, ...Array.from({ length: times }, (_, k) => ({ ...rs[i % rs.length], name: enc.encode(`copy${k}.txt`) }))];
          for (const [i, key, value] of h.edits) out[i % out.length] = { ...out[i % out.length], [key]: value >>> 0 };
          return out;
        },
      });
      await holdsTheRules(zip, h.entries.map((e) => (typeof e.name === 'string' ? enc.encode(e.name) : e.name)));
    }), { numRuns: 1500 });
  });

  it('refuses random bytes as a zip with a 4xx ApiError', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
      await expect(readZip(bytes, limits)).rejects.toThrow(ApiError);
    }), { numRuns: 1000 });
  });
});
