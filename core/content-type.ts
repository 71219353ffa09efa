import { lookup } from 'mrmime';

const TEXTUAL = /^(text\/|application\/(javascript|json|xml|manifest\+json|ld\+json)|image\/svg\+xml)/;

/** The Content-Type a bundle file is served with: mrmime's table, UTF-8 declared for text so pages render as written. */
export function contentTypeFor(path: string): string {
  const type = lookup(path) ?? (/\.ico$/i.test(path) ? 'image/x-icon' : 'application/octet-stream');
  return TEXTUAL.test(type) ? `${type}; charset=utf-8` : type;
}
