import { existsSync } from 'node:fs';
import { debugEnabled, EXIT, isCliError, oneLine, type CliError } from './errors';
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
  share stats <link> [--json]            page views, unique visitors per day, top referrers; who opened it
  share feedback <link> [--json]         viewers' errors, missing files and comments; reply to and
                                         resolve comments (share feedback reply|resolve)
  share allow <link> --add/--remove EMAIL  who may open a link (email allowlist), without a new version
  share manage <link>                    print the link's private manage link (a page to update or revoke it)
  share login <server URL>               use this server from now on (saved in the config file)
  share config set|get|unset|list        the config file: server, apiKey
  share doctor                           which server and key are used, and why; says what to fix
  share skill install [--project]        install the /share skill for Claude Code
  share mcp [--print-config]             run the MCP server on stdio (Claude Desktop); --print-config
                                         prints the exact Claude Desktop config entry
  share admin ...                        operator commands (API keys, takedown, reports)
  share help <command>                   help for one command (publish, revoke, list, versions, rollback,
                                         stats, feedback, allow, manage, login, config, doctor, skill, mcp, admin)

Options for share <path>: --server URL, --entry PAGE, --spa, --new, --force, --allow-secrets,
  --json, --open, --qr, --no-copy, --timeout S, --expires WHEN, --max-views N, --password [PW],
  --allow EMAIL, --no-allow, --key KEY, --feedback, --live, --watch
  (see share help publish)
  --debug     on failure, also print the stack trace (or set SHARE_DEBUG=1)
  --version   print the CLI version
  -h, --help  show this help

Examples:
  share ./index.html
  share ./dist --json
  share ./prototype --watch --feedback     re-share on every save; viewers' errors and comments
  share feedback <link>                    what they reported
  share revoke https://k3x9m2p7q4zr7a.example-usercontent.com/

Server: --server, else $SHARE_SERVER, else "server" in $XDG_CONFIG_HOME/share/config.json
(share login writes it), else http://localhost:8787. Owner tokens are kept in $XDG_CONFIG_HOME/share/state.json (0600).

Calls to the server give up after --timeout seconds, else $SHARE_TIMEOUT, else 90 (the MCP
server: 50); a link that went live in time is always reported.

Exit codes: 0 ok, 1 failed, 2 usage or bad path, 3 server unreachable, 4 bundle refused by the
server, 5 likely secrets found (nothing uploaded; --allow-secrets overrides), 6 the answer came
from a proxy, firewall or sandbox between here and the server (allowlist the server's host),
7 no answer within the time limit. A failure prints one line on stderr.`;

/** Commands are loaded on demand so `share --version` loads nothing it does not need. */
// Maps, not object literals: the word comes from the user, and `share constructor` must not find Object.
const COMMANDS = new Map<string, () => Promise<(argv: string[]) => Promise<void>>>(Object.entries({
  revoke: async () => (await loadCommand.revoke()).revoke,
  list: async () => (await loadCommand.list()).list,
  ls: async () => (await loadCommand.list()).list,
  skill: async () => (await loadCommand.skill()).skill,
  mcp: async () => (await loadCommand.mcp()).mcp,
  doctor: async () => { const { doctor } = await loadCommand.doctor(); return (argv) => doctor(argv, VERSION); },
  versions: async () => (await loadCommand.versions()).versions,
  rollback: async () => (await loadCommand.rollback()).rollback,
  stats: async () => (await loadCommand.stats()).stats,
  feedback: async () => (await loadCommand.feedback()).feedback,
  allow: async () => (await loadCommand.allow()).allow,
  manage: async () => (await loadCommand.manage()).manage,
  admin: async () => (await loadCommand.admin()).admin,
  login: async () => (await loadCommand.login()).login,
  config: async () => (await loadCommand.config()).config,
}));

const HELPS = new Map<string, () => Promise<string>>(Object.entries({
  publish: async () => (await loadCommand.publish()).publishHelp,
  revoke: async () => (await loadCommand.revoke()).revokeHelp,
  list: async () => (await loadCommand.list()).listHelp,
  skill: async () => (await loadCommand.skill()).skillHelp,
  doctor: async () => (await loadCommand.doctor()).doctorHelp,
  mcp: async () => (await import('./commands/mcp-help')).mcpHelp,
  versions: async () => (await loadCommand.versions()).versionsHelp,
  rollback: async () => (await loadCommand.rollback()).rollbackHelp,
  stats: async () => (await loadCommand.stats()).statsHelp,
  feedback: async () => (await loadCommand.feedback()).feedbackHelp,
  allow: async () => (await loadCommand.allow()).allowHelp,
  manage: async () => (await loadCommand.manage()).manageHelp,
  admin: async () => (await loadCommand.admin()).adminHelp,
  login: async () => (await loadCommand.login()).loginHelp,
  config: async () => (await loadCommand.config()).configHelp,
}));

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') return void process.stdout.write(`${VERSION}\n`);
  if (first === undefined || first === '--help' || first === '-h') return void process.stdout.write(`${HELP}\n`);
  if (first === 'help') {
    const help = rest[0] ? HELPS.get(rest[0] === 'ls' ? 'list' : rest[0]) : undefined;
    if (rest[0] && !help) throw (await import('./usage')).unknownCommand(rest[0], [...HELPS.keys()], true);
    return void process.stdout.write(`${help ? await help() : HELP}\n`);
  }
  const command = COMMANDS.get(first);
  if (command) return (await command())(rest);
  if (first === 'publish' || first === 'share') return (await loadCommand.publish()).publish(rest);
  // A bare word that is no command and no file here is a mistyped command (`share lst`), not a path.
  if (/^[a-z][a-z-]*$/i.test(first) && !existsSync(first)) throw (await import('./usage')).unknownCommand(first, [...HELPS.keys()]);
  return (await loadCommand.publish()).publish(argv);
}

/** Where the running CLI file is: `share skill install` copies the skill from next to it. */
(globalThis as { __shareCliUrl?: string }).__shareCliUrl = import.meta.url;

/**
 * One line per failure: what went wrong and what to do. An error we did not expect shows its
 * first line only; its stack (with readable file names, see scripts/build-cli.mjs) needs
 * --debug or SHARE_DEBUG=1, because a stack of the bundle can be hundreds of kilobytes.
 */
function report(err: unknown): void {
  const known = isCliError(err);
  const parseError = (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
  const debug = debugEnabled();
  const message = known || parseError ? (err as Error).message : `unexpected error: ${oneLine(err)}${debug ? '' : ' (run again with --debug or SHARE_DEBUG=1 for details)'}`;
  process.stderr.write(`share: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = known ? (err as CliError).code : parseError ? EXIT.usage : EXIT.failure;
}

/** `--debug` anywhere on the command line turns on SHARE_DEBUG for this run, and source maps for readable stacks. */
const args = process.argv.slice(2);
const end = args.includes('--') ? args.indexOf('--') : args.length;
const argv = args.filter((a, i) => i >= end || a !== '--debug');
if (argv.length !== args.length) process.env.SHARE_DEBUG = '1';
if (debugEnabled()) process.setSourceMapsEnabled?.(true);

// A failure outside the command's promise (a stream error, a stray rejection) is reported the same way.
// The MCP server keeps serving instead (it logs it; see commands/mcp.ts).
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (err: unknown) => {
    if ((globalThis as { __shareKeepAlive?: boolean }).__shareKeepAlive) {
      process.stderr.write(`share mcp: ${event}: ${debugEnabled() && err instanceof Error ? err.stack : oneLine(err)}\n`);
      return;
    }
    report(err);
    process.exit();
  });
}

/** A command line parseArgs refused, explained with the command's own options (see usage.ts). */
async function usageError(err: unknown): Promise<unknown> {
  if (!(err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) return err;
  const usage = await import('./usage');
  const command = usage.commandOf(argv, [...HELPS.keys()]);
  return usage.usageError(err as Error, argv, command, await HELPS.get(command)!());
}

main(argv).then(
  () => { process.exitCode = process.exitCode ?? EXIT.ok; },
  async (err) => report(await usageError(err)),
);
