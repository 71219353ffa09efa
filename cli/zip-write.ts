import { crc32 } from '../core/zip/crc32';

/** 1980-01-01 00:00 in MS-DOS date and time (APPNOTE.TXT 4.4.6): every entry gets it, so the same bundle makes the same zip. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** Bit 11: the name is UTF-8 (APPNOTE.TXT 4.4.4, appendix D); ASCII names are UTF-8 too. */
const UTF8_NAME = 0x0800;

/**
 * `files` as a stored zip (method 0: the bytes as they are), in the given order: a local header
 * and the bytes of each file, then the central directory and its end record (APPNOTE.TXT 4.3).
 * No ZIP64, so at most 65,535 files and 4 GiB: the one-request publish sends at most 1000 files
 * and 1 MiB (cli/publish-once.ts). Names are written as UTF-8 with bit 11 set, as core/zip reads
 * them; no extra fields, no attributes (so no entry reads as a symbolic link).
 *
 * Written here rather than with fflate's zipSync: loading fflate (its tables are built when the
 * module loads) cost a publish 6-7 ms of CPU, as much as the one request saves; the checksum is
 * the zip reader's own (core/zip/crc32.ts).
 */
export function storedZip(files: readonly { path: string; bytes: Uint8Array }[]): Uint8Array {
  const enc = new TextEncoder();
  const names = files.map((f) => enc.encode(f.path));
  const crcs = files.map((f) => crc32(f.bytes));
  const dataSize = files.reduce((n, f, i) => n + 30 + names[i].length + f.bytes.length, 0);
  const dirSize = names.reduce((n, name) => n + 46 + name.length, 0);
  const out = new Uint8Array(dataSize + dirSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => { view.setUint16(at, v, true); at += 2; };
  const u32 = (v: number) => { view.setUint32(at, v, true); at += 4; };
  /** The fields a local header and a directory record share, from "version needed" to "extra length". */
  const common = (i: number) => { u16(20); u16(UTF8_NAME); u16(0); u16(DOS_TIME); u16(DOS_DATE); u32(crcs[i]); u32(files[i].bytes.length); u32(files[i].bytes.length); u16(names[i].length); u16(0); };
  const offsets: number[] = [];
  files.forEach((f, i) => {
    offsets.push(at);
    u32(0x04034b50); common(i);
    out.set(names[i], at); at += names[i].length;
    out.set(f.bytes, at); at += f.bytes.length;
  });
  files.forEach((_, i) => {
    u32(0x02014b50); u16(20); common(i);
    u16(0); u16(0); u16(0); u32(0); u32(offsets[i]);
    out.set(names[i], at); at += names[i].length;
  });
  u32(0x06054b50); u16(0); u16(0); u16(files.length); u16(files.length); u32(dirSize); u32(dataSize); u16(0);
  return out;
}
