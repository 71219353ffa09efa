import { parseArgs } from 'node:util';
import { manageLink } from '../../core/manage-link';
import { CliError, EXIT } from '../errors';
import { findByRef, idFromRef } from '../state';

export const manageHelp = `Usage: share manage <link|id>

Print the private manage link of a link this machine created:
https://<server>/manage#<id>.<owner token>. Opened in any browser, it shows the link's state,
views and expiry, and can update it by drop, revoke it, or add it to that browser's Your links.
Whoever has it can change or revoke the link: give it only to people who should.

Options:
  -h, --help   show this help

Examples:
  share manage https://k3x9m2p7q4zr7a.example-usercontent.com/`;

/** `share manage <link>`: the manage link of a link whose owner token this machine holds (state file). */
export async function manage(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${manageHelp}\n`);
  const ref = positionals[0];
  if (!ref || positionals.length > 1) throw new CliError('expected one link or id (see share manage --help)', EXIT.usage);
  if (!idFromRef(ref)) throw new CliError(`"${ref}" is not a share link or id`, EXIT.usage);
  const saved = findByRef(ref);
  if (!saved) throw new CliError(`this machine holds no owner token for ${ref}: only the machine that published it can print its manage link (see share list)`);
  process.stdout.write(`${manageLink(saved.server, saved.id, saved.ownerToken)}\n`);
}
