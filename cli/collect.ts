import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { collectBundle, type CollectedBundle, type CollectInput, type SourceFile } from '../core/bundle';
import { ApiError } from '../core/errors';
import { isRuleFile, ShareRules } from '../core/ignore-rules';
import { DEFAULT_LIMITS } from '../core/limits';
import { describeFindings, type SecretFinding } from '../core/secrets';
import { CliError, EXIT } from './errors';
import { say } from './words';

/** What the CLI publishes: the core's collected bundle, plus the CLI's own notes (skipped symbolic links). */
export type Bundle = CollectedBundle;

const diskFile = (path: string, full: string, size: number): SourceFile => ({ path, size, read: () => readFile(full) });

/**
 * Walks a folder on disk into source files. Folders the rules leave out (node_modules, a
 * `.gitignore`d `dist/`) are not even listed: each folder's rule files are read before its
 * entries. Rule files are passed on too, so the core applies the very same rules again.
 */
function walk(root: string, rel: string, out: SourceFile[], warnings: string[], rules: ShareRules): void {
  const dir = rel ? join(root, ...rel.split('/')) : root;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isFile() && isRuleFile(path)) {
      const text = readFileSync(join(dir, e.name), 'utf8');
      rules.addRuleFile(path, text);
      out.push({ path, size: Buffer.byteLength(text), read: async () => new TextEncoder().encode(text) });
    }
  }
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (rules.skips(path, e.isDirectory())) continue;
    if (e.isSymbolicLink()) warnings.push(`skipped symbolic link ${path}`);
    else if (e.isDirectory()) walk(root, path, out, warnings, rules);
    else if (e.isFile()) out.push(diskFile(path, join(dir, e.name), statSync(join(dir, e.name)).size));
  }
}

/** A lone HTML file: the page, and the disk beside it for the files it loads (regular files only, never links). */
function pageInput(path: string): Pick<CollectInput, 'files' | 'lookup'> {
  const root = dirname(path);
  const page = basename(path);
  return {
    files: [diskFile(page, path, statSync(path).size)],
    lookup: async (rel) => {
      const full = join(root, ...rel.split('/'));
      try {
        const st = lstatSync(full);
        return st.isFile() ? diskFile(rel, full, st.size) : null;
      } catch {
        return null;
      }
    },
  };
}

/** The core's refusals in the CLI's words and exit codes (see README "Exit codes"). */
function cliRefusal(err: unknown, path: string, requestedEntry?: string): unknown {
  if (!(err instanceof ApiError)) return err;
  switch (err.code) {
    case 'likely_secrets':
      return new CliError(describeFindings((err.details as { findings: SecretFinding[] }).findings, say('allowSecrets')), EXIT.secrets);
    case 'empty_bundle':
      return new CliError(`the folder ${path} has no files to share`, EXIT.usage);
    case 'ambiguous_entry':
      return new CliError(`${path} has no index.html and several HTML pages (${(err.details as { choices: string[] }).choices.join(', ')}): ${say('entry')} or add an index.html`, EXIT.usage);
    case 'no_entry_page':
      return new CliError(requestedEntry ? `the entry page ${requestedEntry} is not in ${path}` : `${path} has no HTML page to open (add an index.html)`, EXIT.usage);
    default:
      return new CliError(err.message, EXIT.refused);
  }
}

/**
 * Turns a path on disk (an HTML file, a folder or a zip) into a bundle through the core's one
 * collect step (core/bundle.ts); this module only reads the disk. Limits are left to the server,
 * which checks them with the same core function.
 */
export async function collect(path: string, opts: { entry?: string; allowSecrets?: boolean } = {}): Promise<Bundle> {
  let stat;
  try {
    stat = lstatSync(path).isSymbolicLink() ? statSync(path) : lstatSync(path);
  } catch {
    throw new CliError(`no such file or folder: ${path}`, EXIT.usage);
  }
  const notes: string[] = [];
  let input: CollectInput;
  if (stat.isDirectory()) {
    const files: SourceFile[] = [];
    walk(path, '', files, notes, new ShareRules());
    input = { mode: 'folder', files };
  } else if (extname(path).toLowerCase() === '.zip') {
    const { readZip } = await import('../core/zip');
    try {
      const entries = await readZip(readFileSync(path), { ...DEFAULT_LIMITS, maxFiles: 100_000, maxShareBytes: 1024 ** 3 });
      input = { mode: 'folder', files: entries.map((e) => ({ path: e.path, size: e.bytes.byteLength, read: async () => e.bytes })) };
    } catch (err) {
      throw new CliError(`cannot share ${path}: ${(err as Error).message}`, EXIT.refused);
    }
  } else if (stat.isFile()) {
    if (!/\.html?$/i.test(path)) throw new CliError(`${path} is not an HTML file, a folder or a zip`, EXIT.usage);
    input = { mode: 'page', ...pageInput(path) };
  } else {
    throw new CliError(`${path} is not a file or folder`, EXIT.usage);
  }
  try {
    const bundle = await collectBundle({ ...input, entry: opts.entry, allowSecrets: opts.allowSecrets });
    return { ...bundle, warnings: [...notes, ...bundle.warnings] };
  } catch (err) {
    throw cliRefusal(err, path, opts.entry);
  }
}
