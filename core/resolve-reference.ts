/** Resolving a URL a shared file names to a path inside the share, as a browser would resolve it. */

/** How a URL found in a file relates to the share. */
export type Resolved =
  | { kind: 'local'; path: string }
  | { kind: 'outside'; ref: string }
  | { kind: 'ignored' };

/**
 * Where a URL found in `from` (a path relative to the share root) points. Remote URLs, `data:`,
 * `mailto:`, other schemes, `#anchors` and template placeholders are ignored. A root path `/x` is
 * the share's root, which is the shared file's folder (each share has its own origin). Query
 * strings and fragments are dropped; percent-escapes are decoded to match names on disk.
 */
export function resolveReference(from: string, ref: string): Resolved {
  const raw = ref.trim();
  if (!raw || raw.startsWith('#') || raw.startsWith('//') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(raw)) return { kind: 'ignored' };
  if (/\$\{|\{\{|<%/.test(raw)) return { kind: 'ignored' };
  let path = raw.replace(/[?#].*$/, '');
  if (!path) return { kind: 'ignored' };
  try { path = decodeURIComponent(path); } catch { /* keep as written */ }
  path = path.replace(/\\/g, '/');
  const base = path.startsWith('/') ? [] : from.split('/').slice(0, -1);
  const joined = resolveSegments(base, path);
  if (joined === null) return { kind: 'outside', ref: raw };
  if (joined === '') return { kind: 'ignored' };
  // A folder URL is its index page, as the server serves it.
  if (joined.endsWith('/')) return { kind: 'local', path: `${joined}index.html` };
  return { kind: 'local', path: joined };
}

/**
 * Resolves `path` against the folder segments `base` the way a browser resolves a relative URL
 * (RFC 3986 §5.2.4 dot-segment removal), except that climbing above the root answers null.
 * Pure string work, so the core runs in browsers and workerd too (no `node:path`).
 */
function resolveSegments(base: string[], path: string): string | null {
  const out = [...base];
  const parts = path.split('/');
  let above = false;
  parts.forEach((seg, i) => {
    const last = i === parts.length - 1;
    if (seg === '..') {
      if (out.length === 0) above = true;
      else out.pop();
      if (last) out.push('');
    } else if (seg === '.' || (seg === '' && !last)) {
      if (last) out.push('');
    } else out.push(seg);
  });
  return above ? null : out.join('/');
}
