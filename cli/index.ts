import { CliError, EXIT } from './errors';

declare const __SHARE_VERSION__: string;
export const VERSION = typeof __SHARE_VERSION__ === 'string' ? __SHARE_VERSION__ : '0.0.0-dev';

const HELP = `share — turn an HTML file or folder into a short link, and take it back.

Usage:
  share <path> [--server URL] [--json]   publish a file, folder or .zip; prints the link
  share revoke <link|id>                 take a link back (410 Gone from then on)
  share list [--json]                    links created on this machine (and with an API key, that key's)
  share versions <link>                  a link's versions
  share rollback <link> [--to N]         serve an earlier version again
  share admin ...                        operator commands (API keys, takedown, reports)
  share help <command>                   help for one command

Options:
  --version   print the CLI version
  -h, --help  show this help

Server: --server, else $SHARE_SERVER, else "server" in $XDG_CONFIG_HOME/share/config.json,
else http://localhost:8787. Owner tokens are kept in $XDG_CONFIG_HOME/share/state.json (0600).

Exit codes: 0 ok, 1 failed, 2 usage or bad path, 3 server unreachable, 4 bundle refused.`;

/** Commands are imported on demand so `share --version` loads nothing it does not need. */
const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<void>>> = {
  revoke: async () => (await import('./commands/revoke')).revoke,
  list: async () => (await import('./commands/list')).list,
  ls: async () => (await import('./commands/list')).list,
  versions: async () => (await import('./commands/versions')).versions,
  rollback: async () => (await import('./commands/rollback')).rollback,
  admin: async () => (await import('./commands/admin')).admin,
};

const HELPS: Record<string, () => Promise<string>> = {
  publish: async () => (await import('./commands/publish')).publishHelp,
  revoke: async () => (await import('./commands/revoke')).revokeHelp,
  list: async () => (await import('./commands/list')).listHelp,
  versions: async () => (await import('./commands/versions')).versionsHelp,
  rollback: async () => (await import('./commands/rollback')).rollbackHelp,
  admin: async () => (await import('./commands/admin')).adminHelp,
};

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') return void process.stdout.write(`${VERSION}\n`);
  if (first === undefined || first === '--help' || first === '-h') return void process.stdout.write(`${HELP}\n`);
  if (first === 'help') {
    const help = rest[0] ? HELPS[rest[0]] : undefined;
    return void process.stdout.write(`${help ? await help() : HELP}\n`);
  }
  const command = COMMANDS[first];
  if (command) return (await command())(rest);
  if (first === 'publish' || first === 'share') return (await import('./commands/publish')).publish(rest);
  return (await import('./commands/publish')).publish(argv);
}

main(process.argv.slice(2)).then(
  () => { process.exitCode = process.exitCode ?? EXIT.ok; },
  (err: unknown) => {
    const known = err instanceof CliError;
    const parseError = (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
    const message = known || parseError ? (err as Error).message : `unexpected error: ${(err as Error)?.stack ?? String(err)}`;
    process.stderr.write(`share: ${message}\n`);
    process.exitCode = known ? (err as CliError).code : parseError ? EXIT.usage : EXIT.failure;
  },
);
