import { badRequest } from './errors';

const MAX_PATH = 1024;
const MAX_SEGMENT = 255;
// Control characters (C0, DEL, C1) never belong in a file name and confuse terminals and logs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A lone UTF-16 surrogate has no UTF-8 form: a URL cannot name it, so a file so named is unreachable.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Turns a client-supplied bundle path into the one canonical form the server stores, or refuses it.
 * Refusing (rather than repairing) `..`, absolute paths and backslashes keeps a hostile bundle from
 * ever naming something outside itself, on any runtime's storage.
 */
export function normalizeBundlePath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) throw badRequest('invalid_path', 'Every file needs a non-empty path.');
  if (raw.includes('\u0000')) throw badRequest('invalid_path', `Path contains a NUL byte: ${JSON.stringify(raw)}`);
  if (raw.includes('\\')) throw badRequest('invalid_path', `Path contains a backslash (use "/"): ${JSON.stringify(raw)}`);
  if (CONTROL.test(raw)) throw badRequest('invalid_path', `Path contains a control character: ${JSON.stringify(raw)}`);
  if (LONE_SURROGATE.test(raw)) throw badRequest('invalid_path', `Path is not valid Unicode (a lone surrogate), so no URL could reach it: ${JSON.stringify(raw)}`);
  if (raw.startsWith('/') || /^[a-zA-Z]:/.test(raw)) throw badRequest('invalid_path', `Absolute paths are not allowed: ${JSON.stringify(raw)}`);
  const path = raw.normalize('NFC');
  if (path.length > MAX_PATH) throw badRequest('invalid_path', `Path is longer than ${MAX_PATH} characters.`);
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '..') throw badRequest('invalid_path', `Path may not contain "..": ${JSON.stringify(raw)}`);
    if (segment === '.' || segment === '') throw badRequest('invalid_path', `Path has an empty or "." segment: ${JSON.stringify(raw)}`);
    if (segment.length > MAX_SEGMENT) throw badRequest('invalid_path', `A path segment is longer than ${MAX_SEGMENT} characters.`);
  }
  return path;
}

/**
 * Candidate bundle paths for a request path, most specific first: `/` → entry, `/dir/` →
 * `dir/index.html`, `/page` → `page`, `page.html`. Returns null when the URL path cannot name a file.
 */
export function candidatePaths(urlPath: string): { candidates: string[]; isRoot: boolean; dirIndex: string | null } | null {
  let decoded: string;
  try {
    decoded = urlPath.split('/').map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
  if (decoded.includes('\u0000') || decoded.includes('\\')) return null;
  decoded = decoded.normalize('NFC');
  const rel = decoded.replace(/^\/+/, '');
  if (rel === '') return { candidates: ['index.html'], isRoot: true, dirIndex: null };
  if (rel.split('/').some((s) => s === '..' || s === '.')) return null;
  if (rel.endsWith('/')) return { candidates: [`${rel}index.html`], isRoot: false, dirIndex: null };
  const candidates = [rel];
  if (!/\.[a-z0-9]+$/i.test(rel)) candidates.push(`${rel}.html`);
  return { candidates, isRoot: false, dirIndex: `${rel}/index.html` };
}

/**
 * The one folder every path sits in (`site/` for `site/index.html`, `site/css/a.css`), or ''.
 * A shared folder's own name is not part of the share: the web app strips it from a picked or
 * dropped folder, the zip reader from a zipped one.
 */
export function commonTopFolder(paths: readonly string[]): string {
  const first = paths[0]?.split('/')[0];
  if (!first || paths.some((p) => !p.includes('/') || p.split('/')[0] !== first)) return '';
  return `${first}/`;
}
