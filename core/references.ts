import { documentLoads, manifestReferences, scriptLoads } from './runtime-references';

/**
 * Reference discovery for a single shared HTML file: which local files does the page load?
 * Pure functions over text, so each kind of reference has its own unit test; the walk over disk
 * reads through an injected function. Regexes rather than a full parser keep the CLI small and
 * fast to start; they handle quotes, case, whitespace and comments, and anything they miss is at
 * worst a broken asset the user can fix by sharing the folder instead.
 */

export type RefKind = 'html' | 'css' | 'js' | 'manifest';

/**
 * One URL a file loads, and what it is relative to: the file itself (`self`: HTML attributes, CSS,
 * module imports) or the document that runs the script (`document`: fetch, workers; HTML spec).
 */
export interface Ref {
  url: string;
  base: 'self' | 'document';
}

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const RAW_BLOCK = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi;

/** Attributes that load a file, per element (lower case). `srcset` lists are parsed separately. */
// A Map, not an object literal: tag names come from the page, and `<constructor>` must not find Object.
const URL_ATTRS = new Map<string, string[]>(Object.entries({
  script: ['src'], link: ['href'], img: ['src'], source: ['src'], video: ['src', 'poster'],
  audio: ['src'], track: ['src'], embed: ['src'], iframe: ['src'], object: ['data'], input: ['src'],
  // Links to the share's other pages, SVG sprites (`<use href="icons.svg#x">`) and SVG images.
  a: ['href'], area: ['href'], use: ['href', 'xlink:href'], image: ['href', 'xlink:href'],
}));
const SRCSET_TAGS = new Set(['img', 'source']);
const JS_TYPES = /^(|text\/javascript|application\/javascript|module|text\/babel)$/i;

const ATTR_ENTITIES = new Map(Object.entries({ amp: '&', quot: '"', apos: "'", '#39': "'", lt: '<', gt: '>' }));

function decodeEntities(s: string): string {
  return s.replace(/&(amp|quot|apos|#39|lt|gt);/g, (_, e: string) => ATTR_ENTITIES.get(e) ?? _);
}

function attributes(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of raw.matchAll(ATTR)) out.set(m[1].toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

/** The URLs of a `srcset`: each candidate is a URL then optional descriptors, separated by commas (URLs may contain commas). */
export function parseSrcset(value: string): string[] {
  const urls: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i])) i++;
    const start = i;
    while (i < value.length && !/\s/.test(value[i])) i++;
    let url = value.slice(start, i);
    const endsWithComma = url.endsWith(',');
    url = url.replace(/,+$/, '');
    if (url) urls.push(url);
    if (endsWithComma) continue;
    let depth = 0;
    while (i < value.length && (value[i] !== ',' || depth > 0)) {
      if (value[i] === '(') depth++;
      else if (value[i] === ')') depth--;
      i++;
    }
  }
  return urls;
}

/** URLs in CSS: `url(...)` (quoted or not) and `@import "..."`; comments ignored. */
export function cssReferences(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  const out: string[] = [];
  for (const m of text.matchAll(/\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/gi)) out.push((m[1] ?? m[2] ?? m[3] ?? '').trim());
  for (const m of text.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) out.push(m[1] ?? m[2]);
  return out.filter(Boolean);
}

/**
 * Module specifiers in JavaScript: `import … from '…'`, bare `import '…'`, `export … from '…'`
 * and dynamic `import('…')`. Only relative or root specifiers (`./`, `../`, `/`) name files;
 * bare ones (`react`) are left to an import map or a CDN.
 */
export function jsReferences(js: string): string[] {
  const out: string[] = [];
  const patterns = [
    /(?:^|[^\w$.])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?(["'])([^"'\n]+)\1/g,
    /(?:^|[^\w$.])export\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(["'])([^"'\n]+)\1/g,
    /(?:^|[^\w$.])import\s*\(\s*(["'`])([^"'`\n]+)\1\s*[,)]/g,
  ];
  for (const re of patterns) for (const m of js.matchAll(re)) out.push(m[2]);
  return out.filter((s) => /^(\.{1,2})?\//.test(s));
}

/**
 * Every URL an HTML document loads: element attributes, srcsets, inline styles, `<style>` blocks
 * and inline scripts' imports and run-time loads (all relative to the document itself).
 */
export function htmlReferences(html: string): string[] {
  const { loads, runtime } = htmlLoads(html);
  return [...loads, ...runtime];
}

/** An HTML document's loads, split into what its markup and imports name and what its inline scripts load at run time. */
function htmlLoads(html: string): { loads: string[]; runtime: string[] } {
  const out: string[] = [];
  const runtime: string[] = [];
  const text = html.replace(/<!--[\s\S]*?-->/g, ' ');
  const blocks = text.replace(RAW_BLOCK, (_, tag: string, attrs: string, body: string) => {
    const a = attributes(attrs);
    if (tag.toLowerCase() === 'style') out.push(...cssReferences(body));
    else if (!a.has('src') && JS_TYPES.test(a.get('type') ?? '')) {
      out.push(...jsReferences(body), ...scriptLoads(body));
      runtime.push(...documentLoads(body));
    }
    return `<${tag}${attrs}></${tag}>`;
  });
  for (const m of blocks.matchAll(TAG)) {
    const tag = m[1].toLowerCase();
    const a = attributes(m[2] ?? '');
    for (const name of URL_ATTRS.get(tag) ?? []) {
      const v = a.get(name);
      if (v === undefined || v.trim() === '') continue;
      if (tag === 'input' && a.get('type')?.toLowerCase() !== 'image') continue;
      if (tag === 'link' && /\b(dns-prefetch|preconnect)\b/i.test(a.get('rel') ?? '')) continue;
      out.push(v.trim());
    }
    if (SRCSET_TAGS.has(tag) && a.get('srcset')) out.push(...parseSrcset(a.get('srcset')!));
    if (a.get('style')) out.push(...cssReferences(a.get('style')!));
  }
  return { loads: out, runtime };
}

/** Which kind of file a path is, for scanning its own references; null for files that reference nothing we follow. */
export function kindOf(path: string): RefKind | null {
  if (/\.html?$/i.test(path)) return 'html';
  if (/\.css$/i.test(path)) return 'css';
  if (/\.m?js$/i.test(path)) return 'js';
  if (/(\.webmanifest|(^|\/)manifest\.json)$/i.test(path)) return 'manifest';
  return null;
}

const self = (url: string): Ref => ({ url, base: 'self' });

/** The URLs a file of `kind` loads, each with what it resolves against. */
export function referencesIn(kind: RefKind, text: string): Ref[] {
  if (kind === 'html') {
    const { loads, runtime } = htmlLoads(text);
    return [...loads.map(self), ...runtime.map((url): Ref => ({ url, base: 'document' }))];
  }
  if (kind === 'css') return cssReferences(text).map(self);
  if (kind === 'manifest') return manifestReferences(text).map(self);
  return [...jsReferences(text).map(self), ...scriptLoads(text).map(self), ...documentLoads(text).map((url): Ref => ({ url, base: 'document' }))];
}
