import ignore, { type Ignore } from 'ignore';
import { isSkippedPath, RULE_FILES } from './skip';

interface Scope {
  /** Folder the rules belong to, relative to the shared root ('' for the root). */
  base: string;
  rules: Ignore;
}

/** The folder a path sits in ('' at the root). */
const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** True for `.gitignore` / `.shareignore` at any depth. */
export const isRuleFile = (path: string): boolean => RULE_FILES.includes(nameOf(path));

/**
 * What one shared folder leaves out: the fixed list (core/skip.ts) plus the patterns of every
 * `.gitignore` and `.shareignore` in it, with git's semantics (the `ignore` package: `dist/`,
 * `*.log`, `!keep.log`, `/root-only`). A rule file applies to its own folder and below, as in git;
 * a folder's `.shareignore` is read after its `.gitignore`, so it can take a pattern back (`!keep.log`).
 * Runtime-free: the client only reads the rule files' text (disk, `File` objects, a zip) and hands it here.
 */
export class ShareRules {
  private scopes: Scope[] = [];

  /**
   * Adds the text of the rule file at `path` (e.g. `sub/.gitignore`). Add a folder's rules before
   * asking about what is in it, shallow folders first (orderRuleFiles).
   */
  addRuleFile(path: string, text: string): void {
    if (!text.trim() || !this.counts(path)) return;
    const base = folderOf(path);
    const scope = this.scopes.find((s) => s.base === base);
    if (scope) scope.rules.add(text);
    else this.scopes.push({ base, rules: ignore().add(text) });
  }

  /** Whether a rule file at `path` counts: not when a folder on its way is left out, as in git. */
  counts(path: string): boolean {
    const folders = path.split('/').slice(0, -1);
    return !folders.some((_, i) => this.skips(folders.slice(0, i + 1).join('/'), true));
  }

  /**
   * True when `path` (relative to the shared root, forward slashes) is left out. `isDir` asks
   * about a folder, so a walker can skip it without listing it.
   */
  skips(path: string, isDir = false): boolean {
    if (isSkippedPath(path, isDir)) return true;
    for (const { base, rules } of this.scopes) {
      if (base && !path.startsWith(`${base}/`)) continue;
      const inner = base ? path.slice(base.length + 1) : path;
      if (rules.ignores(isDir ? `${inner}/` : inner)) return true;
    }
    return false;
  }

  /** Keeps the items whose `path` these rules do not leave out. */
  filter<T extends { path: string }>(items: readonly T[]): T[] {
    return items.filter((item) => !this.skips(item.path));
  }
}

/** The rule files among `paths`, in the order to add them: shallow folders first, `.gitignore` before `.shareignore`. */
export function orderRuleFiles(paths: readonly string[]): string[] {
  const depth = (p: string) => p.split('/').length;
  return paths.filter(isRuleFile).sort((a, b) => depth(a) - depth(b) || RULE_FILES.indexOf(nameOf(a)) - RULE_FILES.indexOf(nameOf(b)));
}

/** The rules of a whole tree from the rule files among `paths`, read through `read` (the client's adapter). */
export async function rulesFor(paths: readonly string[], read: (path: string) => Promise<string>): Promise<ShareRules> {
  const rules = new ShareRules();
  for (const path of orderRuleFiles(paths)) if (rules.counts(path)) rules.addRuleFile(path, await read(path));
  return rules;
}
