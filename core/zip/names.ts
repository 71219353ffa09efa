import { badRequest } from '../errors';
import { decodeCp437 } from './cp437';
import { crc32 } from './crc32';

/** An entry name as the central directory holds it. */
export interface RawName {
  bytes: Uint8Array;
  /** General-purpose bit flags; bit 11 (0x800) says the name is UTF-8. */
  flags: number;
  /** The central record's extra field. */
  extra: Uint8Array;
}

const UTF8_FLAG = 0x800;
const UNICODE_PATH = 0x7075;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Two kana or kanji in a row: what a Japanese name has and a Latin name misread as Shift_JIS almost never does. */
const JAPANESE_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2}/;

function strict(decoder: TextDecoder, bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Shift_JIS (CP932, as the Encoding Standard defines it), where the runtime has it: browsers, Node with full ICU, workerd. */
function shiftJis(): TextDecoder | null {
  try {
    return new TextDecoder('shift_jis', { fatal: true, ignoreBOM: true });
  } catch {
    return null;
  }
}

/**
 * The Info-ZIP Unicode Path extra field (tag 0x7075; APPNOTE.TXT 4.6.9): version 1, the CRC-32 of
 * the header's name bytes, then the name in UTF-8. Used only when its CRC matches the header name
 * (APPNOTE: otherwise the field is stale, from a tool that renamed the entry, and is ignored) and its
 * bytes are valid UTF-8; else null, and the header name is decoded instead.
 */
function unicodePath(extra: Uint8Array, headerName: Uint8Array): string | null {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let p = 0; p + 4 <= extra.length;) {
    const tag = view.getUint16(p, true);
    const body = p + 4;
    const end = body + view.getUint16(p + 2, true);
    if (end > extra.length) return null;
    if (tag === UNICODE_PATH && end - body >= 5 && extra[body] === 1 && view.getUint32(body + 1, true) === crc32(headerName)) {
      return strict(utf8, extra.subarray(body + 5, end));
    }
    p = end;
  }
  return null;
}

/**
 * Decodes every entry name of one archive, in order, with `\` turned into `/` (Windows tools write
 * `css\style.css`) so that the path rules that follow still refuse `..\x` and `\x` or `C:\x`:
 * 1. the UTF-8 flag (bit 11) set: UTF-8; bytes that are not valid UTF-8 are refused (400
 *    `zip_name_encoding`, naming the entry), never stored with U+FFFD in them;
 * 2. else an Info-ZIP Unicode Path field whose CRC matches: that UTF-8 name;
 * 3. else the bytes, when they are valid UTF-8 (ASCII included; macOS and many tools write UTF-8
 *    without the flag);
 * 4. else a legacy code page, decided once for the whole archive (one tool wrote every name):
 *    Shift_JIS (CP932, from Japanese Windows) when every such name decodes as Shift_JIS without
 *    error and at least one holds two kana or kanji in a row; otherwise CP437, the code page
 *    APPNOTE names. One kanji alone is not enough: Latin names in CP437 such as `crème` or `hôtel`
 *    also decode as Shift_JIS, to one stray kanji between Latin letters. CP437 maps all 256 bytes,
 *    so this step never produces U+FFFD.
 */
export function decodeNames(raw: readonly RawName[]): string[] {
  const names = raw.map((r) => {
    if (!(r.flags & UTF8_FLAG)) return unicodePath(r.extra, r.bytes) ?? strict(utf8, r.bytes);
    const name = strict(utf8, r.bytes);
    if (name === null) {
      throw badRequest('zip_name_encoding', `The zip entry ${JSON.stringify(new TextDecoder().decode(r.bytes))} is marked as UTF-8 but its name is not valid UTF-8; zip the files again.`);
    }
    return name;
  });
  const legacy = names.flatMap((name, i) => (name === null ? [i] : []));
  if (legacy.length > 0) {
    const decoder = shiftJis();
    const asShiftJis = decoder ? legacy.map((i) => strict(decoder, raw[i].bytes)) : [];
    const japanese = decoder !== null && asShiftJis.every((n) => n !== null) && asShiftJis.some((n) => JAPANESE_RUN.test(n!));
    legacy.forEach((i, k) => { names[i] = japanese ? asShiftJis[k] : decodeCp437(raw[i].bytes); });
  }
  return names.map((name) => name!.replace(/\\/g, '/'));
}
