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

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Percent-decodes a URL path the way a file name was meant: each run of valid `%XX` escapes is
 * decoded as UTF-8, a `%` not followed by two hex digits stays a literal `%` (a browser sends
 * `<img src="100%.png">` as `/100%.png`, WHATWG URL §4.4 path state), and a run that is not valid
 * UTF-8 is kept as written rather than failing. Never throws: a decoding problem is never a 404.
 */
export function decodeUrlPath(urlPath: string): string {
  return urlPath.replace(ESCAPE_RUN, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    try {
      return STRICT_UTF8.decode(bytes);
    } catch {
      return run;
    }
  });
}

/** What a request path on a share's origin can mean, as bundle paths (see `candidatePaths`). */
export interface RequestTarget {
  /** The decoded, NFC path without its leading slashes: '' for the root, ending in '/' for a folder URL. */
  rel: string;
  isRoot: boolean;
  /** Bundle paths the URL names, most specific first (a folder URL names its index row first). */
  candidates: string[];
  /** Index rows that make `/dir` redirect to `/dir/`: the folder's index row, then `index.html`, `index.htm`; empty for folder URLs. */
  dirIndex: string[];
  /** True when the last segment has no file extension: a page route a single-page app may answer. */
  extensionless: boolean;
}

/**
 * Candidate bundle paths for a request path, most specific first: `/` → entry, `/dir/` → the
 * folder's index row (then `dir/index.html`, `dir/index.htm` for versions published before index
 * rows), `/page` → `page`, `page.html`. A name written with a literal `%` is found both as the
 * browser sends it and percent-encoded (`decodeUrlPath`); the undecoded form is tried last, so a
 * file named `a%20b.txt` is found at `/a%20b.txt` when no `a b.txt` exists. Returns null only when
 * the path cannot name a file (NUL, backslash, dot segments left after decoding).
 */
export function candidatePaths(urlPath: string): RequestTarget | null {
  const decoded = decodeUrlPath(urlPath).normalize('NFC');
  if (decoded.includes('\u0000') || decoded.includes('\\')) return null;
  const rel = decoded.replace(/^\/+/, '');
  if (rel === '') return { rel, candidates: ['index.html'], isRoot: true, dirIndex: [], extensionless: true };
  if (rel.split('/').some((s) => s === '..' || s === '.')) return null;
  const literal = urlPath.replace(/^\/+/, '').normalize('NFC');
  const alsoLiteral = literal !== rel && !literal.split('/').some((s) => s === '..' || s === '.') ? [literal] : [];
  if (rel.endsWith('/')) {
    return { rel, candidates: [rel, `${rel}index.html`, `${rel}index.htm`, ...alsoLiteral], isRoot: false, dirIndex: [], extensionless: true };
  }
  const extensionless = !/\.[a-z0-9]+$/i.test(rel.slice(rel.lastIndexOf('/') + 1));
  const candidates = [rel, ...(extensionless ? [`${rel}.html`] : []), ...alsoLiteral];
  return { rel, candidates, isRoot: false, dirIndex: [`${rel}/`, `${rel}/index.html`, `${rel}/index.htm`], extensionless };
}

/**
 * A `Location` on the share's own origin for a bundle-relative path: each segment percent-encoded,
 * so the value always starts with exactly one `/` followed by a segment, never `//` or `/\`
 * (which a browser reads as another host), and never carries CR/LF. `search` is appended as given
 * by the URL parser (`''` or `?…`). Every redirect the content origin answers is built here.
 */
export function sameOriginLocation(rel: string, search = ''): string {
  const segments = rel.split('/');
  const path = segments.map((s, i) => (s === '' && i > 0 && i < segments.length - 1 ? null : encodeURIComponent(s))).filter((s) => s !== null).join('/');
  return `/${path.replace(/^\/+/, '')}${search.startsWith('?') ? search : ''}`;
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
