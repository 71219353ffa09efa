import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import type { ManifestFile } from '../core/api-types';
import { pickEntry } from '../core/entry';
import { DEFAULT_LIMITS } from '../core/limits';
import { CliError, EXIT } from './errors';
import { IgnoreRules } from './ignore-rules';
import { discover, kindOf } from '../core/references';

export interface LocalFile extends ManifestFile {
  bytes: Uint8Array;
}

export interface Bundle {
  files: LocalFile[];
  entry: string;
  warnings: string[];
}

function toFile(path: string, bytes: Uint8Array): LocalFile {
  return { path, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

function walk(root: string, dir: string, out: LocalFile[], warnings: string[], rules: IgnoreRules): void {
  rules.enter(dir, relative(root, dir).split(sep).join('/'));
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    if (rules.skips(entry.name, rel, entry.isDirectory())) continue;
    if (entry.isSymbolicLink()) {
      warnings.push(`skipped symbolic link ${rel}`);
    } else if (entry.isDirectory()) {
      walk(root, full, out, warnings, rules);
    } else if (entry.isFile()) {
      out.push(toFile(rel, readFileSync(full)));
    }
  }
}

/**
 * A single HTML file plus every local file it loads (scripts, styles, images, CSS url()s, module
 * imports, followed recursively), at their paths relative to the file's folder.
 */
function withReferences(path: string, warnings: string[]): LocalFile[] {
  const root = dirname(path);
  const bytes = new Map<string, Uint8Array>();
  const read = (rel: string): string | null => {
    const full = join(root, ...rel.split('/'));
    let st;
    try { st = lstatSync(full); } catch { return null; }
    if (!st.isFile()) return null;
    const data = readFileSync(full);
    bytes.set(rel, data);
    return kindOf(rel) ? data.toString('utf8') : '';
  };
  const entry = basename(path);
  const found = discover(entry, read);
  warnings.push(...found.warnings);
  return [entry, ...found.found].map((rel) => toFile(rel, bytes.get(rel)!));
}

/** Turns a path on disk (an HTML file, a folder or a zip) into the files of a bundle and its entry page. */
export async function collect(path: string, requestedEntry?: string): Promise<Bundle> {
  let stat;
  try {
    stat = lstatSync(path).isSymbolicLink() ? statSync(path) : lstatSync(path);
  } catch {
    throw new CliError(`no such file or folder: ${path}`, EXIT.usage);
  }
  const warnings: string[] = [];
  let files: LocalFile[];
  if (stat.isDirectory()) {
    files = [];
    walk(path, path, files, warnings, new IgnoreRules());
    if (files.length === 0) throw new CliError(`the folder ${path} has no files to share`, EXIT.usage);
  } else if (extname(path).toLowerCase() === '.zip') {
    const { readZip } = await import('../core/zip');
    try {
      files = readZip(readFileSync(path), { ...DEFAULT_LIMITS, maxFiles: 100_000, maxShareBytes: 1024 ** 3 }).map((f) => toFile(f.path, f.bytes));
    } catch (err) {
      throw new CliError(`cannot share ${path}: ${(err as Error).message}`, EXIT.refused);
    }
  } else if (stat.isFile()) {
    if (!/\.html?$/i.test(path)) throw new CliError(`${path} is not an HTML file, a folder or a zip`, EXIT.usage);
    files = withReferences(path, warnings);
  } else {
    throw new CliError(`${path} is not a file or folder`, EXIT.usage);
  }
  const choice = pickEntry(files.map((f) => f.path), requestedEntry);
  if (choice.entry === null) {
    if (requestedEntry) throw new CliError(`the entry page ${requestedEntry} is not in ${path}`, EXIT.usage);
    if (choice.reason === 'ambiguous') {
      throw new CliError(`${path} has no index.html and several HTML pages (${choice.choices.join(', ')}): pass --entry <page> or add an index.html`, EXIT.usage);
    }
    throw new CliError(`${path} has no HTML page to open (add an index.html)`, EXIT.usage);
  }
  return { files, entry: choice.entry, warnings };
}
