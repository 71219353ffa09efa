/** An error the CLI reports as one readable line on stderr, exiting with `code`. */
export class CliError extends Error {
  constructor(message: string, readonly code = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Exit codes scripts (and the /share skill) can rely on. `secrets` is its own code so a caller
 * can tell "remove the key or pass --allow-secrets" apart from a bundle the server refused;
 * `intercepted` (an answer that did not come from the share server: a proxy, firewall or sandbox)
 * and `timeout` (no answer within --timeout / SHARE_TIMEOUT) each need different advice.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, unreachable: 3, refused: 4, secrets: 5, intercepted: 6, timeout: 7 } as const;

/** Whether an error is one of ours. By name, not instanceof: in the bundle each command chunk has its own copy of the class. */
export const isCliError = (err: unknown): err is CliError => err instanceof Error && err.name === 'CliError';

/** The first line of an error's message, at most `max` characters: what a one-line report shows of an error we did not expect. */
export function oneLine(err: unknown, max = 300): string {
  const text = err instanceof Error ? `${err.name === 'Error' || err.name === 'CliError' ? '' : `${err.name}: `}${err.message}` : String(err);
  const first = text.split('\n').find((l) => l.trim()) ?? text;
  return first.length > max ? `${first.slice(0, max)}…` : first;
}

/** `--debug` or SHARE_DEBUG=1 (any value but empty or 0): failures then show their stack. */
export const debugEnabled = (): boolean => Boolean(process.env.SHARE_DEBUG) && process.env.SHARE_DEBUG !== '0';
