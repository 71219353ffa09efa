import { mimes } from 'mrmime';

/**
 * Where mrmime's table (IANA + Apache) would stop a page from working, the type a browser needs.
 * With `X-Content-Type-Options: nosniff` a browser runs a script only when its type is a
 * JavaScript MIME type and applies a style only as `text/css` (WHATWG Fetch §3.5 "should
 * response to request be blocked due to nosniff"), and instantiates wasm only as
 * `application/wasm`. Decisions:
 * - `.cjs` (CommonJS, e.g. Vite library mode's `lib.umd.cjs`; mrmime: `application/node`) and
 *   `.jsx` (mrmime: `text/jsx`) are JavaScript: a page may load either with `<script src>`.
 * - TypeScript is not run by browsers. `.ts` and `.mts` stay `video/mp2t`: HLS video segments use
 *   `.ts` (and cameras `.mts`), and a playlist's segments must play. `.tsx` and `.cts` are served
 *   as source text (`text/plain`), which in-browser transpilers fetch whatever the type.
 * - `.m3u8` is an HLS playlist, `.ico` an icon; a few common formats mrmime lacks are added.
 */
const OVERRIDES: Record<string, string> = {
  cjs: 'text/javascript',
  jsx: 'text/javascript',
  tsx: 'text/plain',
  cts: 'text/plain',
  ico: 'image/x-icon',
  m3u8: 'application/vnd.apple.mpegurl',
  flac: 'audio/flac',
  eot: 'application/vnd.ms-fontobject',
  tar: 'application/x-tar',
  tgz: 'application/gzip',
  usdz: 'model/vnd.usdz+zip',
};

export type ContentCoding = 'gzip' | 'br';

/**
 * A pre-compressed file: `x.ext.gz` / `x.ext.br` (game-engine and bundler exports, e.g. Unity's
 * `Build/game.wasm.br`) hold `x.ext` compressed, and are served with `Content-Encoding` and the
 * type of `x.ext`; `.svgz` is gzip-compressed SVG. A name without an inner extension (`data.gz`)
 * or an archive inside (`x.tar.gz`) is a download, served as it is. Null for anything else.
 */
export function precompressed(path: string): { coding: ContentCoding; inner: string } | null {
  if (/\.svgz$/i.test(path)) return { coding: 'gzip', inner: `${path.slice(0, -5)}.svg` };
  const m = /^(.*[^/]\.([a-z0-9]+))\.(gz|br)$/i.exec(path);
  if (!m || /^(tar|gz|br|zip|tgz)$/i.test(m[2])) return null;
  return { coding: m[3].toLowerCase() === 'gz' ? 'gzip' : 'br', inner: m[1] };
}

/**
 * The Content-Type a bundle file is stored and served with, without any charset: mrmime's table
 * with the `OVERRIDES` above, and for a pre-compressed file the type of what it holds. Whether
 * `; charset=utf-8` is added is decided from the bytes at publish (`core/charset.ts`).
 */
export function contentTypeFor(path: string): string {
  const packed = precompressed(path);
  if (packed) return contentTypeFor(packed.inner);
  const ext = /\.([^./]+)$/.exec(path)?.[1].toLowerCase() ?? '';
  return (Object.hasOwn(OVERRIDES, ext) ? OVERRIDES[ext] : undefined) ?? ownType(path) ?? 'application/octet-stream';
}

/**
 * mrmime's type for a path's extension, looked up as an own property only: its table is a plain
 * object, so `x.constructor` or `__proto__` would otherwise find Object's members (and a function
 * reached the database as a content type).
 */
function ownType(path: string): string | undefined {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return Object.hasOwn(mimes, ext) ? mimes[ext as keyof typeof mimes] : undefined;
}
