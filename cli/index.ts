import { CliError, EXIT } from './errors';
import { loadCommand } from './load-command';
import { VERSION } from './version';

export { VERSION };

const HELP = `share — turn an HTML file or folder into a short link, and take it back.

Usage:
  share <path> [options]                 publish a file, folder or .zip; prints the link
  share revoke <link|id>                 take a link back (410 Gone from then on)
  share list [--json]                    links created on this machine (and with an API key, that key's)
  share versions <link>                  a link's versions
  share rollback <link> [--to N]         serve an earlier version again
  share stats <link> [--json]            page views, unique visitors per day, top referrers
  share doctor                           check config, state file and server; says what to fix
  share skill install [--project]        install the /share skill for Claude Code
  share mcp                              run the MCP server on stdio (Claude Desktop)
  share admin ...                        operator commands (API keys, takedown, reports)
  share help <command>                   help for one command (publish, revoke, list, versions, rollback,
                                         stats, doctor, skill, mcp, admin)

Options for share <path>: --server URL, --entry PAGE, --spa, --new, --force, --allow-secrets,
  --json, --open, --qr, --no-copy (see share help publish)
  --version   print the CLI version
  -h, --help  show this help

Examples:
  share ./index.html
  share ./dist --json
  share revoke https://k3x9m2p7q4zr7a.example-usercontent.com/

Server: --server, else $SHARE_SERVER, else "server" in $XDG_CONFIG_HOME/share/config.json,
else http://localhost:8787. Owner tokens are kept in $XDG_CONFIG_HOME/share/state.json (0600).

Exit codes: 0 ok, 1 failed, 2 usage or bad path, 3 server unreachable, 4 bundle refused by the
server, 5 likely secrets found (nothing uploaded; --allow-secrets overrides).`;

/** Commands are loaded on demand so `share --version` loads nothing it does not need. */
const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<void>>> = {
  revoke: async () => (await loadCommand.revoke()).revoke,
  list: async () => (await loadCommand.list()).list,
  ls: async () => (await loadCommand.list()).list,
  skill: async () => (await loadCommand.skill()).skill,
  mcp: async () => (await loadCommand.mcp()).mcp,
  doctor: async () => { const { doctor } = await loadCommand.doctor(); return (argv) => doctor(argv, VERSION); },
  versions: async () => (await loadCommand.versions()).versions,
  rollback: async () => (await loadCommand.rollback()).rollback,
  stats: async () => (await loadCommand.stats()).stats,
  admin: async () => (await loadCommand.admin()).admin,
};

const HELPS: Record<string, () => Promise<string>> = {
  publish: async () => (await loadCommand.publish()).publishHelp,
  revoke: async () => (await loadCommand.revoke()).revokeHelp,
  list: async () => (await loadCommand.list()).listHelp,
  skill: async () => (await loadCommand.skill()).skillHelp,
  doctor: async () => (await loadCommand.doctor()).doctorHelp,
  mcp: async () => (await import('./commands/mcp-help')).mcpHelp,
  versions: async () => (await loadCommand.versions()).versionsHelp,
  rollback: async () => (await loadCommand.rollback()).rollbackHelp,
  stats: async () => (await loadCommand.stats()).statsHelp,
  admin: async () => (await loadCommand.admin()).adminHelp,
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
  if (first === 'publish' || first === 'share') return (await loadCommand.publish()).publish(rest);
  return (await loadCommand.publish()).publish(argv);
}

/** Where the running CLI file is: `share skill install` copies the skill from next to it. */
(globalThis as { __shareCliUrl?: string }).__shareCliUrl = import.meta.url;

main(process.argv.slice(2)).then(
  () => { process.exitCode = process.exitCode ?? EXIT.ok; },
  (err: unknown) => {
    // By name, not instanceof: in the bundle each command chunk has its own copy of the class.
    const known = err instanceof Error && err.name === 'CliError';
    const parseError = (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
    const message = known || parseError ? (err as Error).message : `unexpected error: ${(err as Error)?.stack ?? String(err)}`;
    process.stderr.write(`share: ${message}\n`);
    process.exitCode = known ? (err as CliError).code : parseError ? EXIT.usage : EXIT.failure;
  },
);
