/** An error the CLI reports as one readable line on stderr, exiting with `code`. */
export class CliError extends Error {
  constructor(message: string, readonly code = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Exit codes scripts (and the /share skill) can rely on. `secrets` is its own code so a caller
 * can tell "remove the key or pass --allow-secrets" apart from a bundle the server refused.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, unreachable: 3, refused: 4, secrets: 5 } as const;
