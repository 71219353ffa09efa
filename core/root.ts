import { isPage } from './pages';

/**
 * The root rule. A bundle whose pages all live under one folder (a bundler's `dist/` next to a
 * README, a zipped project) is served with that folder as the link's root, so the root-absolute
 * references a build writes (`/assets/app.js`) resolve as they do on the developer's server.
 * The root is the common folder of every file under the pages' top-level folder, so relative
 * references between its subfolders (`../img/x.png`) keep working. Files outside it stay at
 * their own paths, unless a file of the root takes that path.
 */

/** The longest folder prefix (`a/b/`, or `''`) shared by every path's folder. */
function commonFolder(paths: string[]): string {
  let common = paths[0].slice(0, paths[0].lastIndexOf('/') + 1).split('/').slice(0, -1);
  for (const p of paths.slice(1)) {
    const segs = p.split('/').slice(0, -1);
    let i = 0;
    while (i < common.length && i < segs.length && common[i] === segs[i]) i++;
    common = common.slice(0, i);
  }
  return common.length ? `${common.join('/')}/` : '';
}

/**
 * The folder (`dist/`) that becomes the share's root, or null: null when there is no page, when
 * a page sits at the top, when pages live under different top-level folders, or when a named
 * entry page lies outside the folder.
 */
export function chooseRoot(paths: string[], requestedEntry?: string): string | null {
  const pages = paths.filter(isPage);
  if (pages.length === 0 || pages.some((p) => !p.includes('/'))) return null;
  const top = `${pages[0].split('/')[0]}/`;
  if (!pages.every((p) => p.startsWith(top))) return null;
  const root = commonFolder(paths.filter((p) => p.startsWith(top)));
  if (requestedEntry !== undefined && !requestedEntry.startsWith(root)) return null;
  return root;
}

/**
 * Serves `root` at `/`: its files lose the prefix; a file outside it keeps its path, unless a
 * file of the root now has that path, in which case the outside file is left out (listed in `dropped`).
 */
export function applyRoot<T extends { path: string }>(files: T[], root: string): { files: T[]; dropped: string[] } {
  const inside = files.filter((f) => f.path.startsWith(root)).map((f) => ({ ...f, path: f.path.slice(root.length) }));
  const taken = new Set(inside.map((f) => f.path));
  const dropped: string[] = [];
  const outside = files.filter((f) => !f.path.startsWith(root)).filter((f) => {
    if (!taken.has(f.path)) return true;
    dropped.push(f.path);
    return false;
  });
  return { files: [...inside, ...outside], dropped };
}

/** The publish note for a root: what the link serves at `/`. */
export const rootNote = (root: string) => `${root} is the link's root: every page is inside it, so ${root}x is served at /x`;
