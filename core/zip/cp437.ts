/**
 * Code page 437, the IBM PC character set that APPNOTE.TXT (appendix D) names as the encoding of
 * a zip entry name without the UTF-8 flag, and which older Windows and DOS tools wrote. Bytes
 * 0x00–0x7F are ASCII (CP437 draws glyphs such as ☺ for the control codes 0x01–0x1F, but in a file
 * name those bytes are control characters, which the path rules refuse); 0x80–0xFF, sixteen a row:
 */
const HIGH =
  'ÇüéâäàåçêëèïîìÄÅ' +
  'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ' +
  'áíóúñÑªº¿⌐¬½¼¡«»' +
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' +
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩' +
  '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** All 256 code points, indexed by byte. */
export const CP437: readonly string[] = [...Array.from({ length: 128 }, (_, b) => String.fromCharCode(b)), ...HIGH];

/** Decodes bytes as CP437. Every byte maps to a character, so this never produces U+FFFD. */
export function decodeCp437(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += CP437[b];
  return out;
}
