/**
 * Text from anonymous viewers (comments, names, error messages, paths) made safe to print as plain
 * text, in a terminal or in a tool's answer to a model: control characters (ANSI escapes that
 * could recolour or rewrite the terminal, a carriage return that could hide a line) and
 * bidirectional overrides (text shown in another order than it reads, "Trojan Source",
 * CVE-2021-42574) are replaced with U+FFFD; newlines stay. Cut to `max` characters with "…".
 */
export function plain(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** {@link plain} on one line: a viewer's newline cannot start a line that looks like the tool's own. */
export const plainLine = (text: string, max = 200): string => plain(text, max).replace(/\s*\n\s*/g, ' ');
