/** The CRC-32 lookup table for the reflected polynomial 0xEDB88320 (ISO 3309, ITU-T V.42). */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 as zip stores it (APPNOTE.TXT 4.4.7: the checksum of an entry's uncompressed bytes, and
 * of the header name in the Info-ZIP Unicode Path field, 4.6.9). Pass the previous result as
 * `crc` to continue over the next chunk; starts from 0. Returns an unsigned 32-bit number.
 * fflate computes the same checksum internally but does not export it.
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
