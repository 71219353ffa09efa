import type { ManifestFile } from '../../core/api-types';
import { encodingEvidence, textFamily, withCharset } from '../../core/charset';
import { contentTypeFor } from '../../core/content-type';
import { folderIndexes } from '../../core/index-pages';
import type { Database } from '../db/client';
import { examinedFilesOf, setContentTypeStatements } from '../db/versions';

export type FileRow = ManifestFile & { contentType: string };

/**
 * The rows a version is stored with: every file with its bare Content-Type (`core/content-type.ts`),
 * plus one row per folder that has an index page, under the folder's own path (`docs/`), pointing
 * at that page's bytes. The serving path then finds `/docs/` with one exact lookup, whatever the
 * index rule chose (index.html, index.htm, or a case-only match: `core/index-pages.ts`).
 */
export function fileRows(files: ManifestFile[]): FileRow[] {
  const rows = files.map((f) => ({ ...f, contentType: contentTypeFor(f.path) }));
  const byPath = new Map(rows.map((r) => [r.path, r]));
  for (const [folder, index] of folderIndexes(byPath.keys())) rows.push({ ...byPath.get(index)!, path: folder });
  return rows;
}

/** The encoding evidence to keep with a blob: examined only when a text file names it (binary bytes never carry a charset). */
export function evidenceFor(bytes: Uint8Array, contentTypes: string[]): string | null {
  return contentTypes.some((t) => textFamily(t) !== null) ? encodingEvidence(bytes) : null;
}

/**
 * Finalize's charset step, run while the version is still pending: each text file's row gets
 * `; charset=utf-8` when its blob's evidence allows it for its type (`core/charset.ts`), and keeps
 * the bare type otherwise. Decided once here, so serving reads the type as stored. Idempotent.
 */
export async function applyCharsets(db: Database, shareId: string, version: number): Promise<void> {
  const changes = new Map<string, { to: string; hashes: string[] }>();
  for (const row of await examinedFilesOf(db, shareId, version)) {
    const to = withCharset(row.contentType, row.evidence);
    if (to === row.contentType) continue;
    const key = `${row.contentType}\n${to}`;
    const change = changes.get(key) ?? { to, hashes: [] };
    change.hashes.push(row.sha256);
    changes.set(key, change);
  }
  const statements = [...changes].flatMap(([key, c]) => setContentTypeStatements(db, shareId, version, key.split('\n')[0], c.to, c.hashes));
  if (statements.length > 0) await db.commit(statements);
}
