import { CliError, EXIT } from './errors';

/**
 * Reads a secret from the terminal with echo off, so it ends up neither on screen nor in shell
 * history. Without a terminal (scripts, CI) there is nothing to prompt: use SHARE_PASSWORD.
 */
export async function promptSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new CliError('--password without a value needs a terminal to prompt on; in scripts set SHARE_PASSWORD or pass --password=VALUE', EXIT.usage);
  // Echo goes off before the question is shown, so nothing typed after it can appear on screen.
  stdin.setRawMode(true);
  process.stderr.write(question);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err); else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', EXIT.usage));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * `--password` takes an optional value, which parseArgs cannot express: `--password=VALUE`, or
 * `--password VALUE` when another positional argument is left to be the path, carry a value; a
 * bare `--password` means "prompt (or SHARE_PASSWORD)". `stringFlags` are the options that take
 * a value, so their values are not mistaken for the path. Returns argv without the flag.
 */
export function extractPassword(argv: string[], stringFlags: Set<string>): { argv: string[]; password?: string; prompt: boolean } {
  const positionals = (args: string[]) => {
    let n = 0;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--') return n + args.length - i - 1;
      if (!args[i].startsWith('-')) n++;
      else if (!args[i].includes('=') && stringFlags.has(args[i].replace(/^--?/, ''))) i++;
    }
    return n;
  };
  const i = argv.findIndex((a) => a === '--password' || a.startsWith('--password='));
  if (i === -1) return { argv, prompt: false };
  if (argv[i] !== '--password') return { argv: [...argv.slice(0, i), ...argv.slice(i + 1)], password: argv[i].slice('--password='.length), prompt: false };
  const next = argv[i + 1];
  const rest = [...argv.slice(0, i), ...argv.slice(i + 2)];
  if (next !== undefined && !next.startsWith('-') && positionals(rest) >= 1) return { argv: rest, password: next, prompt: false };
  return { argv: [...argv.slice(0, i), ...argv.slice(i + 1)], prompt: true };
}
