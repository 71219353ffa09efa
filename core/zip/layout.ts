import { badRequest } from '../errors';
import type { ZipRecord } from './record';

/** Fixed part of a local file header (APPNOTE.TXT 4.3.7). */
export const LOCAL_HEADER_SIZE = 30;
/** Most a local header's extra field (16-bit length) and a data descriptor (signature, CRC, two sizes) add. */
const MAX_SLACK = 0xffff + 16;

/**
 * Every entry must own its bytes: sorted by offset, the first local header starts the archive,
 * each entry's header, name and data end before the next header, and the last one before the
 * central directory. Two records pointing at the same bytes (the zip of issue 12, where 999
 * records on one 100 KB entry unpack to 100 MB) are refused here, from the directory alone, with
 * 400 `zip_overlap`; a record pointing into the directory likewise. Bytes no entry can account for
 * (more than a local extra field and a data descriptor could fill, or any before the first entry)
 * are refused with 400 `zip_gap`. The exact end of each entry is checked when its local header is
 * read (entry.ts). Returns the records in archive order with `end` set.
 */
export function checkLayout(records: ZipRecord[], directoryOffset: number): ZipRecord[] {
  const sorted = [...records].sort((a, b) => a.localOffset - b.localOffset);
  sorted.forEach((r, i) => {
    const next = sorted[i + 1];
    const end = next ? next.localOffset : directoryOffset;
    if (r.localOffset >= directoryOffset) throw badRequest('zip_overlap', `The zip entry ${r.name} points into the zip's directory.`);
    if (i === 0 && r.localOffset > 0) throw badRequest('zip_gap', `The zip has ${r.localOffset} bytes before its first entry that belong to no entry.`);
    const least = r.localOffset + LOCAL_HEADER_SIZE + r.rawName.length + r.compressedSize;
    if (least > end) {
      throw badRequest('zip_overlap', next && next.localOffset < directoryOffset
        ? `The zip entries ${r.name} and ${next.name} share bytes; each entry must have its own.`
        : `The zip entry ${r.name} runs into the zip's directory.`);
    }
    if (end - least > MAX_SLACK) throw badRequest('zip_gap', `The zip has ${end - least} bytes after the entry ${r.name} that belong to no entry.`);
    r.end = end;
  });
  return sorted;
}
