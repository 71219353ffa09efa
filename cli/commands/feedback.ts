import { parseArgs } from 'node:util';
import type { FeedbackComment, ShareFeedback } from '../../core/api-types';
import { ServerError, ShareApi } from '../api';
import { CliError, EXIT } from '../errors';
import { feedbackJson, formatFeedback, plain } from '../feedback-format';
import { resolveTarget } from '../target';
import { say } from '../words';

const COMMON = `  --server URL   share server (default: the one the link was created on)
  --key KEY      API key, for links this machine did not create
  --json         print the server's answer as JSON
  -h, --help     show this help`;

export const feedbackHelp = `Usage: share feedback <link|id> [options]
       share feedback reply <link|id> <comment id> <text>
       share feedback resolve <link|id> <comment id> [--reopen]

What viewers' browsers and viewers said about a link you shared:
- errors: uncaught errors, unhandled rejections, files and scripts that failed to load (a
  blocked CDN included), Content Security Policy violations; grouped by message and source,
  with counts, first and last seen, and the browser and OS families;
- missing files: paths viewers' browsers asked for that the link does not hold (counted on
  every link);
- open comments viewers pinned to elements of the page, with their ids and replies.
Errors and comments are collected only on links shared with --feedback (or the web app's
"Collect viewer feedback"). Page content, form values, cookies and IPs are never collected.

Options:
  --all          include resolved comments
  --reopen       (with resolve) open a resolved comment again
${COMMON}

Examples:
  share feedback https://k3x9m2p7q4zr7a.example-usercontent.com/
  share feedback k3x9m2p7q4zr7a --json | jq '.errors[] | {message, count}'
  share feedback reply k3x9m2p7q4zr7a c_4f9x2k "Fixed in version 5, thanks!"
  share feedback resolve k3x9m2p7q4zr7a c_4f9x2k`;

export const replyHelp = `Usage: share feedback reply <link|id> <comment id> <text>

Reply to a viewer's comment on a link you shared; viewers see the reply under the comment's pin,
marked as the sharer's. The text is shown as plain text, never as HTML. Quote it, or give it as
several words. Comment ids are listed by share feedback <link>.

Options:
${COMMON}

Example:
  share feedback reply k3x9m2p7q4zr7a c_4f9x2k "Fixed in version 5, thanks!"`;

export const resolveHelp = `Usage: share feedback resolve <link|id> <comment id> [--reopen]

Mark a viewer's comment resolved (share feedback then lists it only with --all); --reopen
makes it open again. Comment ids are listed by share feedback <link>.

Options:
  --reopen       open a resolved comment again
${COMMON}

Example:
  share feedback resolve k3x9m2p7q4zr7a c_4f9x2k`;

const OPTIONS = { server: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** A comment the server does not know, in words that say where the ids are. */
function commentProblem(err: unknown, link: string, commentId: string): unknown {
  if (err instanceof ServerError && err.status === 404 && /comment/i.test(`${err.errorCode} ${err.message}`)) {
    return new CliError(`no comment ${plain(commentId, 60)} on ${link} (${say('feedbackList', link)} lists the comments and their ids)`, EXIT.usage);
  }
  return err;
}

type Flags = { server?: string; key?: string };

/** Replies to a comment on a link this machine (or the API key) may manage; a comment the server does not know is said in the caller's terms. */
export async function replyToComment(link: string, commentId: string, text: string, flags: Flags = {}): Promise<FeedbackComment> {
  const target = resolveTarget(link, flags, 'feedback reply');
  return new ShareApi(target.server).reply(target.id, target.secret, commentId, text).catch((err) => { throw commentProblem(err, link, commentId); });
}

/** Marks a comment resolved (or open again with `resolved: false`). */
export async function resolveCommentOn(link: string, commentId: string, resolved: boolean, flags: Flags = {}): Promise<FeedbackComment> {
  const target = resolveTarget(link, flags, 'feedback resolve');
  return new ShareApi(target.server).resolve(target.id, target.secret, commentId, resolved).catch((err) => { throw commentProblem(err, link, commentId); });
}

/** `GET /api/shares/:id/feedback` for a link this machine (or the API key) may manage. */
export async function readFeedback(link: string, flags: Flags = {}): Promise<ShareFeedback> {
  const target = resolveTarget(link, flags, 'feedback');
  return new ShareApi(target.server).feedback(target.id, target.secret);
}

/** One line about a comment after a reply or resolve: its id, page, replies and state. */
export const commentSummary = (c: FeedbackComment) => `on ${plain(c.page, 200)}, ${c.replies.length} repl${c.replies.length === 1 ? 'y' : 'ies'}${c.resolved ? ', resolved' : ', open'}`;

async function reply(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  if (values.help) return void process.stdout.write(`${replyHelp}\n`);
  const [link, commentId, ...words] = positionals;
  const text = words.join(' ').trim();
  if (!link || !commentId || !text) throw new CliError('expected a link, a comment id and the text of the reply (see share feedback reply --help)', EXIT.usage);
  const comment = await replyToComment(link, commentId, text, values);
  process.stdout.write(values.json ? `${JSON.stringify(comment, null, 2)}\n` : `replied to comment ${plain(comment.id, 60)} (${commentSummary(comment)})\n`);
}

async function resolveComment(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...OPTIONS, reopen: { type: 'boolean' } } });
  if (values.help) return void process.stdout.write(`${resolveHelp}\n`);
  const [link, commentId, ...extra] = positionals;
  if (!link || !commentId || extra.length > 0) throw new CliError('expected a link and one comment id (see share feedback resolve --help)', EXIT.usage);
  const comment = await resolveCommentOn(link, commentId, !values.reopen, values);
  process.stdout.write(values.json ? `${JSON.stringify(comment, null, 2)}\n` : `${values.reopen ? 'reopened' : 'resolved'} comment ${plain(comment.id, 60)} (${commentSummary(comment)})\n`);
}

/** `share feedback <link>`, `share feedback reply …`, `share feedback resolve …`. */
export async function feedback(argv: string[]): Promise<void> {
  if (argv[0] === 'reply') return reply(argv.slice(1));
  if (argv[0] === 'resolve') return resolveComment(argv.slice(1));
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...OPTIONS, all: { type: 'boolean' } } });
  if (values.help) return void process.stdout.write(`${feedbackHelp}\n`);
  if (positionals.length > 1) throw new CliError(`expected one link, got ${positionals.length}; to reply or resolve: share feedback reply|resolve <link> <comment id> (see share feedback --help)`, EXIT.usage);
  if (!positionals[0]) throw new CliError('expected a link or id (see share feedback --help)', EXIT.usage);
  const answer = await readFeedback(positionals[0], values);
  const all = values.all === true;
  process.stdout.write(`${values.json ? JSON.stringify(feedbackJson(answer, all), null, 2) : formatFeedback(answer, positionals[0], all)}\n`);
}
