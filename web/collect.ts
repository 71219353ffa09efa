import type { CollectedBundle, SourceFile } from '../core/bundle';
import type { ShareRules } from '../core/ignore-rules';
import type { Limits } from '../core/limits';
import { commonTopFolder } from '../core/paths';
import { Problem } from './problem';

/** A file picked or dropped, before its bytes are read. */
export interface Picked {
  path: string;
  blob: Blob;
}

/**
 * What the person chose: a folder (picked or dropped; its ignore rules apply) or files one by one
 * (a lone HTML page: its references are checked). A single `.zip` among files is unpacked.
 */
export interface Pick {
  kind: 'folder' | 'files';
  items: Picked[];
}

/** The person's answers to the checks before publishing (web/checks.ts). */
export interface Choices {
  /** The page to open first, when there are several and no index.html. */
  entry?: string;
  /** "Publish anyway — these keys will be public". */
  allowSecrets?: boolean;
  /** Files added for a page's missing references, at the paths the page names. */
  added?: Picked[];
}

/** What gets published: the core's bundle, and what the person chose, in words (a file, a folder or "Your files"). */
export interface Bundle extends CollectedBundle {
  label: string;
}

const readEntries = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
const fileOf = (entry: FileSystemEntry) => new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));

/**
 * Walks a dropped folder. Each folder's rule files are read before its other entries, so a folder
 * the rules leave out (node_modules, a `.gitignore`d `dist/`) is never listed. readEntries answers
 * in batches, so it is called until it returns none.
 */
async function walk(dir: FileSystemDirectoryEntry, out: Picked[], rules: ShareRules, root: string, isRuleFile: (path: string) => boolean): Promise<void> {
  const children: FileSystemEntry[] = [];
  const reader = dir.createReader();
  for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) children.push(...batch);
  const rel = (e: FileSystemEntry) => e.fullPath.replace(/^\/+/, '').slice(root.length);
  for (const child of children.filter((c) => c.isFile && isRuleFile(c.name))) {
    const file = await fileOf(child);
    rules.addRuleFile(rel(child), await file.text());
    out.push({ path: child.fullPath.replace(/^\/+/, ''), blob: file });
  }
  for (const child of children) {
    if (rules.skips(rel(child), child.isDirectory)) continue;
    if (child.isDirectory) await walk(child as FileSystemDirectoryEntry, out, rules, root, isRuleFile);
    else if (child.isFile) out.push({ path: child.fullPath.replace(/^\/+/, ''), blob: await fileOf(child) });
  }
}

/**
 * Files from a drop: a dropped folder is walked (DataTransferItem.webkitGetAsEntry) and shared as
 * a folder; dropped files are taken as they are. Entries must be taken during the drop event,
 * before any await, so this reads them synchronously first.
 */
export async function pickedFromDrop(data: DataTransfer): Promise<Pick> {
  const entries = Array.from(data.items, (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null)).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return pickedFromFiles(data.files);
  const out: Picked[] = [];
  const folders = entries.filter((e) => e.isDirectory) as FileSystemDirectoryEntry[];
  for (const e of entries.filter((x) => x.isFile)) out.push({ path: e.name, blob: await fileOf(e) });
  // One dropped folder: its own name is not part of the share, so its rules are scoped below it.
  const root = folders.length === 1 && out.length === 0 ? `${folders[0].name}/` : '';
  // The rules (and the `ignore` package) load only when a folder is dropped, keeping first paint small.
  const { ShareRules, isRuleFile } = await import('../core/ignore-rules');
  for (const folder of folders) await walk(folder, out, new ShareRules(), root, isRuleFile);
  return { kind: folders.length > 0 ? 'folder' : 'files', items: out };
}

/** Files from an `<input type=file>`; a `webkitdirectory` input gives each its path inside the folder. */
export function pickedFromFiles(list: FileList | File[], folder = false): Pick {
  const items = Array.from(list, (f) => ({ path: f.webkitRelativePath || f.name, blob: f as Blob }));
  return { kind: folder || items.some((p) => p.path.includes('/')) ? 'folder' : 'files', items };
}

/** Reads a single picked zip into source files with the server's own zip reader (its skip list and ignore rules included). */
async function unzip(blob: Blob, limits: Limits): Promise<SourceFile[]> {
  const { readZip } = await import('../core/zip');
  return (await readZip(new Uint8Array(await blob.arrayBuffer()), limits)).map((f) => ({ path: f.path, size: f.bytes.byteLength, read: async () => f.bytes }));
}

const source = (path: string, blob: Blob): SourceFile => ({ path, size: blob.size, read: async () => new Uint8Array(await blob.arrayBuffer()) });

/**
 * Turns what was picked into a bundle through the core's one collect step (core/bundle.ts, loaded
 * on demand so first paint stays small): the same skip list, ignore rules, entry page, limits,
 * reference discovery and secret scan as the CLI. A folder's own top folder is removed; a zip is
 * unpacked in the browser. Refusals come back as Problems in the API's terms.
 */
export async function makeBundle(pick: Pick, limits: Limits, choices: Choices = {}): Promise<Bundle> {
  try {
    const { collectBundle } = await import('../core/bundle');
    const { items } = pick;
    if (items.length === 0) throw new Problem(400, 'empty_bundle', 'nothing picked');
    if (items.length === 1 && /\.zip$/i.test(items[0].path)) {
      const files = await unzip(items[0].blob, limits);
      return { ...(await collectBundle({ mode: 'folder', files, limits, entry: choices.entry, allowSecrets: choices.allowSecrets })), label: items[0].path.split('/').pop()! };
    }
    const top = commonTopFolder(items.map((p) => p.path));
    const label = top ? top.slice(0, -1) : items.length === 1 ? items[0].path : 'Your files';
    const files = [...items, ...(choices.added ?? [])].map((p) => source(p.path.slice(p.path.startsWith(top) ? top.length : 0), p.blob));
    const mode = pick.kind === 'folder' ? 'folder' : 'page';
    return { ...(await collectBundle({ mode, files, limits, entry: choices.entry, allowSecrets: choices.allowSecrets })), label };
  } catch (err) {
    if (err instanceof Problem) throw err;
    const e = err as { status?: number; code?: string; message: string; details?: unknown };
    if (!e.code) throw err;
    throw new Problem(e.status ?? 400, e.code, e.message, e.details);
  }
}
