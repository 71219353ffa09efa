/**
 * Byte-level editing of zip archives, for crafting hostile ones that no well-behaved zip writer
 * would produce: symlinks, lying sizes, encryption flags, unknown methods.
 */

const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;

export interface CentralRecord {
  name: string;
  /** Offset of the central directory header. */
  offset: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

function view(zip: Uint8Array) {
  return new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
}

export function centralRecords(zip: Uint8Array): CentralRecord[] {
  const v = view(zip);
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0; i--) if (v.getUint32(i, true) === EOCD) { eocd = i; break; }
  if (eocd < 0) throw new Error('no end of central directory');
  const count = v.getUint16(eocd + 10, true);
  let p = v.getUint32(eocd + 16, true);
  const out: CentralRecord[] = [];
  for (let i = 0; i < count; i++) {
    if (v.getUint32(p, true) !== CENTRAL) throw new Error('bad central directory');
    const nameLen = v.getUint16(p + 28, true);
    out.push({ name: new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLen)), offset: p, localOffset: v.getUint32(p + 42, true) });
    p += 46 + nameLen + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return out;
}

export interface EntryPatch {
  /** High byte of "version made by": 3 is Unix. */
  host?: number;
  /** External file attributes (Unix mode in the high 16 bits). */
  externalAttrs?: number;
  /** Uncompressed size, in the central directory and the local header. */
  size?: number;
  compressedSize?: number;
  flags?: number;
  method?: number;
}

/** Returns a copy of `zip` with one entry's header fields overwritten (central directory and local header alike). */
export function patchEntry(zip: Uint8Array, name: string, patch: EntryPatch): Uint8Array {
  const out = zip.slice();
  const v = view(out);
  const record = centralRecords(out).find((r) => r.name === name);
  if (!record) throw new Error(`no entry ${name}`);
  const c = record.offset;
  const l = record.localOffset;
  if (patch.host !== undefined) v.setUint16(c + 4, (patch.host << 8) | (v.getUint16(c + 4, true) & 0xff), true);
  if (patch.externalAttrs !== undefined) v.setUint32(c + 38, patch.externalAttrs >>> 0, true);
  if (patch.size !== undefined) { v.setUint32(c + 24, patch.size, true); v.setUint32(l + 22, patch.size, true); }
  if (patch.compressedSize !== undefined) { v.setUint32(c + 20, patch.compressedSize, true); v.setUint32(l + 18, patch.compressedSize, true); }
  if (patch.flags !== undefined) { v.setUint16(c + 8, patch.flags, true); v.setUint16(l + 6, patch.flags, true); }
  if (patch.method !== undefined) { v.setUint16(c + 10, patch.method, true); v.setUint16(l + 8, patch.method, true); }
  return out;
}

/** The compressed data of an entry, as a view into `zip` (writes go through). */
export function entryData(zip: Uint8Array, name: string): Uint8Array {
  const v = view(zip);
  const record = centralRecords(zip).find((r) => r.name === name);
  if (!record) throw new Error(`no entry ${name}`);
  const l = record.localOffset;
  const start = l + 30 + v.getUint16(l + 26, true) + v.getUint16(l + 28, true);
  return zip.subarray(start, start + v.getUint32(record.offset + 20, true));
}

export function readField(zip: Uint8Array, name: string, field: 'host' | 'externalAttrs' | 'size' | 'method' | 'flags'): number {
  const v = view(zip);
  const c = centralRecords(zip).find((r) => r.name === name)!.offset;
  switch (field) {
    case 'host': return v.getUint16(c + 4, true) >> 8;
    case 'externalAttrs': return v.getUint32(c + 38, true);
    case 'size': return v.getUint32(c + 24, true);
    case 'method': return v.getUint16(c + 10, true);
    case 'flags': return v.getUint16(c + 8, true);
  }
}

/** Returns a copy of `zip` with an entry renamed in place (central directory and local header); names must have the same byte length. */
export function renameEntry(zip: Uint8Array, from: string, to: string): Uint8Array {
  const a = new TextEncoder().encode(from);
  const b = new TextEncoder().encode(to);
  if (a.length !== b.length) throw new Error('renameEntry needs names of equal byte length');
  const out = zip.slice();
  const record = centralRecords(out).find((r) => r.name === from);
  if (!record) throw new Error(`no entry ${from}`);
  out.set(b, record.offset + 46);
  out.set(b, record.localOffset + 30);
  return out;
}
