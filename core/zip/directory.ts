import { ApiError, badRequest } from '../errors';
import { formatBytes, type Limits } from '../limits';
import { checkLayout } from './layout';
import { decodeNames } from './names';
import type { ZipDirectory, ZipRecord } from './record';
import type { ZipSource } from './source';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

const damaged = () => badRequest('invalid_zip', 'The zip directory is damaged.');
const zip64 = () => badRequest('zip_unsupported', 'ZIP64 archives are not supported.');

/**
 * Reads the end record and the central directory (APPNOTE.TXT 4.3.16, 4.3.12) with two range
 * reads, and refuses before any entry is touched: no end record, bytes after the end record or
 * between the directory and it, split or ZIP64 archives, a directory larger than
 * max(4 MiB, 4 KiB × maxFiles) or with more than 4 × maxFiles + 64 records (folders and skipped
 * files count too; 413 `too_many_files`), names that cannot be decoded, and records whose bytes
 * overlap, leave gaps or reach into the directory (layout.ts).
 */
export async function readDirectory(source: ZipSource, limits: Limits): Promise<ZipDirectory> {
  const tailStart = Math.max(0, source.size - EOCD_SIZE - MAX_COMMENT);
  const tail = await source.read(tailStart, source.size - tailStart);
  const t = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (t.getUint32(i, true) === EOCD && i + EOCD_SIZE + t.getUint16(i + 20, true) <= tail.length) { at = i; break; }
  }
  if (at < 0) throw badRequest('invalid_zip', 'This is not a readable zip file.');
  const trailing = tail.length - (at + EOCD_SIZE + t.getUint16(at + 20, true));
  if (trailing > 0) throw badRequest('zip_gap', `The zip has ${trailing} bytes after its end record that belong to no entry.`);
  const eocd = tailStart + at;
  if (at >= 20 && t.getUint32(at - 20, true) === ZIP64_LOCATOR) throw zip64();
  const count = t.getUint16(at + 10, true);
  const size = t.getUint32(at + 12, true);
  const offset = t.getUint32(at + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw zip64();
  if (t.getUint16(at + 4, true) !== 0 || t.getUint16(at + 6, true) !== 0 || t.getUint16(at + 8, true) !== count) {
    throw badRequest('zip_unsupported', 'Split (multi-part) zip archives are not supported.');
  }
  if (offset + size > eocd) throw damaged();
  if (offset + size < eocd) throw badRequest('zip_gap', `The zip has ${eocd - offset - size} bytes between its directory and its end record that belong to no entry.`);
  const maxRecords = 4 * limits.maxFiles + 64;
  if (count > maxRecords) throw new ApiError(413, 'too_many_files', `The zip has ${count} entries (folders included); at most ${maxRecords} are read for a limit of ${limits.maxFiles} files.`);
  const maxBytes = Math.max(4 * 1024 * 1024, 4096 * limits.maxFiles);
  if (size > maxBytes) throw badRequest('invalid_zip', `The zip's directory is ${formatBytes(size)}; at most ${formatBytes(maxBytes)} is read.`);
  const cd = await source.read(offset, size);
  const v = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const fields = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || v.getUint32(p, true) !== CENTRAL) throw damaged();
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const next = p + 46 + nameLen + extraLen + v.getUint16(p + 32, true);
    if (next > cd.length) throw damaged();
    const record = {
      flags: v.getUint16(p + 8, true), method: v.getUint16(p + 10, true), crc: v.getUint32(p + 16, true),
      compressedSize: v.getUint32(p + 20, true), size: v.getUint32(p + 24, true), localOffset: v.getUint32(p + 42, true),
      rawName: cd.subarray(p + 46, p + 46 + nameLen), extra: cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen),
      isSymlink: v.getUint16(p + 4, true) >> 8 === 3 && ((v.getUint32(p + 38, true) >>> 16) & 0o170000) === 0o120000,
    };
    if (record.compressedSize === 0xffffffff || record.size === 0xffffffff || record.localOffset === 0xffffffff) throw zip64();
    if (v.getUint16(p + 34, true) !== 0) throw badRequest('zip_unsupported', 'Split (multi-part) zip archives are not supported.');
    fields.push(record);
    p = next;
  }
  if (p !== cd.length) throw damaged();
  const names = decodeNames(fields.map((f) => ({ bytes: f.rawName, flags: f.flags, extra: f.extra })));
  // The names and their bytes are copied out of the directory, so it can be let go.
  const records: ZipRecord[] = fields.map(({ extra: _, ...f }, i) => ({ ...f, rawName: f.rawName.slice(), name: names[i], end: 0 }));
  return { records: checkLayout(records, offset), directoryOffset: offset };
}
