import { indexPageOf } from './index-pages';
import { isPage } from './pages';
import { applyRoot, chooseRoot } from './root';

/**
 * `entry` is given as a path of the bundle as uploaded; `root` is the folder served at `/`
 * (`core/root.ts`), or null.
 */
export type EntryChoice = { entry: string; root: string | null } | { entry: null; reason: 'none' | 'ambiguous'; choices: string[] };

/**
 * Which page a bundle opens on. The root rule applies first (pages all inside `dist/` make
 * `dist/` the root); then a named page, else the root folder's index page by the index rule
 * (`core/index-pages.ts`: index.html, index.htm, a case-only match), else its only HTML page.
 * Shared by the CLI and the web app (to fail before uploading) and the server (to refuse a
 * bundle it could not serve at `/`).
 */
export function pickEntry(paths: string[], requested?: string): EntryChoice {
  const root = chooseRoot(paths, requested);
  const prefix = root ?? '';
  const served = root ? applyRoot(paths.map((path) => ({ path })), root).files.map((f) => f.path) : paths;
  if (requested) return paths.includes(requested) ? { entry: requested, root } : { entry: null, reason: 'none', choices: [] };
  const index = indexPageOf(served, '');
  if (index?.path) return { entry: `${prefix}${index.path}`, root };
  const pages = served.filter(isPage);
  if (pages.length === 1) return { entry: `${prefix}${pages[0]}`, root };
  // With a root, every page is inside it (`chooseRoot`), so each choice is named as uploaded by adding the prefix back.
  return { entry: null, reason: pages.length === 0 ? 'none' : 'ambiguous', choices: pages.slice(0, 20).map((p) => `${prefix}${p}`) };
}
