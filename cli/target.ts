import { resolveApiKey, resolveServer } from './config';
import { CliError, EXIT } from './errors';
import { findByRef, idFromRef, type SavedShare } from './state';
import { say } from './words';

export interface Target {
  id: string;
  server: string;
  /** The owner token saved on this machine, else the API key that created the link. */
  secret: string;
  saved?: SavedShare;
}

/**
 * What a command needs to act on a link: its id, its server and a secret that may manage it.
 * A link made on this machine uses its saved owner token; any other link needs the API key that
 * created it (--key, SHARE_API_KEY or the config file).
 */
export function resolveTarget(ref: string | undefined, flags: { server?: string; key?: string }, command: string): Target {
  if (!ref) throw new CliError(`expected a link or id (see share ${command} --help)`, EXIT.usage);
  const id = idFromRef(ref);
  if (!id) throw new CliError(`"${ref}" is not a share link or id`, EXIT.usage);
  const saved = findByRef(ref);
  if (saved) return { id, server: flags.server ? resolveServer(flags.server) : saved.server, secret: saved.ownerToken, saved };
  const key = resolveApiKey(flags.key);
  if (!key) throw new CliError(`unknown link ${ref}: this machine holds no owner token for it and no API key is set (see ${say('list')})`);
  return { id, server: resolveServer(flags.server), secret: key };
}
