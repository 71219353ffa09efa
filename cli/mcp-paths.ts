import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError, EXIT } from './errors';

/**
 * A path argument of an MCP tool, as the file system needs it. No shell stands between the model
 * and the server, so `~`, `~/…`, `$HOME/…` and `${HOME}/…` are expanded here. A relative path is
 * refused: it would resolve against the MCP server's working folder (often `/` under Claude
 * Desktop), not the user's, so the error names the absolute path it would have meant.
 */
export function toolPath(input: string): string {
  const m = /^(~|\$HOME|\$\{HOME\})(?=$|[/\\])/.exec(input);
  if (m) {
    const home = homedir();
    if (!home || !isAbsolute(home)) throw new CliError(`cannot expand ${m[1]} in "${input}": HOME is not set here; pass the absolute path`, EXIT.usage);
    return join(home, input.slice(m[0].length));
  }
  if (!isAbsolute(input)) {
    throw new CliError(`the path must be absolute: "${input}" would be ${resolve(input)}, relative to the MCP server's working folder (${process.cwd()}), which is not the user's. Pass the absolute path`, EXIT.usage);
  }
  return input;
}
