import type { ManifestFile } from '../core/api-types';
import { pickEntry } from '../core/entry';
import type { Limits } from '../core/limits';
import { Problem } from './problem';
import { extractTitle, isSkipped, stripCommonRoot } from './rules';

/** A file picked or dropped, before its bytes are read. */
interface Picked {
  path: string;
  blob: Blob;
}

export interface BundleFile extends ManifestFile {
  bytes: Uint8Array;
}

/** What gets published: files with hashes, the page that opens first, and that page's title. */
export interface Bundle {
  files: BundleFile[];
  entry: string;
  title: string | null;
  bytes: number;
  /** What the person chose, in words: a file name, a folder name or "Your files". */
  label: string;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const readEntries = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));

/** Walks a dropped folder; readEntries answers in batches, so it is called until it returns none. */
async function walk(entry: FileSystemEntry, out: Picked[]): Promise<void> {
  const path = entry.fullPath.replace(/^\/+/, '');
  if (isSkipped(path)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path, blob: file });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, out);
    }
  }
}

/** Files from a drop: folders are walked (DataTransferItem.webkitGetAsEntry), plain files taken as they are. */
export async function pickedFromDrop(data: DataTransfer): Promise<Picked[]> {
  const entries = Array.from(data.items, (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null)).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return pickedFromFiles(data.files);
  const out: Picked[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

/** Files from an `<input type=file>`; a `webkitdirectory` input gives each its path inside the folder. */
export function pickedFromFiles(list: FileList | File[]): Picked[] {
  return Array.from(list, (f) => ({ path: f.webkitRelativePath || f.name, blob: f as Blob })).filter((p) => !isSkipped(p.path));
}

async function unzip(blob: Blob, limits: Limits): Promise<{ path: string; bytes: Uint8Array }[]> {
  const { readZip } = await import('../core/zip');
  try {
    return readZip(new Uint8Array(await blob.arrayBuffer()), limits).filter((f) => !isSkipped(f.path));
  } catch (err) {
    const e = err as { status?: number; code?: string; message: string; details?: unknown };
    throw new Problem(e.status ?? 400, e.code ?? 'invalid_zip', e.message, e.details);
  }
}

/**
 * Turns what was picked into a bundle with the CLI's rules: one common top folder removed, a zip
 * unpacked in the browser, limits checked before anything is read, and the entry page chosen by
 * the server's own `pickEntry`, so a refusal is explained before a byte is sent.
 */
export async function makeBundle(picked: Picked[], limits: Limits): Promise<Bundle> {
  if (picked.length === 0) throw new Problem(400, 'empty_bundle', 'nothing picked');
  let raw: { path: string; read: () => Promise<Uint8Array>; size: number }[];
  let label: string;
  if (picked.length === 1 && /\.zip$/i.test(picked[0].path)) {
    label = picked[0].path.split('/').pop()!;
    raw = (await unzip(picked[0].blob, limits)).map((f) => ({ path: f.path, size: f.bytes.byteLength, read: async () => f.bytes }));
  } else {
    const paths = stripCommonRoot(picked.map((p) => p.path));
    const root = paths[0] === picked[0].path ? null : picked[0].path.split('/')[0];
    label = root ?? (picked.length === 1 ? picked[0].path : 'Your files');
    raw = picked.map((p, i) => ({ path: paths[i], size: p.blob.size, read: async () => new Uint8Array(await p.blob.arrayBuffer()) }));
  }
  if (raw.length === 0) throw new Problem(400, 'empty_bundle', 'nothing left to share');
  if (raw.length > limits.maxFiles) throw new Problem(413, 'too_many_files', `${raw.length} files`);
  const big = raw.find((f) => f.size > limits.maxFileBytes);
  if (big) throw new Problem(413, 'file_too_large', big.path, { path: big.path, size: big.size });
  const total = raw.reduce((n, f) => n + f.size, 0);
  if (total > limits.maxShareBytes) throw new Problem(413, 'share_too_large', String(total));
  const choice = pickEntry(raw.map((f) => f.path));
  if (choice.entry === null) {
    throw choice.reason === 'ambiguous'
      ? new Problem(400, 'ambiguous_entry', 'several pages', { choices: choice.choices })
      : new Problem(400, 'no_entry_page', 'no page');
  }
  const files: BundleFile[] = [];
  for (const f of raw) {
    const bytes = await f.read();
    files.push({ path: f.path, size: bytes.byteLength, sha256: await sha256Hex(bytes), bytes });
  }
  const entryBytes = files.find((f) => f.path === choice.entry)!.bytes;
  const title = extractTitle(new TextDecoder().decode(entryBytes));
  return { files, entry: choice.entry, title, bytes: total, label };
}
