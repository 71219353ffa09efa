/**
 * The one index rule, for `/`, every `/dir/` and the `/dir` → `/dir/` redirect: a folder's index
 * page is its `index.html`, else its `index.htm`, else the one file whose name equals either
 * ignoring case (`Index.html`, `INDEX.HTM`) when there is exactly one such file. Names on the web
 * are case-sensitive while macOS and Windows disks are not, so a page that worked from disk as
 * `Index.html` is still found, and publishing warns about it (`indexWarnings`).
 */

export type IndexChoice = { path: string; caseOnly: boolean } | { path: null; ambiguous: string[] };

/** Files grouped by folder ('' for the top, else `dir/`), each as its name within the folder. */
function byFolder(paths: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of paths) {
    const cut = p.lastIndexOf('/') + 1;
    const folder = p.slice(0, cut);
    const list = out.get(folder);
    if (list) list.push(p.slice(cut));
    else out.set(folder, [p.slice(cut)]);
  }
  return out;
}

function choose(folder: string, names: string[]): IndexChoice | null {
  for (const exact of ['index.html', 'index.htm']) if (names.includes(exact)) return { path: `${folder}${exact}`, caseOnly: false };
  const loose = names.filter((n) => /^index\.html?$/i.test(n));
  if (loose.length === 1) return { path: `${folder}${loose[0]}`, caseOnly: true };
  return loose.length > 1 ? { path: null, ambiguous: loose.map((n) => `${folder}${n}`) } : null;
}

/** The index page of one folder (`''` for the top, else `dir/`) among `paths`, or null when it has none. */
export function indexPageOf(paths: Iterable<string>, folder: string): IndexChoice | null {
  const names = byFolder(paths).get(folder);
  return names ? choose(folder, names) : null;
}

/** Every folder below the top that has an index page: `dir/` → its index file's path. */
export function folderIndexes(paths: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [folder, names] of byFolder(paths)) {
    if (folder === '') continue;
    const c = choose(folder, names);
    if (c?.path) out.set(folder, c.path);
  }
  return out;
}

/**
 * Case-only differences worth a warning at publish: an index page found only by ignoring case,
 * several candidates that differ only in case (none is served), and two files whose paths differ
 * only in case (one file on a macOS or Windows disk, two here).
 */
export function caseWarnings(paths: string[]): string[] {
  const warnings: string[] = [];
  const told = new Set<string>();
  for (const [folder, names] of byFolder(paths)) {
    const c = choose(folder, names);
    const url = `/${folder}`;
    if (c?.path && c.caseOnly) {
      warnings.push(`${c.path} is served at ${url} although its name is not index.html (it differs only in case); a link to ${folder}index.html will not find it: names are case-sensitive on the web. Rename it to index.html.`);
    } else if (c && c.path === null) {
      warnings.push(`${c.ambiguous.join(', ')} differ only in case, so none is served at ${url}; rename the one you mean to index.html.`);
      for (const p of c.ambiguous) told.add(p);
    }
  }
  const seen = new Map<string, string>();
  for (const p of paths) {
    const key = p.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined && !(told.has(other) && told.has(p))) warnings.push(`${other} and ${p} differ only in case: two files here, but one file on macOS and Windows disks; links must match the case exactly.`);
    else seen.set(key, p);
  }
  return warnings;
}
