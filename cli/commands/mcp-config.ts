import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDir, resolveServer } from '../config';
import { info } from '../output';

/**
 * The exact `mcpServers` entry for Claude Desktop: absolute paths to this Node binary
 * (process.execPath) and to this CLI file, since a bare `"command": "node"` fails where node
 * comes from a version manager (nvm, fnm, volta, asdf: `spawn node ENOENT`). The env pins the
 * server and the state folder, which must not depend on the HOME Claude Desktop passes.
 */
export function desktopConfig(serverFlag?: string) {
  const script = fileURLToPath((globalThis as { __shareCliUrl?: string }).__shareCliUrl ?? import.meta.url);
  const env: Record<string, string> = { SHARE_SERVER: resolveServer(serverFlag), XDG_CONFIG_HOME: dirname(configDir()) };
  if (process.env.SHARE_TIMEOUT) env.SHARE_TIMEOUT = process.env.SHARE_TIMEOUT;
  return { mcpServers: { share: { command: process.execPath, args: [script, 'mcp'], env } } };
}

export function printDesktopConfig(serverFlag?: string): void {
  process.stdout.write(`${JSON.stringify(desktopConfig(serverFlag), null, 2)}\n`);
  info('Add the "share" entry to "mcpServers" in claude_desktop_config.json (macOS: ~/Library/Application Support/Claude/, Windows: %APPDATA%\\Claude\\), then restart Claude Desktop.');
}
