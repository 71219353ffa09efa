import { pickEntry } from './entry';
import { isPage } from './pages';
import { cssReferences, htmlReferences } from './references';
import { resolveReference } from './resolve-reference';
import { applyRoot } from './root';

/** At most this many reference warnings are listed; the rest are counted. */
const MAX_WARNINGS = 20;
const utf8 = new TextDecoder();

/**
 * Warnings about references in a bundle's pages and style sheets that work from the developer's
 * disk or server but not from the link, for the publisher (the CLI and the server's zip path run
 * it; they hold the bytes):
 * - a reference whose target exists only with a different case (`Logo.PNG` for `logo.png`):
 *   macOS and Windows disks ignore case, URLs do not;
 * - a root-absolute reference (`/assets/app.js`) that resolves only from the entry page's folder,
 *   when that folder could not become the root (`core/root.ts`): the link opens the entry at
 *   `/dist/index.html`, and `/assets/app.js` is not `/dist/assets/app.js`.
 * Paths are as uploaded; the root rule is applied here as the server applies it.
 */
export function referenceWarnings(files: { path: string; bytes: Uint8Array }[], requestedEntry?: string): string[] {
  const choice = pickEntry(files.map((f) => f.path), requestedEntry);
  if (choice.entry === null) return [];
  const root = choice.root;
  const served = root ? applyRoot(files, root).files : files;
  const entry = root ? choice.entry.slice(root.length) : choice.entry;
  const entryFolder = entry.slice(0, entry.lastIndexOf('/') + 1);
  const paths = new Set(served.map((f) => f.path));
  const lowered = new Map(served.map((f) => [f.path.toLowerCase(), f.path]));
  const shown = (p: string) => `${root ?? ''}${p}`;
  const warnings: string[] = [];
  for (const file of served) {
    const css = /\.css$/i.test(file.path);
    if (!isPage(file.path) && !css) continue;
    const text = utf8.decode(file.bytes);
    for (const ref of new Set(css ? cssReferences(text) : htmlReferences(text))) {
      const r = resolveReference(file.path, ref);
      if (r.kind !== 'local' || paths.has(r.path)) continue;
      const other = lowered.get(r.path.toLowerCase());
      if (other !== undefined) {
        warnings.push(`${shown(file.path)} refers to ${ref}, but the file is ${shown(other)}: names on the web are case-sensitive (your disk ignores case). Make the two match.`);
      } else if (ref.trim().startsWith('/') && entryFolder && paths.has(`${entryFolder}${r.path}`)) {
        warnings.push(`${shown(file.path)} loads ${ref}, which only resolves from ${shown(entryFolder)} (the file is ${shown(entryFolder + r.path)}): the link opens at /${entry}, where ${ref} is not found. Share the ${shown(entryFolder)} folder itself, or make the reference relative.`);
      }
    }
  }
  if (warnings.length <= MAX_WARNINGS) return warnings;
  return [...warnings.slice(0, MAX_WARNINGS), `… and ${warnings.length - MAX_WARNINGS} more warnings like these.`];
}
