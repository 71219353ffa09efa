import { parseArgs } from 'node:util';
import { TIMEOUT_HELP, timeoutMs } from '../deadline';
import { copyToClipboard, openUrl, progressBar, qrCode } from '../desktop';
import { CliError, EXIT, oneLine } from '../errors';
import { LIFECYCLE_HELP, LIFECYCLE_OPTIONS, readLifecycle, splitPassword } from '../lifecycle-flags';
import { accessWords } from '../../core/expiry-words';
import { formatBytes } from '../../core/limits';
import { dim, green, info, warn } from '../output';
import { publishPath } from '../publish-core';
import { rootNote } from '../../core/root';
import { resolveServer } from '../config';
import { FEEDBACK_HELP, FEEDBACK_OPTIONS, feedbackLines, feedbackSettings } from '../feedback-flags';
import { outcomeJson } from '../publish-report';
import { watchAndShare } from '../watch';

export const publishHelp = `Usage: share <path> [options]

Publish an HTML file, a folder (its index.html opens first) or a .zip, and print the link.
Sharing the same path again from this machine updates the same link (only changed files are sent;
unchanged files keep the current version). Says when the link expires.
A single HTML file brings along the local files it references (scripts, styles, images, fonts,
CSS url()/@import, module imports). Folders and zips skip .git, node_modules, .DS_Store, ._*
files, .env* and what .gitignore or .shareignore list. Nothing is uploaded if a likely API key
or private key is found.
When every page is inside one folder (a build's dist/ next to a README), that folder is served
as the link's root, so /assets/… references resolve.
With --watch it keeps running after the link is printed and re-shares on every save (one line
per update on stdout: the new version and what was sent); a failed update is reported and the
next save tries again.

Options:
  --server URL      share server (default: $SHARE_SERVER, config file, http://localhost:8787)
  --entry PAGE      page to open at / when the folder has no index.html
  --spa             single-page app: paths that match no file open the entry page
                    (a 200.html in the folder does this without the flag)
  --no-spa          turn that off again when updating a link
  --new             make a fresh link instead of updating the previous one for this path
  --force           update even if someone else changed the link since your last update
  --allow-secrets   share even though the secret scan found likely keys
  --json            print one JSON object ({"id","url","expiry","manageUrl",...}) instead of the
                    bare link; manageUrl is the link's private manage page (keep it to yourself)
  --open            open the link in the browser
  --qr              print a QR code of the link on stderr
  --no-copy         do not copy the link to the clipboard (only done on a terminal)
${FEEDBACK_HELP}
${LIFECYCLE_HELP}
${TIMEOUT_HELP} (with --watch: per update)
  --debug           on failure, print the stack trace too (or set SHARE_DEBUG=1)
  -h, --help        show this help

Examples:
  share ./index.html
  share ./dist --json
  share prototype.zip --server https://share.example.com
  share ./index.html --qr --open
  share ./report.html --expires 24h --password
  share ./prototype --watch --feedback`;

export const publishOptions = {
  server: { type: 'string' }, entry: { type: 'string' }, spa: { type: 'boolean' }, 'no-spa': { type: 'boolean' }, new: { type: 'boolean' }, force: { type: 'boolean' },
  'allow-secrets': { type: 'boolean' }, json: { type: 'boolean' }, open: { type: 'boolean' }, qr: { type: 'boolean' },
  'no-copy': { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...LIFECYCLE_OPTIONS, ...FEEDBACK_OPTIONS,
} as const;

export async function publish(argv: string[]): Promise<void> {
  const pw = splitPassword(argv, publishOptions);
  const { values, positionals } = parseArgs({ args: pw.argv, allowPositionals: true, options: publishOptions });
  if (values.help) return void process.stdout.write(`${publishHelp}\n`);
  if (positionals.length !== 1) throw new CliError(`expected one path to share, got ${positionals.length} (see share --help)`, EXIT.usage);
  const timeout = timeoutMs(values.timeout);
  const lifecycle = await readLifecycle(values, pw);
  if (values.spa && values['no-spa']) throw new CliError('--spa and --no-spa contradict each other: pass one', EXIT.usage);
  const spa = values.spa ? { spa: true } : values['no-spa'] ? { spa: false } : {};
  const viewers = feedbackSettings(values);
  const started = Date.now();
  const bar = progressBar();
  let out;
  try {
    out = await publishPath({
      path: positionals[0], server: values.server, entry: values.entry, fresh: values.new, force: values.force, timeoutMs: timeout,
      allowSecrets: values['allow-secrets'], settings: { ...lifecycle.settings, ...spa, ...viewers }, key: lifecycle.key, onProgress: bar.update, onNote: (m) => info(dim(m)),
    });
  } finally {
    bar.done();
  }
  // The link is live from here on: it is printed first, and nothing after it may turn into a failure.
  const now = Date.now();
  if (values.json) process.stdout.write(`${JSON.stringify(outcomeJson(out, resolveServer(values.server), now))}\n`);
  else process.stdout.write(`${out.share.url}\n`);
  for (const w of out.warnings) warn(w);
  if (out.share.root) info(dim(rootNote(out.share.root)));
  const files = `${out.files} file${out.files === 1 ? '' : 's'}`;
  info(dim(out.unchanged
    ? `unchanged: the link already shows ${out.files === 1 ? 'this file' : `these ${files}`} (version ${out.share.version}), so nothing was sent`
    : `${out.updated ? `updated (version ${out.share.version})` : 'published'} ${files} (${formatBytes(out.totalBytes)}, sent ${formatBytes(out.sentBytes)}) in ${((Date.now() - started) / 1000).toFixed(1)}s`));
  info(`the link ${accessWords(out.share, now)}`);
  const told = feedbackLines(out.share, viewers);
  for (const n of told.notes) info(n);
  for (const w of told.warnings) warn(w);
  try {
    if (process.stdout.isTTY && !values.json && !values['no-copy'] && (await copyToClipboard(out.share.url))) info(green('copied to the clipboard'));
    if (values.qr) process.stderr.write(`${await qrCode(out.share.url)}\n`);
    if (values.open && !openUrl(out.share.url)) warn('no way to open a browser here (open / xdg-open / start)');
  } catch (err) {
    warn(`the link is live; ${oneLine(err)}`);
  }
  if (values.watch) {
    // Later updates keep the expiry, view limit and password as set now (sending them again would restart the expiry each save).
    await watchAndShare({
      first: out, json: values.json === true,
      publish: { path: positionals[0], server: values.server, entry: values.entry, force: values.force, timeoutMs: timeout, allowSecrets: values['allow-secrets'], settings: { ...spa, ...viewers }, key: lifecycle.key },
    });
    // Idle keep-alive connections to the server would hold the process for seconds after Ctrl-C.
    process.exitCode = 0;
    setImmediate(() => process.exit());
  }
}
