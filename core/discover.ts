/** The walk of reference discovery: from a lone page through what it loads (core/references.ts reads each file's references). */
import { kindOf, referencesIn } from './references';
import { resolveReference } from './resolve-reference';

/** A local file a page loads that could not be read (not on disk, or not among the files picked). */
export interface MissingReference {
  /** Path relative to the root, as it would be published. */
  path: string;
  /** The URL as written, and the file that wrote it. */
  ref: string;
  from: string;
}

export interface Discovery {
  /** Paths relative to the root, in discovery order, excluding the entry itself. */
  found: string[];
  missing: MissingReference[];
  warnings: string[];
}

/**
 * Follows references from `entry` through HTML, CSS and JS files. `read` returns a file's text
 * (any string for a file that references nothing we follow), or null when it cannot be read; it
 * may be async (a browser `File`, a disk read). Each file is read once. `keep` can refuse a path
 * (e.g. the skip list); a refused path is neither read nor included, and is warned about.
 */
export async function discover(
  entry: string,
  read: (path: string) => string | null | Promise<string | null>,
  keep: (path: string) => boolean = () => true,
): Promise<Discovery> {
  const seen = new Set([entry]);
  const out: Discovery = { found: [], missing: [], warnings: [] };
  // `doc` is the page whose scripts these are: document-relative loads (fetch, workers) resolve against it.
  const queue: { path: string; text: string; doc: string }[] = [];
  const entryText = await read(entry);
  if (entryText !== null) queue.push({ path: entry, text: entryText, doc: entry });
  for (let item = queue.shift(); item; item = queue.shift()) {
    const kind = kindOf(item.path);
    if (!kind) continue;
    for (const { url: ref, base } of referencesIn(kind, item.text)) {
      const r = resolveReference(base === 'document' ? item.doc : item.path, ref);
      if (r.kind === 'outside') {
        const w = `not included: ${ref} (referenced by ${item.path}) is outside the shared file's folder`;
        if (!out.warnings.includes(w)) out.warnings.push(w);
        continue;
      }
      if (r.kind !== 'local' || seen.has(r.path)) continue;
      seen.add(r.path);
      if (!keep(r.path)) {
        out.warnings.push(`not included: ${ref} (referenced by ${item.path}) is a file that is never shared`);
        continue;
      }
      // `/page` is served from page.html when there is no file `page` (as the server resolves it).
      let path = r.path;
      let text = await read(path);
      if (text === null && !/\.[a-z0-9]+$/i.test(path) && !seen.has(`${path}.html`) && keep(`${path}.html`)) {
        text = await read(`${path}.html`);
        if (text !== null) { path = `${path}.html`; seen.add(path); }
      }
      if (text === null) {
        out.missing.push({ path: r.path, ref, from: item.path });
        out.warnings.push(base === 'document'
          ? `missing: ${ref} (loaded at run time by ${item.path}) was not found; share the folder instead if the page needs it`
          : `missing: ${ref} (referenced by ${item.path}) was not found`);
        continue;
      }
      out.found.push(path);
      if (kindOf(path)) queue.push({ path, text, doc: kindOf(path) === 'html' ? path : item.doc });
    }
  }
  return out;
}
