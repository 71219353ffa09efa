import { CliError, EXIT } from './errors';

/**
 * Usage mistakes in the user's terms: an unknown command or option is named, with the nearest
 * real one ("did you mean …?"). Loaded only when a command line is wrong, so it costs nothing on
 * every other run.
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment, a restricted
 * Damerau-Levenshtein): insertions, deletions, substitutions and swapping two neighbouring
 * letters (`--kye` → `--key`, the commonest typo) each cost 1.
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate a mistyped `word` most likely meant, or undefined: the closest by edit distance
 * when it is at most a third of the word's length (at least 1), or one the word begins
 * (`--max` → `--max-views`). Compared case-insensitively.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  if (best && best.d <= Math.max(1, Math.floor(w.length / 3))) return best.c;
  return w.length >= 3 ? candidates.find((c) => c.toLowerCase().startsWith(w)) : undefined;
}

/**
 * `share lst`: a word that is neither a command nor a file or folder here; `share help lst`
 * (`forHelp`): a word that is no command.
 */
export function unknownCommand(word: string, commands: readonly string[], forHelp = false): CliError {
  const guess = closest(word, commands);
  if (guess) return new CliError(`unknown command ${word}; did you mean ${guess}? (see share help ${guess})`, EXIT.usage);
  const notPath = forHelp ? '' : `, and there is no file or folder named ${word} here`;
  return new CliError(`unknown command ${word}${notPath}. Commands: ${commands.join(', ')} (see share --help)`, EXIT.usage);
}

/** The command a command line runs, as `share help` names it (`ls` is `list`; a path is `publish`). */
export function commandOf(argv: readonly string[], commands: readonly string[]): string {
  const first = argv[0] === 'ls' ? 'list' : argv[0] === 'share' ? 'publish' : argv[0];
  return first && commands.includes(first) ? first : 'publish';
}

/**
 * A node:util parseArgs failure (`ERR_PARSE_ARGS_*`) as one line in the user's terms. Its own
 * text quotes the option oddly and ends with an unbalanced quote; the options a command takes are
 * the ones its help lists, so that is where the nearest one is looked up. `-json` (one dash,
 * which parseArgs reads as the short options -j -s -o -n) is matched whole.
 */
export function usageError(err: Error & { code?: string }, argv: readonly string[], command: string, help: string): CliError {
  const see = `(see share help ${command})`;
  const known = [...new Set(help.match(/--[a-z][a-z-]*/g) ?? [])];
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // A single-dash word (`-json`) reaches parseArgs as its first letter: name the whole word.
    const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
    const word = quoted.startsWith('--') ? quoted : argv.slice(0, end).find((a) => a.startsWith(quoted) && !a.startsWith('--'))?.split('=')[0] ?? quoted;
    const guess = closest(`--${word.replace(/^-+/, '')}`, known);
    return new CliError(`unknown option ${word}${guess ? `; did you mean ${guess}?` : ''} ${see}`, EXIT.usage);
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--[a-z][a-z-]*/.exec(quoted)?.[0] ?? quoted;
    const example = new RegExp(`${name} ([A-Z][A-Z]*)`).exec(help)?.[1];
    return new CliError(/does not take/.test(err.message)
      ? `${name} takes no value ${see}`
      : `${name} needs a value${example ? `, e.g. ${name} ${example}` : ''} ${see}`, EXIT.usage);
  }
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new CliError(`unexpected argument ${quoted}: share ${command} takes none ${see}`, EXIT.usage);
  return new CliError(`${err.message.split('.')[0]} ${see}`, EXIT.usage);
}
