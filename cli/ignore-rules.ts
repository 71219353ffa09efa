import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Never shared from a folder: version control, dependencies, OS litter and env files. */
const SKIP_NAMES = new Set(['.git', 'node_modules', '.DS_Store', 'Thumbs.db', '.svn', '.hg', '.shareignore']);
export const isEnvFile = (name: string) => name === '.env' || name.startsWith('.env.');

/** Rule files read in every folder of a shared tree, with git's semantics (the `ignore` package). */
const RULE_FILES = ['.gitignore', '.shareignore'];

interface Scope {
  /** Folder the rules belong to, relative to the shared root ('' for the root). */
  base: string;
  rules: Ignore;
}

/**
 * The skip rules for one shared folder: fixed names, `.env*`, and `.gitignore` / `.shareignore`
 * in the folder and any subfolder (each applies below the folder it sits in, as in git).
 */
export class IgnoreRules {
  private scopes: Scope[] = [];

  /** Reads the rule files in `dir` (relative path `rel`), if any. Call before walking its entries. */
  enter(dir: string, rel: string): void {
    const text = RULE_FILES.map((f) => join(dir, f)).filter((p) => existsSync(p)).map((p) => readFileSync(p, 'utf8')).join('\n');
    if (text.trim()) this.scopes.push({ base: rel, rules: ignore().add(text) });
  }

  /** Whether `rel` (a path relative to the shared root, forward slashes) is skipped. */
  skips(name: string, rel: string, isDir: boolean): boolean {
    if (SKIP_NAMES.has(name) || isEnvFile(name)) return true;
    for (const { base, rules } of this.scopes) {
      if (base && !rel.startsWith(`${base}/`)) continue;
      const inner = base ? rel.slice(base.length + 1) : rel;
      if (rules.ignores(isDir ? `${inner}/` : inner)) return true;
    }
    return false;
  }
}
