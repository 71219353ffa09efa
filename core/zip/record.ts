/** One central-directory record, with its name decoded (names.ts) and its byte range checked (layout.ts). */
export interface ZipRecord {
  /** The decoded name, `\` already turned into `/`. */
  name: string;
  /** The name's bytes as stored; the local header must repeat them. */
  rawName: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
  /** Where the entry's bytes must end: the next entry's local header, or the central directory. */
  end: number;
  isSymlink: boolean;
}

export interface ZipDirectory {
  /** Every record, in the order their bytes sit in the archive. */
  records: ZipRecord[];
  /** Where the central directory starts, i.e. where the last entry must end. */
  directoryOffset: number;
}
