import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CliError, EXIT } from './errors';
import { htmlPagesDir } from './own-files';

/**
 * The folder key of a share_html name: a readable slug (letters and digits of any script, other
 * characters as `-`) plus 16 hex of the SHA-256 of the exact name in Unicode NFC. The hash keeps
 * every name apart, "売上レポート", "グラフ" and "🚀", "Q3 Plan" and "q3_plan" alike, and on
 * case-insensitive file systems too; NFC only merges spellings of the same characters.
 */
export function pageKey(name: string): string {
  const exact = name.normalize('NFC');
  const slug = Array.from(exact.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '')).slice(0, 40).join('').replace(/-+$/, '');
  return `${slug || 'page'}-${createHash('sha256').update(exact, 'utf8').digest('hex').slice(0, 16)}`;
}

const TEMP_PREFIX = 'share-html-';

/**
 * Where share_html keeps a page: with a name, a stable file in the pages folder (sharing the same
 * name again updates the same link); without, a fresh temp folder (a new link every time).
 */
export function pagePath(name?: string): string {
  if (name === undefined) return join(mkdtempSync(join(tmpdir(), TEMP_PREFIX)), 'index.html');
  return join(htmlPagesDir(), pageKey(name), 'index.html');
}

/** Removes an unnamed page's temp folder (only a `share-html-` folder in the temp dir); never fails. */
export function removeTempPage(file: string): void {
  const dir = dirname(file);
  if (dirname(dir) !== tmpdir() || !basename(dir).startsWith(TEMP_PREFIX)) return;
  try { rmSync(dir, { recursive: true, force: true }); } catch { /* a leftover temp folder is harmless */ }
}

/** Writes the page, creating its folder (0700); an unwritable state folder becomes one readable error. */
export function writePage(file: string, html: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, html);
  } catch (err) {
    throw new CliError(`cannot write the page to ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was uploaded. Make that folder writable, or set XDG_CONFIG_HOME to a writable folder`, EXIT.failure);
  }
}
