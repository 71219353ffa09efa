import { Inflate } from 'fflate';
import { ApiError, badRequest } from './errors';
import { isRuleFile, orderRuleFiles, ShareRules } from './ignore-rules';
import { checkLimits, type Limits } from './limits';
import { commonTopFolder, normalizeBundlePath } from './paths';
import { isSkippedPath } from './skip';

export interface ZipEntryFile {
  path: string;
  bytes: Uint8Array;
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  isSymlink: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes fed to the inflater at a time: deflate expands at most ~1032:1, so one step yields ≤ ~4 MiB. */
const STEP = 4096;

/**
 * Reads a zip into bundle files with the same rules as a folder: the fixed skip list
 * (core/skip.ts: `__MACOSX/`, `._*`, `.DS_Store`, `.env*`, …) and the zip's own `.gitignore` /
 * `.shareignore` files (core/ignore-rules.ts), which are read but never published. It refuses,
 * before inflating anything, whatever the central directory already shows to be hostile (symlinks,
 * encryption, too many or too large entries), then inflates in small steps so an entry that lies
 * about its size is caught before it can exhaust memory. Ignored entries are never inflated.
 */
export function readZip(data: Uint8Array, limits: Limits): ZipEntryFile[] {
  const entries = readCentralDirectory(data).filter((e) => !e.name.endsWith('/') && (!isSkippedPath(e.name) || isRuleFile(e.name)));
  const prefix = commonTopFolder(entries.filter((e) => !isRuleFile(e.name)).map((e) => e.name));
  const named = entries.filter((e) => e.name.startsWith(prefix)).map((e) => ({ ...e, path: normalizeBundlePath(e.name.slice(prefix.length)) }));
  const ruleEntries = named.filter((e) => isRuleFile(e.path));
  refuseHostile(ruleEntries);
  checkLimits(ruleEntries, limits, true);
  const rules = new ShareRules();
  const decoder = new TextDecoder();
  for (const path of orderRuleFiles(ruleEntries.map((e) => e.path))) {
    if (rules.counts(path)) rules.addRuleFile(path, decoder.decode(extract(data, ruleEntries.find((e) => e.path === path)!)));
  }
  const kept = rules.filter(named);
  if (kept.length === 0) throw badRequest('empty_bundle', 'The zip has no files.');
  refuseHostile(kept);
  checkLimits(kept, limits, true);
  return kept.map((e) => ({ path: e.path, bytes: extract(data, e) }));
}

/** Refuses entries the central directory already shows to be hostile or unreadable. */
function refuseHostile(entries: CentralEntry[]): void {
  for (const e of entries) {
    if (e.isSymlink) throw badRequest('zip_symlink', `The zip contains a symbolic link (${e.name}); links are not allowed.`);
    if (e.flags & 1) throw badRequest('zip_encrypted', `The zip entry ${e.name} is encrypted.`);
    if (e.method !== 0 && e.method !== 8) throw badRequest('zip_unsupported', `The zip entry ${e.name} uses an unsupported compression method (${e.method}).`);
  }
}

function readCentralDirectory(data: Uint8Array): CentralEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw badRequest('invalid_zip', 'This is not a readable zip file.');
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw badRequest('zip_unsupported', 'ZIP64 archives are not supported.');
  const decoder = new TextDecoder();
  const entries: CentralEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || view.getUint32(p, true) !== CENTRAL) throw badRequest('invalid_zip', 'The zip directory is damaged.');
    const madeBy = view.getUint16(p + 4, true) >> 8;
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const attrs = view.getUint32(p + 38, true);
    if (p + 46 + nameLen > data.length) throw badRequest('invalid_zip', 'The zip directory is damaged.');
    entries.push({
      name: decoder.decode(data.subarray(p + 46, p + 46 + nameLen)),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
      isSymlink: madeBy === 3 && ((attrs >>> 16) & 0o170000) === 0o120000,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function extract(data: Uint8Array, e: CentralEntry): Uint8Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const o = e.localOffset;
  if (o + 30 > data.length || view.getUint32(o, true) !== LOCAL) throw badRequest('invalid_zip', `The zip entry ${e.name} is damaged.`);
  const start = o + 30 + view.getUint16(o + 26, true) + view.getUint16(o + 28, true);
  const end = start + e.compressedSize;
  if (end > data.length) throw badRequest('invalid_zip', `The zip entry ${e.name} is truncated.`);
  const compressed = data.subarray(start, end);
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw badRequest('zip_size_mismatch', `The zip entry ${e.name} does not match its declared size.`);
    return compressed.slice();
  }
  const out = new Uint8Array(e.size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > e.size) throw badRequest('zip_size_mismatch', `The zip entry ${e.name} unpacks to more than its declared size.`);
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let i = 0; i < compressed.length; i += STEP) {
      inflater.push(compressed.subarray(i, i + STEP), i + STEP >= compressed.length);
    }
    if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw badRequest('invalid_zip', `The zip entry ${e.name} could not be unpacked.`);
  }
  if (written !== e.size) throw badRequest('zip_size_mismatch', `The zip entry ${e.name} does not match its declared size.`);
  return out;
}
