import { realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { configDir } from './config';
import { CliError, EXIT } from './errors';

/**
 * share_html keeps the pages it writes here, inside the config folder, so the same name keeps
 * updating the same link. They are public pages by design, the one part of the folder that may be
 * shared.
 */
export const htmlPagesDir = () => join(configDir(), 'html');

/** The real path (symbolic links resolved) of `path`, or of its nearest existing parent plus the rest. */
function real(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(real(parent), path.slice(parent.length));
  }
}

const inside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
};

/**
 * Refuses to share share's own config and state folder (`$XDG_CONFIG_HOME/share`: config.json
 * with the API key, state.json with every owner token), anything in it, or a folder containing it.
 * `files` are the absolute paths a bundle would read (a single HTML file brings the files it
 * references), each checked the same way. Only share_html's own pages folder is allowed.
 */
export function refuseOwnFiles(source: string, files: string[] = []): void {
  const own = real(configDir());
  const pages = real(htmlPagesDir());
  for (const path of [source, ...files]) {
    const r = real(path);
    const holds = inside(own, r) && r !== own;
    if ((inside(r, own) && !inside(r, pages)) || holds) {
      const what = holds ? `it contains ${own}, share's own config and state folder` : `${r === own ? 'it is' : `${r} is in`} ${own}, share's own config and state folder`;
      throw new CliError(`refusing to share ${source}: ${what}, which holds your owner tokens and API key. Share a folder that does not contain it`, EXIT.usage);
    }
  }
}
