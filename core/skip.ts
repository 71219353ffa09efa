/**
 * The one list of what is never published, for every client (CLI, web app, MCP) and the server's
 * zip path: version control, dependencies, operating-system litter, environment files and the
 * rule files themselves. Pure string rules over bundle paths (forward slashes, no leading `/`).
 */

/** Folders never walked into, wherever they sit. `__MACOSX/` holds the resource forks macOS Archive Utility adds to zips. */
const SKIP_FOLDERS: ReadonlySet<string> = new Set(['.git', '.svn', '.hg', 'node_modules', '__MACOSX']);

/** Files the operating system leaves behind: Finder's folder settings, Explorer's thumbnails and folder settings. */
const JUNK_FILES: ReadonlySet<string> = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** Rule files read in every folder of a shared tree, with git's pattern semantics (core/ignore-rules.ts); never published. */
export const RULE_FILES: readonly string[] = ['.gitignore', '.shareignore'];

/** `.env`, `.env.local`, `prod.env`: files that hold secrets by convention. `name` may be a whole path. */
export const isEnvFileName = (name: string): boolean => /(^|\/)\.env(\.[^/]*)?$|(^|\/)[^/]+\.env$/.test(name);

/**
 * True for a file name that is never published. AppleDouble files (`._demo.html`) are the
 * metadata twins macOS writes beside each file on non-Apple disks and into zips; they are not
 * pages, so `demo.html` + `._demo.html` is one page.
 */
export function isJunkFileName(name: string): boolean {
  return JUNK_FILES.has(name) || name.startsWith('._') || isEnvFileName(name) || RULE_FILES.includes(name);
}

/** True for a folder name that is never walked into. */
export const isSkippedFolderName = (name: string): boolean => SKIP_FOLDERS.has(name);

/**
 * True when the fixed list leaves `path` out: a skipped folder on the way, or a junk name at the
 * end (a folder's name when `isDir`, else a file's).
 */
export function isSkippedPath(path: string, isDir = false): boolean {
  const segments = path.split('/');
  const name = segments.pop()!;
  if (segments.some(isSkippedFolderName)) return true;
  return isDir ? isSkippedFolderName(name) : isJunkFileName(name);
}
