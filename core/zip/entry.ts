import { badRequest } from '../errors';
import { inflateEntry } from './inflate';
import { LOCAL_HEADER_SIZE } from './layout';
import type { ZipRecord } from './record';
import type { ChunkReader } from './source';

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const HAS_DESCRIPTOR = 8;

const disagrees = (r: ZipRecord, what: string) => badRequest('invalid_zip', `The zip entry ${r.name} is damaged: its ${what} disagrees with the zip's directory.`);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Reads one entry from `reader`, positioned at its local header (APPNOTE.TXT 4.3.7), through to
 * `r.end`: the header must repeat the directory's name, method and encryption flag (and its CRC
 * and sizes, unless a data descriptor carries them, 4.3.9), and the header, data and descriptor
 * must fill the entry's range exactly, so no byte of the archive is unaccounted for (400
 * `zip_gap`, or `zip_overlap` when a local extra field reaches into the next entry). Unpacks the
 * data into `out` (exactly `r.size` bytes) and returns it, or with `out` null reads past the data.
 */
export async function readEntry(reader: ChunkReader, r: ZipRecord, out: Uint8Array | null): Promise<Uint8Array | null> {
  const header = await reader.take(LOCAL_HEADER_SIZE);
  const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (h.getUint32(0, true) !== LOCAL) throw badRequest('invalid_zip', `The zip entry ${r.name} is damaged: no local header where the directory points.`);
  const flags = h.getUint16(6, true);
  const crc = h.getUint32(14, true);
  const compressedSize = h.getUint32(18, true);
  const size = h.getUint32(22, true);
  const extraLength = h.getUint16(28, true);
  if (!sameBytes(await reader.take(h.getUint16(26, true)), r.rawName)) throw disagrees(r, 'local name');
  if (h.getUint16(8, true) !== r.method || (flags & 1) !== (r.flags & 1)) throw disagrees(r, 'local header');
  const descriptor = (flags & HAS_DESCRIPTOR) !== 0;
  if (!descriptor && (crc !== r.crc || compressedSize !== r.compressedSize || size !== r.size)) throw disagrees(r, 'local header');
  await reader.skip(extraLength);
  const slack = r.end - (r.localOffset + LOCAL_HEADER_SIZE + r.rawName.length + extraLength + r.compressedSize);
  if (slack < 0) throw badRequest('zip_overlap', `The zip entry ${r.name} runs into the bytes of the next one.`);
  if (descriptor ? slack !== 12 && slack !== 16 : slack !== 0) {
    throw badRequest('zip_gap', `The zip has ${slack - (descriptor ? 12 : 0)} bytes after the entry ${r.name} that belong to no entry.`);
  }
  if (out) await inflateEntry(r, reader.pass(r.compressedSize), out);
  else await reader.skip(r.compressedSize);
  if (descriptor) {
    const d = await reader.take(slack);
    const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const at = slack === 16 ? 4 : 0;
    if ((slack === 16 && v.getUint32(0, true) !== DESCRIPTOR) || v.getUint32(at, true) !== r.crc || v.getUint32(at + 4, true) !== r.compressedSize || v.getUint32(at + 8, true) !== r.size) {
      throw disagrees(r, 'data descriptor');
    }
  }
  return out;
}
