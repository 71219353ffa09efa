import { badRequest } from './errors';
import { isRuleFile, rulesFor } from './ignore-rules';
import { checkLimits, formatBytes, type Limits } from './limits';
import { commonTopFolder, normalizeBundlePath } from './paths';
import { isSkippedPath } from './skip';
import { readDirectory } from './zip/directory';
import { readEntry } from './zip/entry';
import type { ZipRecord } from './zip/record';
import { bytesSource, ChunkReader, type ZipSource } from './zip/source';

export { bytesSource, type ZipSource } from './zip/source';

export interface ZipEntryFile {
  path: string;
  bytes: Uint8Array;
}

/** A file the zip will yield: its bundle path, declared size and directory record. */
export interface ZipFile {
  path: string;
  size: number;
  record: ZipRecord;
}

/** What `openZip` found: the files to publish, and every record in archive order (for `unpackZip`). */
export interface ZipPlan {
  files: ZipFile[];
  records: ZipRecord[];
  directoryOffset: number;
}

/**
 * Past 1 MiB, an entry may unpack to at most 1,000 times its compressed size. DEFLATE's own
 * ceiling is about 1,032:1 (a 258-byte match in one bit or two), so only runs of one byte come
 * near it: real pages, scripts, images and fonts compress 2–20:1. The floor keeps small blank
 * files legal. Together with the size limits and one owner per byte (zip/layout.ts), it keeps a
 * small upload from buying much unpacking.
 */
const MAX_RATIO = 1000;
const RATIO_FLOOR = 1024 * 1024;

/** Refuses what the directory already shows to be hostile or unreadable, before anything is unpacked. */
function refuseHostile(files: readonly ZipFile[]): void {
  for (const { record: e } of files) {
    if (e.isSymlink) throw badRequest('zip_symlink', `The zip contains a symbolic link (${e.name}); links are not allowed.`);
    if (e.flags & 1) throw badRequest('zip_encrypted', `The zip entry ${e.name} is encrypted.`);
    if (e.method !== 0 && e.method !== 8) throw badRequest('zip_unsupported', `The zip entry ${e.name} uses an unsupported compression method (${e.method}).`);
  }
}

/** Refuses entries within the size limits that would unpack absurdly far beyond their compressed size. */
function refuseRatio(files: readonly ZipFile[]): void {
  for (const { record: e, path } of files) {
    if (e.size > RATIO_FLOOR && e.size > e.compressedSize * MAX_RATIO) {
      throw badRequest('zip_ratio', `The zip entry ${path} would unpack ${formatBytes(e.size)} from ${formatBytes(e.compressedSize)}, more than ${MAX_RATIO}:1.`);
    }
  }
}

/** Reads one entry by itself (a rule file), checking its local header and range like the full pass. */
async function readOne(source: ZipSource, record: ZipRecord): Promise<Uint8Array> {
  const reader = new ChunkReader(source.chunks(record.localOffset, record.end));
  try {
    return (await readEntry(reader, record, new Uint8Array(record.size)))!;
  } finally {
    await reader.close();
  }
}

/**
 * Reads a zip's directory and decides what it publishes, unpacking nothing but its rule files.
 * The same rules as a folder apply: the fixed skip list (core/skip.ts: `__MACOSX/`, `._*`,
 * `.DS_Store`, `.env*`, …), the zip's own `.gitignore` / `.shareignore` files (read, never
 * published), one top folder removed. Refused here: a damaged or hostile directory
 * (zip/directory.ts: overlapping entries, gaps, undecodable names), bad paths, symlinks,
 * encryption, unknown methods, declared sizes over the limits (413) and absurd ratios (400
 * `zip_ratio`). Ignored entries are never unpacked and do not count against the limits.
 */
export async function openZip(source: ZipSource, limits: Limits): Promise<ZipPlan> {
  const { records, directoryOffset } = await readDirectory(source, limits);
  const entries = records.filter((e) => !e.name.endsWith('/') && (!isSkippedPath(e.name) || isRuleFile(e.name)));
  const prefix = commonTopFolder(entries.filter((e) => !isRuleFile(e.name)).map((e) => e.name));
  const named: ZipFile[] = entries.filter((e) => e.name.startsWith(prefix))
    .map((record) => ({ record, path: normalizeBundlePath(record.name.slice(prefix.length)), size: record.size }));
  const ruleFiles = named.filter((f) => isRuleFile(f.path));
  refuseHostile(ruleFiles);
  checkLimits(ruleFiles, limits, true);
  refuseRatio(ruleFiles);
  const decoder = new TextDecoder();
  const rules = await rulesFor(ruleFiles.map((f) => f.path), async (path) => decoder.decode(await readOne(source, ruleFiles.find((f) => f.path === path)!.record)));
  const files = rules.filter(named);
  if (files.length === 0) throw badRequest('empty_bundle', 'The zip has no files.');
  refuseHostile(files);
  checkLimits(files, limits, true);
  refuseRatio(files);
  return { files, records, directoryOffset };
}

/**
 * Unpacks the plan's files one at a time, in one front-to-back pass over the archive: the caller
 * gets an entry's bytes, and the next entry is not read until it asks, so at most one unpacked
 * entry is held. With `reuse`, every entry is unpacked into one buffer (as large as the largest),
 * so its bytes are valid only until the next entry is asked for; the server's zip path uses this
 * to keep its memory flat. Every local header is checked against the directory on the way,
 * skipped entries included (zip/entry.ts), so a refusal can come mid-way: callers store nothing
 * for good until the pass has ended.
 */
export async function* unpackZip(source: ZipSource, plan: ZipPlan, opts: { reuse?: boolean } = {}): AsyncGenerator<ZipEntryFile> {
  const wanted = new Map(plan.files.map((f) => [f.record, f.path]));
  const shared = opts.reuse ? new Uint8Array(Math.max(0, ...plan.files.map((f) => f.size))) : null;
  const reader = new ChunkReader(source.chunks(0, plan.directoryOffset));
  try {
    for (const record of plan.records) {
      const path = wanted.get(record);
      const out = path === undefined ? null : shared ? shared.subarray(0, record.size) : new Uint8Array(record.size);
      const bytes = await readEntry(reader, record, out);
      if (path !== undefined) yield { path, bytes: bytes! };
    }
  } finally {
    await reader.close();
  }
}

/** A whole zip in memory to bundle files (the CLI and the web app): `openZip`, then every file unpacked. */
export async function readZip(data: Uint8Array, limits: Limits): Promise<ZipEntryFile[]> {
  const source = bytesSource(data);
  const files: ZipEntryFile[] = [];
  for await (const file of unpackZip(source, await openZip(source, limits))) files.push(file);
  return files;
}
