import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/errors';
import { validateManifest } from '../../core/manifest';
import { DEFAULT_LIMITS } from '../../core/limits';
import { isReservedPath, refuseReservedPaths } from '../../core/reserved-paths';

const file = (path: string, i = 0) => ({ path, size: 1, sha256: i.toString(16).padStart(64, '0') });
const codeOf = (fn: () => unknown) => { try { fn(); return null; } catch (err) { return err instanceof ApiError ? `${err.status} ${err.code}` : String(err); } };

describe('the reserved path /__share/', () => {
  it('is refused in a manifest, with its own code and a message naming the file', () => {
    const m = { files: [file('index.html'), file('__share/feedback.js', 1)] };
    expect(codeOf(() => validateManifest(m, DEFAULT_LIMITS))).toBe('400 reserved_path');
    try { validateManifest(m, DEFAULT_LIMITS); } catch (err) {
      expect((err as ApiError).message).toMatch(/^__share\/feedback\.js is under \/__share\/, which every link keeps/);
      expect((err as ApiError).details).toEqual({ paths: ['__share/feedback.js'] });
    }
  });

  it('is refused whatever the case, and as served after the root rule (dist/__share/x is /__share/x)', () => {
    expect(codeOf(() => validateManifest({ files: [file('index.html'), file('__SHARE/x.css', 1)] }, DEFAULT_LIMITS))).toBe('400 reserved_path');
    expect(codeOf(() => validateManifest({ files: [file('dist/index.html'), file('dist/__share/live', 1), file('README.md', 2)] }, DEFAULT_LIMITS))).toBe('400 reserved_path');
  });

  it('leaves look-alikes alone: __share.html, a/__share/x, __shared/x', () => {
    for (const p of ['__share.html', 'a/__share/x.js', '__shared/x.js', '_share/x']) expect(isReservedPath(p)).toBe(false);
    expect(codeOf(() => refuseReservedPaths(['__share.html', 'a/__share/x.js', '__shared/x.js']))).toBeNull();
    expect(codeOf(() => validateManifest({ files: [file('index.html'), file('a/__share/x.js', 1)] }, DEFAULT_LIMITS))).toBeNull();
  });
});
