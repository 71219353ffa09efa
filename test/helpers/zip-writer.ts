import { deflateSync } from 'fflate';
import { crc32 } from '../../core/zip/crc32';

/**
 * Writes zip archives byte by byte, for the inputs no well-behaved writer produces (fflate's
 * zipSync always writes UTF-8 names with the flag): legacy-encoded names without the UTF-8 flag,
 * Info-ZIP Unicode Path fields, data descriptors, and hostile layouts where central-directory
 * records overlap, leave gaps or point into the directory. Runs in Node and workerd alike.
 */

export interface EntrySpec {
  /** The header name: a string is written as UTF-8, bytes as they are (CP437, Shift_JIS, …). */
  name: string | Uint8Array;
  data: Uint8Array;
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  /** General-purpose flags; 0x800 says the name is UTF-8. Bit 3 is set by `descriptor`. */
  flags?: number;
  /** Extra field, written in the local header and the central record. */
  extra?: Uint8Array;
  /** Sizes and CRC after the data (flag bit 3), with the optional signature. */
  descriptor?: boolean;
}

/** One central-directory record, as written; tests may edit these to build hostile directories. */
export interface CentralRecord {
  name: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  extra: Uint8Array;
}

export interface ZipLayout {
  /** Bytes inserted before entry i's local header (a gap no record accounts for). */
  before?: Record<number, Uint8Array>;
  /** Bytes between the last entry and the central directory. */
  beforeDirectory?: Uint8Array;
  /** Rewrites the central records before they are written (overlaps, duplicates, bad offsets). */
  records?: (records: CentralRecord[], directoryOffset: number) => CentralRecord[];
}

const enc = new TextEncoder();

function bytesOf(parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) { out.set(a, at); at += a.length; }
  return out;
}

const u16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** The Info-ZIP Unicode Path extra field (0x7075): version 1, CRC-32 of the header name, the UTF-8 name. */
export function unicodePathField(headerName: Uint8Array, unicodeName: string, crcOverride?: number): Uint8Array {
  const utf8 = enc.encode(unicodeName);
  return bytesOf([u16(0x7075), u16(5 + utf8.length), [1], u32(crcOverride ?? crc32(headerName)), utf8]);
}

/** A zip of `entries` in order, with an optional hostile `layout`. */
export function writeZip(entries: EntrySpec[], layout: ZipLayout = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  let records: CentralRecord[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const gap = layout.before?.[i];
    if (gap) { parts.push(gap); offset += gap.length; }
    const name = typeof e.name === 'string' ? enc.encode(e.name) : e.name;
    const method = e.method ?? 8;
    const flags = (e.flags ?? 0) | (e.descriptor ? 8 : 0);
    const data = method === 8 ? deflateSync(e.data) : e.data;
    const crc = crc32(e.data);
    const extra = e.extra ?? new Uint8Array(0);
    const sizes = e.descriptor ? [...u32(0), ...u32(0), ...u32(0)] : [...u32(crc), ...u32(data.length), ...u32(e.data.length)];
    const local = bytesOf([u32(0x04034b50), u16(20), u16(flags), u16(method), u16(0), u16(0x21), sizes, u16(name.length), u16(extra.length), name, extra, data,
      e.descriptor ? [...u32(0x08074b50), ...u32(crc), ...u32(data.length), ...u32(e.data.length)] : []]);
    records.push({ name, flags, method, crc, compressedSize: data.length, size: e.data.length, localOffset: offset, extra });
    parts.push(local);
    offset += local.length;
  });
  if (layout.beforeDirectory) { parts.push(layout.beforeDirectory); offset += layout.beforeDirectory.length; }
  const directoryOffset = offset;
  if (layout.records) records = layout.records(records, directoryOffset);
  const central = records.map((r) => bytesOf([u32(0x02014b50), u16(20), u16(20), u16(r.flags), u16(r.method), u16(0), u16(0x21), u32(r.crc),
    u32(r.compressedSize), u32(r.size), u16(r.name.length), u16(r.extra.length), u16(0), u16(0), u16(0), u32(0), u32(r.localOffset), r.name, r.extra]));
  const directory = bytesOf(central);
  const end = bytesOf([u32(0x06054b50), u16(0), u16(0), u16(records.length), u16(records.length), u32(directory.length), u32(directoryOffset), u16(0)]);
  return bytesOf([...parts, directory, end]);
}

/**
 * The zip of issue 12 fault 5: one deflated entry of `size` bytes of text and `copies` more
 * central records pointing at its bytes, so a reader that trusts the directory unpacks
 * `copies + 1` times `size` from a few kilobytes. With `index.html` first the bundle has an entry
 * page, and the defaults (999 records on one entry, 1,000 files, 100 MB) stay within the limits.
 */
export function overlappingZip(copies = 998, size = 100_000): Uint8Array {
  const line = 'overlapping entries share these bytes; ';
  const text = enc.encode(line.repeat(Math.ceil(size / line.length)).slice(0, size));
  return writeZip([{ name: 'index.html', data: enc.encode('<p>overlap</p>') }, { name: 'p.txt', data: text }], {
    records: (rs) => [...rs, ...Array.from({ length: copies }, (_, i) => ({ ...rs[1], name: enc.encode(`p${i}.txt`) }))],
  });
}
