import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import type { ManifestFile } from '../worker/api-types';
import { pickEntry } from '../worker/lib/entry';
import { DEFAULT_LIMITS } from '../worker/lib/limits';
import { CliError, EXIT } from './errors';

export interface LocalFile extends ManifestFile {
  bytes: Uint8Array;
}

export interface Bundle {
  files: LocalFile[];
  entry: string;
  warnings: string[];
}

/** Never shared from a folder: version control, dependencies, OS litter and env files. */
const SKIP_NAMES = new Set(['.git', 'node_modules', '.DS_Store', 'Thumbs.db', '.svn', '.hg']);
const isEnvFile = (name: string) => name === '.env' || name.startsWith('.env.');

function toFile(path: string, bytes: Uint8Array): LocalFile {
  return { path, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

function walk(root: string, dir: string, out: LocalFile[], warnings: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP_NAMES.has(entry.name) || isEnvFile(entry.name)) continue;
    const full = join(dir, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    if (entry.isSymbolicLink()) {
      warnings.push(`skipped symbolic link ${rel}`);
    } else if (entry.isDirectory()) {
      walk(root, full, out, warnings);
    } else if (entry.isFile()) {
      out.push(toFile(rel, readFileSync(full)));
    }
  }
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
    walk(path, path, files, warnings);
    if (files.length === 0) throw new CliError(`the folder ${path} has no files to share`, EXIT.usage);
  } else if (extname(path).toLowerCase() === '.zip') {
    const { readZip } = await import('../worker/lib/zip');
    try {
      files = readZip(readFileSync(path), { ...DEFAULT_LIMITS, maxFiles: 100_000, maxShareBytes: 1024 ** 3 }).map((f) => toFile(f.path, f.bytes));
    } catch (err) {
      throw new CliError(`cannot share ${path}: ${(err as Error).message}`, EXIT.refused);
    }
  } else if (stat.isFile()) {
    if (!/\.html?$/i.test(path)) throw new CliError(`${path} is not an HTML file, a folder or a zip`, EXIT.usage);
    files = [toFile(basename(path), readFileSync(path))];
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
