import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isRuleFile, ShareRules } from '../core/ignore-rules';
import { CliError } from './errors';

/** What a watcher reports: a path relative to the shared folder (forward slashes), or a file's name. */
export type OnChange = (path: string) => void;

export interface FileWatcher {
  /** Lone-file mode: the files to watch from now on (absolute paths), e.g. after a publish found new references. */
  setFiles(files: readonly string[]): void;
  close(): void;
}

const toPosix = (p: string) => p.split(sep).join('/');

/**
 * Opens a non-recursive watcher on one folder. Folders are watched, never files: editors that
 * save atomically (write a temp file, rename it over the original: vim, VS Code, JetBrains) replace
 * the file's inode, and a watcher on the old inode goes silent; the folder sees the rename.
 * Too many watchers (Linux's fs.inotify.max_user_watches) is reported in words.
 */
function watchFolder(dir: string, onEvent: (name: string | null, type: string) => void): FSWatcher {
  try {
    const w = watch(dir, { persistent: true }, (type, name) => onEvent(name === null ? null : String(name), type));
    w.on('error', () => onEvent(null, 'rename'));
    return w;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EMFILE') {
      throw new CliError(`cannot watch ${dir}: the system's limit of watched folders is reached (${code}). Raise it (Linux: sysctl fs.inotify.max_user_watches=524288), or share a smaller folder`);
    }
    throw new CliError(`cannot watch ${dir}: ${(err as Error).message}`);
  }
}

/**
 * Watches a shared folder the way `collect` reads it: every folder it would walk into gets a
 * watcher, and nothing the bundle rules leave out (core/skip.ts: .git, node_modules, OS litter,
 * .env files; .gitignore and .shareignore patterns, core/ignore-rules.ts) is watched or reported.
 * Node 20's `recursive: true` on Linux puts an inotify watch on every file and folder (measured: a
 * tree of 53 folders and 50 files took 105), node_modules included,
 * and could not apply the rules. New and removed folders, and edited rule files, re-read the tree.
 */
export function watchTree(root: string, onChange: OnChange): FileWatcher {
  const watchers = new Map<string, FSWatcher>();
  let rules = new ShareRules();

  const walk = (rel: string, keep: Set<string>, next: ShareRules) => {
    keep.add(rel);
    const dir = rel ? join(root, ...rel.split('/')) : root;
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isFile() && isRuleFile(path)) {
        try { next.addRuleFile(path, readFileSync(join(dir, e.name), 'utf8')); } catch { /* gone meanwhile */ }
      }
    }
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !e.isSymbolicLink() && !next.skips(path, true)) walk(path, keep, next);
    }
  };

  const sync = () => {
    const keep = new Set<string>();
    const next = new ShareRules();
    walk('', keep, next);
    rules = next;
    for (const [rel, w] of watchers) if (!keep.has(rel)) { w.close(); watchers.delete(rel); }
    for (const rel of keep) {
      if (watchers.has(rel)) continue;
      watchers.set(rel, watchFolder(rel ? join(root, ...rel.split('/')) : root, (name, type) => onEvent(rel, name, type)));
    }
  };

  const onEvent = (rel: string, name: string | null, type: string) => {
    if (name === null) { sync(); onChange(rel || '.'); return; }
    const path = rel ? `${rel}/${toPosix(name)}` : toPosix(name);
    if (isRuleFile(path)) { sync(); onChange(path); return; }
    let isDir = watchers.has(path);
    try { isDir = statSync(join(root, ...path.split('/'))).isDirectory(); } catch { /* removed: as it was */ }
    if (rules.skips(path, isDir)) return;
    if (type === 'rename' && (isDir || watchers.has(path))) sync();
    onChange(isDir ? `${path}/` : path);
  };

  sync();
  return {
    setFiles: () => {},
    close: () => { for (const w of watchers.values()) w.close(); watchers.clear(); },
  };
}

/**
 * Watches a lone HTML file and the local files it brought along (or a zip alone): one watcher
 * per folder holding one of them, reporting only those files' names (relative to `base`, the
 * shared file's folder). `setFiles` replaces the set after each publish, as references change.
 */
export function watchFiles(base: string, files: readonly string[], onChange: OnChange): FileWatcher {
  const watchers = new Map<string, { w: FSWatcher; names: Set<string> }>();
  const setFiles = (list: readonly string[]) => {
    const byDir = new Map<string, Set<string>>();
    for (const f of list) {
      const dir = dirname(f);
      if (!existsSync(dir)) continue;
      if (!byDir.has(dir)) byDir.set(dir, new Set());
      byDir.get(dir)!.add(relative(dir, f));
    }
    for (const [dir, entry] of watchers) if (!byDir.has(dir)) { entry.w.close(); watchers.delete(dir); }
    for (const [dir, names] of byDir) {
      const entry = watchers.get(dir);
      if (entry) { entry.names = names; continue; }
      const created = { names, w: watchFolder(dir, (name) => {
        if (name === null) return onChange(toPosix(relative(base, dir)) || '.');
        if (created.names.has(name)) onChange(toPosix(relative(base, join(dir, name))));
      }) };
      watchers.set(dir, created);
    }
  };
  setFiles(files);
  return {
    setFiles,
    close: () => { for (const { w } of watchers.values()) w.close(); watchers.clear(); },
  };
}
