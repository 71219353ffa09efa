import { mimes } from 'mrmime';

const TEXTUAL = /^(text\/|application\/(javascript|json|xml|manifest\+json|ld\+json)|image\/svg\+xml)/;

/** The Content-Type a bundle file is served with: mrmime's table, UTF-8 declared for text so pages render as written. */
export function contentTypeFor(path: string): string {
  const type = ownType(path) ?? (/\.ico$/i.test(path) ? 'image/x-icon' : 'application/octet-stream');
  return TEXTUAL.test(type) ? `${type}; charset=utf-8` : type;
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
